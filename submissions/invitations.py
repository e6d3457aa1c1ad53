"""New officer accounts get a link to choose their password (Django's reset tokens)."""

from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from buonepratiche.mail import queue_email
from buonepratiche.site_url import absolute_url
from identity.models import Identity


def send_invitation(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    identity = Identity.current()
    context = {
        "user": user, "identity": identity,
        "set_password_url": absolute_url(reverse("password_reset_confirm", args=[uid, token])),
        "login_url": absolute_url(reverse("login")),
        "bodies": [str(m.body) for m in user.body_memberships.select_related("body__comune")],
    }
    subject = " ".join(render_to_string("submissions/email/invitation_subject.txt", context).split())
    queue_email(subject, render_to_string("submissions/email/invitation_body.txt", context), [user.email],
                sender=identity.sender)
