"""The ranking of a call's candidacies by weighted score, on screen and as XLSX."""

from decimal import Decimal

from django.db.models import DecimalField, F, Prefetch, Sum, Value
from django.db.models.functions import Coalesce

from buonepratiche.validators import strip_control_characters

from ..models import Candidacy, Score
from ..states import State


def weighted_total():
    return Coalesce(
        Sum(F("scores__value") * F("scores__criterion__weight"), output_field=DecimalField(max_digits=9,
                                                                                            decimal_places=2)),
        Value(Decimal("0")), output_field=DecimalField(max_digits=9, decimal_places=2),
    )


def ranking(call):
    """Submitted candidacies of the call, best first; each with .total and .by_criterion."""
    criteria = list(call.criteria.all())
    candidacies = (
        Candidacy.objects.filter(call=call).exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .select_related("type", "lead__comune", "reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .annotate(total=weighted_total())
        .order_by("-total", "first_submitted_at")
    )
    rows = []
    for position, candidacy in enumerate(candidacies, start=1):
        values = {s.criterion_id: s.value for s in candidacy.scores.all()}
        candidacy.position = position
        candidacy.by_criterion = [values.get(c.pk) for c in criteria]
        candidacy.complete = all(v is not None for v in candidacy.by_criterion)
        rows.append(candidacy)
    return criteria, rows


def ranking_workbook(call):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    criteria, rows = ranking(call)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Graduatoria"
    header = ["Posizione", "Protocollo", "Titolo", "Ente proponente", "Tipo", "Stato", "Istruttore",
              *[f"{c.name} (peso {c.weight})" for c in criteria], "Punteggio ponderato", "Valutazione completa"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([
            row.position, row.protocol_number, _safe(row.title), _safe(str(row.body_name)), row.type.name,
            row.get_state_display(), _safe(row.reviewer.get_full_name() or row.reviewer.get_username())
            if row.reviewer_id else "",
            *row.by_criterion, float(row.total), "sì" if row.complete else "no",
        ])
    sheet.freeze_panes = "A2"
    return workbook


def _safe(text):
    """Cells starting like a formula are kept as text, so a spreadsheet never runs them; control
    characters stored before they were refused are dropped (openpyxl would fail on them)."""
    text = strip_control_characters(str(text))
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
