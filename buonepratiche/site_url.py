"""The address links in e-mails start with: SITE_URL in production, the request's own in development.

An e-mail is read far from the page that sent it, so its links must be absolute. Production
declares its public address (SITE_URL, required there: checks.py); a development server, which
may run on any host and port, takes it from the request that causes the message, so a link never
points at an address the site does not answer on. E-mails are queued during that request (also
those sent on commit), so the middleware keeps the request at hand for the length of it.
"""

from contextvars import ContextVar

from django.conf import settings

_current_request = ContextVar("current_request", default=None)

# A development process with no request (a command run by hand) and no SITE_URL: runserver's own.
DEVELOPMENT_ORIGIN = "http://127.0.0.1:8000"


def site_origin():
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    request = _current_request.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEVELOPMENT_ORIGIN


def absolute_url(path):
    """`path` (from reverse() or get_absolute_url()) as a link to put in an e-mail."""
    return site_origin() + path


class RequestOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
