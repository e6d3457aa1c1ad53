"""Sign-in pages in Italian and in the site's design, on Django's own auth views."""

import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext as _

from . import ratelimit
from .client import client_address
from .mail import queue_email
from .site_url import absolute_url

log = logging.getLogger(__name__)

# Where a user lands after login when no ?next= is given: each rule takes the user and answers a
# URL or None; the first URL wins, else LOGIN_REDIRECT_URL. Apps register their rules in
# ready() (submissions sends staff who act for no body to the back office), so this module
# imports no app above it.
LANDING_RULES = []


def register_landing_rule(rule):
    if rule not in LANDING_RULES:
        LANDING_RULES.append(rule)


def default_redirect_url(user):
    """Where `user` lands after signing in (and after the second factor) when no ?next= is given."""
    for rule in LANDING_RULES:
        url = rule(user)
        if url:
            return url
    return reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        return default_redirect_url(self.request.user)


class LogoutView(auth_views.LogoutView):
    """Signing out also empties what the site kept in this browser (the officer's unsaved text,
    static/js/autosave.js): on a shared computer the next person must not find it."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


class QueuedPasswordResetForm(PasswordResetForm):
    """The reset link leaves through the job queue like every other e-mail (buonepratiche/mail.py).

    Its templates are rendered with the request, so that the context processors give them the
    site's identity (its name and signature) as every page has it."""

    def save(self, *args, request=None, **kwargs):
        self._request = request
        return super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        request = getattr(self, "_request", None)
        subject = " ".join(render_to_string(subject_template_name, context, request=request).split())
        context["site_url"] = absolute_url("")  # SITE_URL in production, not whatever Host the request named
        queue_email(subject, render_to_string(email_template_name, context, request=request), [to_email])


class PasswordResetView(auth_views.PasswordResetView):
    """The reset answers the same whether or not the address belongs to an account; requests are
    limited per client address and per typed e-mail address (counted whether or not it exists, so
    the limit reveals nothing), so the form cannot be used to flood someone's mailbox."""

    form_class = QueuedPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        address = client_address(self.request)
        wait = (ratelimit.hit("password_reset_address", address)
                or ratelimit.hit("password_reset_account", form.cleaned_data["email"].strip().lower()))
        if wait is None:
            return super().form_valid(form)
        log.warning("Password reset throttled from %s", address or "-")
        minutes = max(1, -(-wait // 60))
        form.add_error(None, _("Troppe richieste di reimpostazione della password in poco tempo. "
                               "Riprova tra %(minutes)s minuti.") % {"minutes": minutes})
        # 429 so that clients and monitoring can tell a refusal from a sent link; the page is the
        # same form with the message, so a person knows what to do.
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(wait)
        return response


urlpatterns = [
    path("accesso/", LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("", include("buonepratiche.two_factor")),
    path("uscita/", LogoutView.as_view(), name="logout"),
    path("password/modifica/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/modifica/fatto/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reimposta/", PasswordResetView.as_view(), name="password_reset"),
    path("password/reimposta/inviata/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reimposta/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password/reimposta/completata/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
