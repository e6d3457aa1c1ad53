"""Logins, failed logins and lockouts counted as they happen (buonepratiche/metrics.py)."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from buonepratiche import metrics


@receiver(user_logged_in)
def count_login(**kwargs):
    metrics.LOGINS.labels("success").inc()


@receiver(user_login_failed)
def count_failed_login(**kwargs):
    metrics.LOGINS.labels("failure").inc()


@receiver(user_locked_out)
def count_lockout(**kwargs):
    metrics.LOCKOUTS.inc()
