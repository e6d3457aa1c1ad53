"""A cap on the whole request body, checked before anything reads it.

Django caps the non-file fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file uploads to disk
whatever their size, and the attachment checks only run once the upload has been received. So
a request announcing a body bigger than the largest upload plus a margin for the form's other
fields is answered 413 at once, from its Content-Length, without reading a byte of it. The
proxy applies the same limit first (client_max_body_size, docs/deployment.md).
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_MB * 1024 * 1024:
            message = _("La richiesta supera la dimensione massima consentita di %(mb)s MB.") % {
                "mb": settings.MAX_REQUEST_MB}
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
            response["Connection"] = "close"
            return response
        return self.get_response(request)
