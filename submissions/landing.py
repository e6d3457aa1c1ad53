"""Where staff land after login: the officers' area would only tell someone who acts for no
body that they are not an officer, so such staff go to the back office instead. Registered
with buonepratiche.accounts by SubmissionsConfig.ready()."""

from django.urls import reverse

from .models import BodyMembership


def staff_without_body(user):
    if user.is_staff and not BodyMembership.objects.for_user(user).exists():
        return reverse("admin:index")
    return None
