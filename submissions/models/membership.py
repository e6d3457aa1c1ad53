"""Who belongs to which proposing body: the basis of every officer permission."""

from django.conf import settings
from django.contrib.auth.models import User, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class BodyMembership(TextGuard, models.Model):
    """An account that acts for a body (any kind: a Comune, an Ambito, a cooperative…): its
    officers (referenti), and staff who work for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="body_memberships", verbose_name=_("utente"),
    )
    body = models.ForeignKey("practices.Body", models.PROTECT, related_name="memberships", verbose_name=_("ente"))
    role = models.CharField(_("ruolo nell'ente"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appartenenza a un ente")
        verbose_name_plural = _("appartenenze agli enti")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="membership_body_once",
                                    violation_error_message=_("L'utente appartiene già a questo ente.")),
        ]

    def __str__(self):
        return f"{self.user} – {self.body}"


def bodies_of(user):
    """The ids of the bodies a user acts for."""
    return list(BodyMembership.objects.for_user(user).values_list("body_id", flat=True))


class OfficerManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().filter(is_staff=False, is_superuser=False)


class Officer(User):
    """A referente's account, as ANCI staff manage it: no staff rights, only bodies to act for."""

    objects = OfficerManager()

    class Meta:
        proxy = True
        verbose_name = _("referente")
        verbose_name_plural = _("referenti degli enti")
