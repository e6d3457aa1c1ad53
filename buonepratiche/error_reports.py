"""Error reports to Sentry (or a compatible service), only when SENTRY_DSN is set.

No personal data leaves the site: the SDK is told to collect none (`data_collection`, which in
sentry-sdk 2.x replaces the deprecated send_default_pii=False: no user, cookies, bodies, query
strings or local variables), and before_send removes what could still carry it: the user,
cookies, request bodies and headers other than a few technical ones, and any e-mail address
left in messages.
"""

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
FILTERED = "[rimosso]"
KEPT_HEADERS = {"accept", "accept-language", "content-type", "content-length", "host", "user-agent", "x-request-id"}


def _scrub_text(value):
    if isinstance(value, str):
        return EMAIL.sub(FILTERED, value)
    if isinstance(value, dict):
        return {key: _scrub_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_text(item) for item in value]
    return value


def before_send(event, hint):
    event.pop("user", None)
    request = event.get("request")
    if request:
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("query_string", None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    return _scrub_text(event)


def init(dsn, environment, release):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    off = {"mode": "off"}
    sentry_sdk.init(dsn=dsn, environment=environment, release=release, before_send=before_send,
                    integrations=[DjangoIntegration()],
                    data_collection={"user_info": False, "cookies": off, "http_bodies": [], "url_query_params": off,
                                     "database_query_data": False,
                                     # Local variables of a stack frame can hold anything a view handled.
                                     "stack_frame_variables": False})
