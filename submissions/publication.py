"""Admitted candidacies into the public catalogue: one practice per candidacy, kept in step.
The workflow's publish and unpublish effects call these (practice_owner.py routes the back
office's publish actions on such practices through the workflow)."""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from funding.lines import FundingLine, set_lines
from funding.models import Programme
from practices.models import (
    Organisation,
    Practice,
    PracticeDocument,
    PracticeOrganisation,
)
from practices.models import CARD_SECTION_FIELDS, PRACTICE_FLAGS


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:100] or "pratica"
    slug, n = base, 2
    while Practice.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _programme(entry):
    if entry.programme_id:
        return entry.programme
    name = entry.other_programme.strip()
    programme = Programme.objects.filter(name__iexact=name).first()
    if programme:
        return programme
    return Programme.objects.create(name=name, level=entry.level or _default_level())


def _default_level():
    from practices.models import FundingLevel

    return FundingLevel.objects.order_by("position").first()


def publish_practice(candidacy, now):
    """Create or refresh the candidacy's practice with everything it holds, and publish it."""
    practice = candidacy.practice or Practice(slug=_unique_slug(candidacy.title))
    practice.title = candidacy.title
    practice.proposing_comune = candidacy.proposing_comune
    practice.proposing_ambito = candidacy.proposing_ambito
    for name in ("summary", *CARD_SECTION_FIELDS):
        setattr(practice, name, getattr(candidacy, name))
    practice.call = candidacy.call
    practice.tipologia = candidacy.tipologia
    for flag, _label in PRACTICE_FLAGS:
        setattr(practice, flag, candidacy.type.practice_flag == flag)
    practice.start_year = candidacy.start_year
    practice.end_year = candidacy.end_year
    practice.started_on = candidacy.started_on
    practice.ended_on = candidacy.ended_on
    practice.status = candidacy.status
    practice.people_reached = candidacy.people_reached
    practice.total_budget = candidacy.total_budget
    practice.full_clean(exclude=["slug"])
    practice.save()
    practice.areas.set(candidacy.areas.all())
    practice.target_groups.set(candidacy.target_groups.all())
    practice.partner_comuni.set(candidacy.partner_comuni.all())

    # Each line becomes a grant of its programme to the practice's lead (funding/lines.py).
    set_lines(practice, [
        FundingLine(_programme(entry).pk, entry.amount, entry.year, entry.note)
        for entry in candidacy.funding.select_related("programme", "level")
    ])
    practice.involvements.all().delete()
    for position, item in enumerate(candidacy.organisations.select_related("kind", "role")):
        organisation, _created = Organisation.objects.get_or_create(
            name=item.name.strip(), defaults={"kind": item.kind},
        )
        PracticeOrganisation.objects.get_or_create(
            practice=practice, organisation=organisation, defaults={"role": item.role, "position": position},
        )
    _copy_attachments(candidacy, practice)

    if candidacy.practice_id != practice.pk:
        candidacy.practice = practice
    practice.publish(when=now)
    return practice


def _copy_attachments(candidacy, practice):
    """Public copies of the attachments: the private originals stay with the candidacy."""
    for document in practice.documents.all():
        if document.file:
            document.file.delete(save=False)
        document.delete()
    for position, attachment in enumerate(candidacy.attachments.filter(publishable=True).select_related("kind")):
        with attachment.file.open("rb") as source:
            content = ContentFile(source.read())
        document = PracticeDocument(practice=practice, kind=attachment.kind, title=attachment.title,
                                    position=position)
        document.file.save(attachment.original_name, content, save=False)
        document.save()
