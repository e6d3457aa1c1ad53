"""The client's address, the one thing login lockouts, rate limits and logs key on.

X-Forwarded-For is a list any client can start with whatever it likes; only the entries that
our own proxies appended can be trusted. With TRUSTED_PROXY_COUNT = N (the proxies in front of
the app, each appending the address it received the request from), the client is the N-th
entry from the right; with 0 (the default: the app is reached directly) the header is ignored
and REMOTE_ADDR is the client. Counting from the right means a forged prefix never matters.
"""

import ipaddress

from django.conf import settings


def _valid(value):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:443"
        value = value.split(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request):
    """The trusted client address of `request` (a string, "" when none can be told)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer hops than proxies: the request did not come through all of them (or a proxy
        # dropped the header); the nearest address we can see is the only honest answer.
        return remote
    return _valid(hops[-count]) or remote


def axes_client_address(request):
    """django-axes' AXES_CLIENT_IP_CALLABLE."""
    return client_address(request)
