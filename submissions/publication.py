"""Admitted candidacies into the public catalogue: one practice per candidacy, kept in step.
The workflow's publish and unpublish effects call these (practice_owner.py routes the back
office's publish actions on such practices through the workflow)."""

from django.core.files.base import ContentFile
from django.utils.text import slugify

from funding.lines import FundingLine, set_lines
from funding.models import Programme
from practices.models import (
    Body,
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
    practice.lead = candidacy.lead
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

    # Each line becomes a grant of its programme to the practice's lead (funding/lines.py).
    set_lines(practice, [
        FundingLine(_programme(entry).pk, entry.amount, entry.year, entry.note)
        for entry in candidacy.funding.select_related("programme", "level")
    ])
    _participants(candidacy, practice)
    _copy_attachments(candidacy, practice)

    if candidacy.practice_id != practice.pk:
        candidacy.practice = practice
    practice.publish(when=now)
    return practice


def _organisation_body(item):
    """The body a typed organisation stands for: the existing body of that name and kind, or a
    new one."""
    name = item.name.strip()
    kind = item.kind or Body.Kind.ALTRO
    return (Body.objects.filter(name__iexact=name, kind=kind).order_by("pk").first()
            or Body.objects.create(name=name, kind=kind))


def _participants(candidacy, practice):
    """The practice's participants: the partner bodies, then the typed organisations (now bodies),
    each in its role and in the order the officer gave."""
    practice.participants.all().delete()
    rows = [(p.body, p.role) for p in candidacy.partners.select_related("body", "role")]
    rows += [(_organisation_body(o), o.role) for o in candidacy.organisations.select_related("role")]
    seen = set()
    for position, (body, role) in enumerate(rows):
        if (body.pk, role) in seen or body.pk == practice.lead_id:
            continue
        seen.add((body.pk, role))
        PracticeParticipant.objects.create(practice=practice, body=body, role=role, position=position)


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
