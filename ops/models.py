"""What the scheduler remembers: which schedule was started for which period.

The unique pair (schedule, period) is the whole of the coordination between several scheduler
processes (one per app server, or two started by mistake): each tries to insert the row for the
current period, the database lets exactly one succeed, and only that one enqueues the job.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    schedule = models.CharField(_("programmazione"), max_length=64)
    period_start = models.DateTimeField(_("inizio del periodo"))
    job_id = models.CharField(_("lavoro"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("avviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("esecuzione programmata")
        verbose_name_plural = _("esecuzioni programmate")
        ordering = ["-period_start", "schedule"]
        constraints = [models.UniqueConstraint(fields=["schedule", "period_start"], name="one_run_per_period")]

    def __str__(self):
        return f"{self.schedule} @ {self.period_start:%Y-%m-%d %H:%M}"
