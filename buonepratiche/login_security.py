"""Sign-in defences that must never hand an attacker a switch to lock someone else out.

django-axes counts wrong passwords per pair (account, trusted client address): failures from
one address never block the same account from another. After AXES_FAILURE_LIMIT failures the
pair waits LOGIN_BACKOFF_BASE_MINUTES; every further failure, during the wait or after it,
doubles the wait (capped), so guessing gets slower and slower while the owner, from their own
address, gets in. A pair's count is forgotten after a successful login or
LOGIN_BACKOFF_MEMORY_HOURS without failures.
Logs name the client address and a digest of the username, never the username itself
(personal data) nor the password.
"""

import hashlib
import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _



def username_digest(username):
    """A stable, non-reversible label for an account in logs."""
    if not username:
        return "-"
    return "u:" + hashlib.sha256(f"{settings.SECRET_KEY}:{username}".encode()).hexdigest()[:12]


def cool_off(request=None):
    """AXES_COOLOFF_TIME: the wait for this request's pair, doubling with each failure past the limit."""
    base = timedelta(minutes=settings.LOGIN_BACKOFF_BASE_MINUTES)
    ip_address = getattr(request, "axes_ip_address", None)
    if ip_address is None:
        return base
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    failures = AccessAttempt.objects.filter(
        username=get_client_username(request), ip_address=ip_address,
    ).aggregate(total=Sum("failures_since_start"))["total"] or 0
    excess = max(0, failures - settings.AXES_FAILURE_LIMIT)
    cap = timedelta(minutes=settings.LOGIN_BACKOFF_MAX_MINUTES)
    # 2**excess grows fast; stop doubling once past the cap.
    return min(base * 2 ** min(excess, 32), cap)


class BackoffHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes' database handler (shared by every worker), keeping a pair's failures
    after its wait is over. Axes would delete them then, and the next failure would start again
    from zero: five guesses every few minutes forever, instead of a wait that keeps doubling."""

    def clean_expired_user_attempts(self, request=None, credentials=None):
        from axes.models import AccessAttempt

        threshold = timezone.now() - timedelta(hours=settings.LOGIN_BACKOFF_MEMORY_HOURS)
        count, _deleted = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying when this address may try again."""
    wait = cool_off(request)
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    retry_at = timezone.localtime(timezone.now() + wait)
    response = render(request, "registration/locked_out.html", {
        "minutes": minutes, "retry_at": retry_at,
    }, status=429)
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response


def client_str(username, ip_address, user_agent, path_info, request):
    """AXES_CLIENT_STR_CALLABLE: what axes writes in its log lines."""
    return f"{username_digest(username)} from {ip_address} on {path_info}"


def wants_json(request):
    """Whether the request comes from a script asking for JSON (autosave), not from a page."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def session_expired_json():
    """What a script gets instead of a redirect to the login page when the session is over: a
    redirect would hand it the login page's HTML, and the person would never be told. The page
    that runs the script knows where to sign in and where to come back to."""
    return JsonResponse({
        "error": "session_expired",
        "message": _("La sessione è scaduta: accedi di nuovo per continuare."),
    }, status=401)


class IdleTimeoutMiddleware:
    """Log out a session left idle too long: staff after SESSION_IDLE_MINUTES_STAFF, others after
    SESSION_IDLE_MINUTES, besides the absolute SESSION_COOKIE_AGE. The next request goes to the
    login page with a message and its own address as `next`."""

    KEY = "last_activity"
    # Storing the time on every request would write the session on every request; a minute's
    # precision is plenty for a timeout counted in tens of minutes.
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            last = request.session.get(self.KEY)
            idle = settings.SESSION_IDLE_MINUTES_STAFF if user.is_staff else settings.SESSION_IDLE_MINUTES
            if last is not None and now - last > idle * 60:
                logout(request)
                if wants_json(request):
                    return session_expired_json()
                messages.info(request, _("La sessione è scaduta dopo %(minutes)s minuti di inattività: "
                                         "accedi di nuovo per continuare.") % {"minutes": idle})
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= self.RESOLUTION:
                request.session[self.KEY] = now
        return self.get_response(request)

