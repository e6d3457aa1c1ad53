"""Admitted candidacies into the public catalogue: one practice per candidacy, kept in step.
The workflow's publish and unpublish effects call these (practice_owner.py routes the back
office's publish actions on such practices through the workflow)."""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from practices.models import (
    Body,
    FundingEntry,
    FundingProgramme,
    InvolvementRole,
    Practice,
    PracticeDocument,
    PracticeParticipant,
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
    programme = FundingProgramme.objects.filter(name__iexact=name).first()
    if programme:
        return programme
    return FundingProgramme.objects.create(
        name=name, slug=_unique_programme_slug(name), level=entry.level or _default_level(),
    )


def _unique_programme_slug(name):
    base = slugify(name)[:100] or "linea"
    slug, n = base, 2
    while FundingProgramme.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _default_level():
    from practices.models import FundingLevel

    return FundingLevel.objects.order_by("position").first()


def publish_practice(candidacy, now):
    """Create or refresh the candidacy's practice with everything it holds, and publish it."""
    practice = candidacy.practice or Practice(slug=_unique_slug(candidacy.title))
    practice.title = candidacy.title
    practice.lead = candidacy.lead or (Body.objects.for_comune(candidacy.proposing_comune)
                                       if candidacy.proposing_comune_id
                                       else Body.objects.for_ambito(candidacy.proposing_ambito))
    for name in CARD_SECTION_FIELDS:
        setattr(practice, name, getattr(candidacy, name))
    practice.call = candidacy.call
    practice.tipologia = candidacy.tipologia
    for flag, _label in PRACTICE_FLAGS:
        setattr(practice, flag, candidacy.type.practice_flag == flag)
    practice.start_year = candidacy.start_year
    practice.end_year = candidacy.end_year
    practice.status = candidacy.status
    practice.people_reached = candidacy.people_reached
    practice.total_budget = candidacy.total_budget
    practice.full_clean(exclude=["slug"])
    practice.save()
    practice.areas.set(candidacy.areas.all())
    practice.target_groups.set(candidacy.target_groups.all())

    practice.funding.all().delete()
    FundingEntry.objects.bulk_create(
        FundingEntry(practice=practice, programme=_programme(entry), amount=entry.amount, year=entry.year,
                     note=entry.note)
        for entry in candidacy.funding.select_related("programme", "level")
    )
    practice.participants.all().delete()
    partner = InvolvementRole.objects.filter(slug="partner").first()
    participants = [(Body.objects.for_comune(comune), partner) for comune in candidacy.partner_comuni.all()]
    for item in candidacy.organisations.select_related("role"):
        body = (Body.objects.filter(name=item.name.strip()).exclude(kind__in=[Body.Kind.COMUNE, Body.Kind.AMBITO])
                .first() or Body.objects.create(kind=Body.Kind.ALTRO, name=item.name.strip()))
        participants.append((body, item.role))
    PracticeParticipant.objects.bulk_create(
        PracticeParticipant(practice=practice, body=body, role=role, position=position)
        for position, (body, role) in enumerate(dict.fromkeys(participants))
    )
    practice.refresh_participant_names()
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
