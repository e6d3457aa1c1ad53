"""Sending the messages the workflow's steps declare (states.py: each step's `emails`):
receipts, integration requests, decisions.

They are rendered here, after the step's commit, and delivered by a background job
(buonepratiche/mail.py), which retries a failed delivery.

Subjects and bodies are templates under templates/submissions/email/, in Italian.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from buonepratiche.mail import queue_email
from buonepratiche.site_url import absolute_url
from identity.models import Identity

from .states import Audience

logger = logging.getLogger(__name__)

def officer_recipients(candidacy):
    from .models import BodyMembership

    memberships = BodyMembership.objects.filter(body_id=candidacy.lead_id).select_related("user")
    addresses = [m.user.email for m in memberships if m.user.is_active and m.user.email]
    if candidacy.contact_email:
        addresses.append(candidacy.contact_email)
    return sorted(set(addresses))


def staff_recipients():
    if settings.SUBMISSIONS_STAFF_EMAILS:
        return list(settings.SUBMISSIONS_STAFF_EMAILS)
    reviewers = get_user_model().objects.filter(
        is_active=True, is_staff=True, groups__name=settings.REVIEWER_GROUP,
    ).exclude(email="")
    return sorted(set(reviewers.values_list("email", flat=True)))


def notify(event, messages):
    """Send `messages` (states.Email) about the history row `event`."""
    candidacy = event.candidacy
    identity = Identity.current()  # the name, operator and signature the messages speak with
    for message in messages:
        template = message.template
        recipients = officer_recipients(candidacy) if message.audience == Audience.OFFICER else staff_recipients()
        if not recipients:
            logger.warning("Nessun destinatario per %s della candidatura %s", template, candidacy.pk)
            continue
        context = {
            "candidacy": candidacy, "event": event, "call": candidacy.call, "identity": identity,
            "candidacy_url": absolute_url(candidacy.get_absolute_url()),
            "receipt_url": absolute_url(reverse("submissions:receipt", args=[candidacy.uuid])),
            "admin_url": absolute_url(reverse("admin:submissions_candidacy_change", args=[candidacy.pk])),
            "practice_url": absolute_url(candidacy.practice.get_absolute_url()) if candidacy.practice_id else "",
        }
        subject = " ".join(render_to_string(f"submissions/email/{template}_subject.txt", context).split())
        body = render_to_string(f"submissions/email/{template}_body.txt", context)
        queue_email(subject, body, recipients, sender=identity.sender)
