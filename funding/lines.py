"""Funding lines: what a card or a candidacy states about a practice's funding, in the chain.

A line names a programme and, where the source gives them, an amount, a year and a note. It
becomes a grant (Agreement of kind contributo) of that programme to the practice's lead body,
linked to the practice, with only what the line states: the amount as assigned in its year (or,
with no year, as the practice's share) and no code. The publication loader and the publication
of candidacies both write lines through here, and read them back to compare.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Agreement, AgreementAmount, PracticeFunding, Programme
from .models.agreement import Stage


@dataclass(frozen=True)
class FundingLine:
    programme_id: int
    amount: Decimal | None = None
    year: int | None = None
    note: str = ""


def _is_line_agreement(agreement):
    """An agreement made from a line: a grant with nothing but what a line holds (no code, call,
    title or dates, at most one amount). Anything staff entered beyond that is theirs to keep."""
    return (agreement.kind == Agreement.Kind.GRANT and not agreement.code and not agreement.funding_call_id
            and not agreement.title and not (agreement.signed_on or agreement.starts_on or agreement.ends_on)
            and len(agreement.amounts.all()) <= 1)


def lines_of(practice):
    """The practice's funding as lines (agreements made otherwise are left out)."""
    result = []
    for link in practice.funding.select_related("agreement").prefetch_related("agreement__amounts"):
        agreement = link.agreement
        if not _is_line_agreement(agreement):
            continue
        amounts = list(agreement.amounts.all())
        if amounts:
            [amount] = amounts
            result.append(FundingLine(agreement.programme_id, amount.amount, amount.year, link.note))
        else:
            result.append(FundingLine(agreement.programme_id, link.amount, None, link.note))
    return result


def set_lines(practice, lines):
    """Replace the practice's line agreements with `lines`; agreements entered otherwise stay."""
    for link in practice.funding.select_related("agreement").prefetch_related("agreement__amounts"):
        agreement = link.agreement
        if not _is_line_agreement(agreement):
            continue
        link.delete()
        if not agreement.practice_links.exists():
            agreement.delete()
    start = practice.funding.count()
    for position, line in enumerate(lines, start=start):
        add_line(practice, line, position)


def add_line(practice, line, position=0):
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.GRANT, programme_id=line.programme_id, beneficiary_id=practice.lead_id,
    )
    dated = line.amount is not None and line.year is not None
    if dated:
        AgreementAmount.objects.create(agreement=agreement, year=line.year, stage=Stage.ASSIGNED, amount=line.amount)
    return PracticeFunding.objects.create(
        practice=practice, agreement=agreement, amount=None if dated else line.amount, note=line.note,
        position=position,
    )


def write_imported_lines(practice, lines):
    """The practice import's «finanziamenti» column (practices.resources registers this): lines of
    (programme name, level or None, amount, year, note); a programme not yet known is created."""
    wanted = []
    for name, level, amount, year, note in lines:
        programme = Programme.objects.filter(name=name).first() or Programme.objects.create(name=name, level=level)
        wanted.append(FundingLine(programme.pk, amount, year, note))
    set_lines(practice, wanted)
