from django.conf import settings


def site(request):
    return {"SHOW_SYNTHETIC_PRACTICES": settings.SHOW_SYNTHETIC_PRACTICES}
