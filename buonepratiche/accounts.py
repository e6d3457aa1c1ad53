"""Sign-in pages in Italian and in the site's design, on Django's own auth views."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy


# Where a user lands after login when no ?next= is given: each rule takes the user and answers a
# URL or None; the first URL wins, else LOGIN_REDIRECT_URL. Apps register their rules in
# ready() (submissions sends staff who act for no body to the back office), so this module
# imports no app above it.
LANDING_RULES = []


def register_landing_rule(rule):
    if rule not in LANDING_RULES:
        LANDING_RULES.append(rule)


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        for rule in LANDING_RULES:
            url = rule(self.request.user)
            if url:
                return url
        return super().get_default_redirect_url()


urlpatterns = [
    path("accesso/", LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uscita/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/modifica/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/modifica/fatto/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # The reset answers the same whether or not the address belongs to an account.
    path("password/reimposta/", auth_views.PasswordResetView.as_view(
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password_reset"),
    path("password/reimposta/inviata/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reimposta/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        success_url=reverse_lazy("password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password/reimposta/completata/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
