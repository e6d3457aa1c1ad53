"""Every e-mail the site sends leaves through the job queue: a slow or unreachable mail server
delays no request, and a failed delivery is retried and, in the end, visible in the admin
(buonepratiche/jobs.py), instead of being lost in a request's log.

The message is rendered when it is enqueued (the data as the request saw it); the job only
delivers it.
"""

from django.core.mail import send_mail

from .jobs import enqueue, job


@job
def send_email(subject, body, recipients, sender=None):
    # sender None: DEFAULT_FROM_EMAIL; the site's identity gives its own (identity.Identity.sender).
    send_mail(subject, body, sender, recipients)


def queue_email(subject, body, recipients, sender=None):
    return enqueue(send_email, subject, body, list(recipients), sender=sender)
