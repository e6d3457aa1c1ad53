"""Second factor at sign-in: a TOTP app code, or a one-time recovery code, after the password.

Staff (reviewers, the Region, superusers) must have one: a password alone opens no page of the
back office. Officers may turn it on from their area. A session that passed the password but not
the second factor is held at the code page (or, for staff without a device, at enrolment) until
it does, whatever URL it asks for: until then it has no more rights than a visitor. Devices and
verification come from django-otp; codes are throttled by django-otp (each wrong code doubles
the wait on that device) and by the per-account rate limit "two_factor".
"""

import logging

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import ratelimit
from .client import client_address
from .login_security import username_digest

log = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
RECOVERY_SESSION_KEY = "two_factor_recovery_codes"


def required(user):
    """Whether `user` must pass a second factor: always for staff, for others once they enrolled."""
    return user.is_staff or user_has_device(user, confirmed=True)


def _exempt_paths():
    return (reverse("two_factor_verify"), reverse("two_factor_enrol"), reverse("logout"),
            "/" + settings.STATIC_URL.lstrip("/"), reverse("health"))


class SecondFactorMiddleware:
    """Holds a half-signed-in session (password, no second factor) at the code or enrolment page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not user.is_verified() and not request.path.startswith(_exempt_paths())
                and required(user)):
            target = "two_factor_verify" if user_has_device(user, confirmed=True) else "two_factor_enrol"
            return redirect_to_login(request.get_full_path(), login_url=reverse(target))
        return self.get_response(request)


def _next_url(request):
    from .accounts import default_redirect_url

    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return candidate
    return default_redirect_url(request.user)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Codice"), max_length=32, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                                         "spellcheck": "false"}))


def _throttled(request, form):
    """Counts one attempt for the account; adds the Italian message and says so when over the limit."""
    wait = ratelimit.hit("two_factor", request.user.pk)
    if wait is None:
        return False
    minutes = max(1, -(-wait // 60))
    form.add_error(None, _("Troppi codici inseriti. Riprova tra %(minutes)s minuti.") % {"minutes": minutes})
    log.warning("Second factor throttled for %s from %s", username_digest(request.user.get_username()),
                client_address(request) or "-")
    return True


def _check(user, code):
    """The device that accepts `code` (a TOTP code, or a recovery code used up by this), or None."""
    code = code.replace(" ", "")
    devices = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in devices.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


@never_cache
@login_required
def verify(request):
    """After the password: the code from the app, or a recovery code."""
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _throttled(request, form):
            status = 429
        else:
            device = _check(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(request, _("Hai usato un codice di recupero: te ne restano %(count)s. "
                                                "Se hai perso il telefono chiedi all'amministratore di "
                                                "reimpostare la verifica in due passaggi.") % {"count": left})
                return redirect(_next_url(request))
            log.warning("Wrong second-factor code for %s from %s", username_digest(request.user.get_username()),
                        client_address(request) or "-")
            form.add_error("code", _("Codice non valido o scaduto. Riprova con il codice mostrato ora dall'app "
                                     "o con un codice di recupero."))
    return render(request, "registration/two_factor_verify.html",
                  {"form": form, "next": _next_url(request)}, status=status)


@never_cache
@login_required
def enrol(request):
    """Pair an authenticator app: QR code and secret, confirmed with a first code; then recovery codes."""
    user = request.user
    if user_has_device(user, confirmed=True):
        # Only a verified session may see this page once a device exists (which it then leaves
        # alone): a password alone must never be enough to pair another phone.
        return redirect("two_factor_verify" if not user.is_verified() else "two_factor_settings")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("App di autenticazione"), confirmed=False)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if _throttled(request, form):
            status = 429
        elif device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            codes = _activate(user, device)
            otp_login(request, device)
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect(f"{reverse('two_factor_recovery_codes')}?{urlencode({'next': _next_url(request)})}")
        else:
            form.add_error("code", _("Codice non valido: controlla che l'orario del telefono sia corretto e "
                                     "inserisci il codice mostrato ora dall'app."))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "registration/two_factor_enrol.html", {
        "form": form, "next": _next_url(request),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Codice QR da inquadrare")),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    }, status=status)


@transaction.atomic
def _activate(user, device):
    """Confirm `device` and issue fresh recovery codes, returned to be shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=_("Codici di recupero"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


@never_cache
@login_required
def recovery_codes(request):
    """The recovery codes, shown once right after enrolment."""
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return redirect(_next_url(request))
    return render(request, "registration/two_factor_recovery_codes.html",
                  {"codes": codes, "next": _next_url(request)})


@never_cache
@login_required
def settings_page(request):
    """Turn the second factor on (officers may) or off (officers only, with a current code)."""
    user = request.user
    enabled = user_has_device(user, confirmed=True)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and enabled and not user.is_staff and form.is_valid():
        if _throttled(request, form):
            status = 429
        elif _check(user, form.cleaned_data["code"]) is not None:
            reset(user)
            messages.success(request, _("Verifica in due passaggi disattivata."))
            return redirect("two_factor_settings")
        else:
            form.add_error("code", _("Codice non valido o scaduto."))
    return render(request, "registration/two_factor_settings.html",
                  {"form": form, "enabled": enabled}, status=status)


def reset(user):
    """Remove every second-factor device of `user` (lost phone, or an officer turning it off). Staff are
    asked to enrol again at their next page."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


urlpatterns = [
    path("accesso/verifica/", verify, name="two_factor_verify"),
    path("accesso/verifica/attivazione/", enrol, name="two_factor_enrol"),
    path("accesso/verifica/codici-di-recupero/", recovery_codes, name="two_factor_recovery_codes"),
    path("accesso/verifica-in-due-passaggi/", settings_page, name="two_factor_settings"),
]
