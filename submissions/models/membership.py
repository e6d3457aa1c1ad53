"""Who belongs to which proposing body: the basis of every officer permission."""

from django.conf import settings
from django.contrib.auth.models import User, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buonepratiche.validators import TextGuard


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class BodyMembership(TextGuard, models.Model):
    """An account that acts for a Comune or an Ambito: its officers (referenti), and staff who work for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="body_memberships", verbose_name=_("utente"),
    )
    comune = models.ForeignKey(
        "practices.Comune", models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("comune"),
    )
    ambito = models.ForeignKey(
        "practices.Ambito", models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("ambito"),
    )
    role = models.CharField(_("ruolo nell'ente"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appartenenza a un ente")
        verbose_name_plural = _("appartenenze agli enti")
        constraints = [
            models.CheckConstraint(
                condition=Q(comune__isnull=False, ambito__isnull=True) | Q(comune__isnull=True, ambito__isnull=False),
                name="membership_exactly_one_body",
                violation_error_message=_("Indicare un Comune oppure un Ambito."),
            ),
            models.UniqueConstraint(fields=["user", "comune"], name="membership_comune_once"),
            models.UniqueConstraint(fields=["user", "ambito"], name="membership_ambito_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.body_name}"

    @property
    def body(self):
        return self.comune or self.ambito

    @property
    def body_name(self):
        if self.comune_id:
            return _("Comune di %(name)s") % {"name": self.comune.name}
        return self.ambito.name if self.ambito_id else ""


def bodies_of(user):
    """The Comuni and Ambiti a user acts for, as two lists of ids."""
    rows = BodyMembership.objects.for_user(user).values_list("comune_id", "ambito_id")
    comuni = [c for c, _a in rows if c]
    ambiti = [a for _c, a in rows if a]
    return comuni, ambiti


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
