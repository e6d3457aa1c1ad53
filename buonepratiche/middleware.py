"""Response headers Django does not set by itself, and the interface language."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

# The site uses none of these browser features; denying them limits what injected or
# third-party code could do.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
    "gyroscope", "magnetometer", "microphone", "midi", "payment", "picture-in-picture", "publickey-credentials-get",
    "screen-wake-lock", "usb", "xr-spatial-tracking",
))


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# The admin, always in Italian (see SiteLanguageMiddleware).
BACK_OFFICE_PREFIX = "/admin/"


class SiteLanguageMiddleware:
    """Italian for every visitor until they choose another language with the header's switcher.

    Used instead of Django's LocaleMiddleware on purpose: that one follows the browser's
    Accept-Language, so a visitor whose browser happens to prefer English would land on an
    English site. This is an Italian public administration's site and its practices are
    written in Italian only; the language changes only when the visitor asks for it
    (django.views.i18n.set_language stores the choice in the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if request.path.startswith(BACK_OFFICE_PREFIX):
            # The back office has no language switcher and its own texts are Italian: a choice
            # made on the public pages would turn only Django's strings into English.
            chosen = None
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                pass
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # The same URL answers in either language, depending on the cookie.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


# Pages about one person (the officer's area, the admin, login and password pages): no browser,
# shared computer or proxy may keep a copy (ASVS 8.2.1, AgID minimum measures).
PRIVATE_PATH_PREFIXES = ("/candidature/", "/admin/", "/accesso/", "/uscita/", "/password/")


class PrivatePagesNoStoreMiddleware:
    """`Cache-Control: no-store, private` on the private URL groups and on every answer to a
    signed-in person (the header shows their name); anonymous public pages keep their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith(PRIVATE_PATH_PREFIXES) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
