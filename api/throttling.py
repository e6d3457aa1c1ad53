"""The API's per-client limit, counted by the same fixed window as search and exports."""

from rest_framework.throttling import BaseThrottle

from buonepratiche import ratelimit


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        self.retry_after = ratelimit.exceeded(request, "api")
        return self.retry_after is None

    def wait(self):
        return self.retry_after
