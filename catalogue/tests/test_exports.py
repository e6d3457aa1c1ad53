"""The catalogue's downloads write every practice exactly as the back office resource does,
in the order asked for, with a number of queries that does not grow with the rows."""

import csv
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Value
from django.db.models.functions import Length, Lower
from django.utils import timezone, translation

from buonepratiche import markdown
from catalogue import export_rows as export_rows_module
from catalogue import exports
from catalogue.export_rows import TEXT_FIELDS, export_rows
from catalogue.exports import stream_csv, stream_json, xlsx_file
from funding.lines import FundingLine, add_line
from funding.models import Agreement, AgreementAmount, PracticeFunding, Programme
from practices.models import (
    Ambito,
    Body,
    Comune,
    DocumentKind,
    FundingLevel,
    InvolvementRole,
    PolicyArea,
    Practice,
    PracticeDocument,
    PracticeParticipant,
    Province,
    TargetGroup,
)
from practices.resources import PracticeResource

pytestmark = pytest.mark.django_db

FORMULAS = ["=HYPERLINK(\"http://example.org\";\"clic\")", "+39 080 123", "-1", "@SOMMA(A1)", "\tTab", "\rA capo"]


@pytest.fixture
def varied(publication):
    """The 21 real cards, 40 synthetic ones, and cards built to hold every kind of value:
    empty and None ones, an Ambito proposer whose province comes from its capofila and one with
    no province at all, partner comuni, nested lists out of name and id order, None amounts and
    years, quotes, commas, line breaks and would-be formulas in the text."""
    call_command("generate_practices", "40", "--seed", "5", stdout=io.StringIO())
    comuni = list(Comune.objects.order_by("istat_code"))
    level = FundingLevel.objects.order_by("pk").first()
    role = InvolvementRole.objects.order_by("pk").first()

    full = Practice.objects.create(
        title=FORMULAS[0], slug="tutto-pieno", lead=Body.objects.for_comune(comuni[0]), recipients=FORMULAS[2],
        intervention_area=FORMULAS[5],
        aims='Testo con "virgolette", virgole;\r\nrighe, àccènti e ✓', expected_results="",
        resources=FORMULAS[1], stakeholders=FORMULAS[3], improvements=FORMULAS[4],
        total_budget=Decimal("999999999999.99"), people_reached=0, start_year=2019, end_year=2024,
        summary='Sintesi con "virgolette";\nsu due righe', started_on=date(2019, 3, 1), ended_on=date(2024, 6, 30),
        publication_page=7, status=Practice.Status.CONCLUDED, educational_poverty=True, is_published=False,
        published_at=datetime(2024, 3, 31, 0, 30, tzinfo=UTC),  # an hour before summer time in Rome
    )
    # Lists whose order (the targets' default ordering) is neither their ids' nor their insertion's.
    abbazia = Comune.objects.create(istat_code="071999", name="Abbazia di prova", province=comuni[0].province)
    for position, comune in enumerate([comuni[-1], abbazia, comuni[0]]):
        PracticeParticipant.objects.create(practice=full, body=Body.objects.for_comune(comune), role=role,
                                           position=10 + position)
    for name, position in [("Zeta prima", 0), ("Beta pari", 50), ("Alfa pari", 50)]:
        PolicyArea.objects.create(name=name, slug=name.lower().replace(" ", "-"), position=position)
        TargetGroup.objects.create(name=name, slug=name.lower().replace(" ", "-"), position=position)
    full.areas.add(*PolicyArea.objects.order_by("-position", "-name"))
    full.target_groups.add(*TargetGroup.objects.order_by("-name")[:4])
    for name, amount, year, note in [
        ("Fondo con importo", Decimal("1234.5"), 2022, 'nota, "citata"\nsu due righe'),
        ("Fondo senza importo", None, None, ""),
        ("Fondo a zero", Decimal("0"), 2021, "| barra"),
    ]:
        programme = Programme.objects.create(name=name, slug=name.lower().replace(" ", "-"), level=level)
        add_line(full, FundingLine(programme.pk, amount, year, note), position=full.funding.count())
    # An agreement with its code and amounts over two years, linked for a share of it.
    coded = Agreement.objects.create(programme=programme, code="AV3-2016-PUG_12", beneficiary=None)
    AgreementAmount.objects.bulk_create([AgreementAmount(agreement=coded, year=2017, amount=Decimal("275338.66")),
                                         AgreementAmount(agreement=coded, year=2018, amount=Decimal("10"))])
    PracticeFunding.objects.create(practice=full, agreement=coded, position=full.funding.count())
    for position, (name, body_kind, body_role) in enumerate([
        ("Cooperativa =SOMMA(1)", Body.Kind.TERZO_SETTORE, None), ("Associazione, con virgola", Body.Kind.ALTRO, None),
        ("Ente \"B\"", Body.Kind.FONDAZIONE, role),
    ]):
        PracticeParticipant.objects.create(practice=full, body=Body.objects.create(name=name, kind=body_kind),
                                           role=body_role, position=2 - position)
    # Link documents out of id order; an uploaded file, which the documents column leaves out.
    for position, (kind_slug, title, url) in enumerate([
        ("delibera", "Delibera n. 12, «virgolette», righe\nlunghe", "https://example.org/delibera.pdf"),
        ("avviso", "=Avviso", "https://example.org/avviso?a=1&b=2"),
    ]):
        PracticeDocument.objects.create(practice=full, kind=DocumentKind.objects.get(slug=kind_slug), title=title,
                                        url=url, position=1 - position)
    PracticeDocument.objects.create(practice=full, kind=DocumentKind.objects.get(slug="altro"), title="Allegato",
                                    file="pratiche/tutto-pieno/allegato.pdf")

    via_capofila = Ambito.objects.create(name="Ambito senza provincia", slug="ambito-senza-provincia",
                                         capofila=Body.objects.for_comune(comuni[100]))
    nowhere = Ambito.objects.create(name="Ambito senza nulla", slug="ambito-senza-nulla")
    empty = dict(total_budget=None, people_reached=None, start_year=None, end_year=None, publication_page=None,
                 status="", published_at=None, tipologia=None, call=None, publication=None, expected_results="",
                 resources="")
    Practice.objects.create(title="Pratica vuota", slug="pratica-vuota", lead=Body.objects.for_ambito(via_capofila),
                            **empty)
    Practice.objects.create(title="Pratica di nessun luogo", slug="pratica-di-nessun-luogo",
                            lead=Body.objects.for_ambito(nowhere), **empty)
    Practice.objects.create(title="Pratica d'estate", slug="pratica-d-estate", lead=Body.objects.for_comune(comuni[7]),
                            total_budget=Decimal("0.50"), published_at=datetime(2024, 7, 1, 22, 59, 59, tzinfo=UTC))
    assert Province.objects.filter(pk=via_capofila.capofila.province_id).exists()


def old_rows(queryset):
    """The oracle, the downloads as they were: each practice through the resource, field by field,
    with the card's text as plain text (the resource keeps its Markdown verbatim for re-import)."""
    resource = PracticeResource()
    fields = resource.get_export_fields()
    text = [resource.get_field_name(field) in TEXT_FIELDS for field in fields]
    yield resource.get_export_headers()
    for practice in resource.optimise(queryset).iterator(chunk_size=500):
        yield [markdown.plain(value) if is_text else value
               for value, is_text in zip((resource.export_field(field, practice) for field in fields), text)]


class _Echo:
    def write(self, value):
        return value


def old_csv(rows):
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    return "".join(writer.writerow([exports._safe(value) for value in row]) for row in rows)


def old_json(rows):
    headers, body = rows[0], rows[1:]
    return "[\n" + ",\n".join(json.dumps(dict(zip(headers, row)), ensure_ascii=False) for row in body) + "\n]\n"


def ordered():
    return Practice.objects.order_by("title", "pk")


@pytest.mark.parametrize("language, zone", [("it", None), ("en", "UTC")])
def test_rows_are_the_resources_rows(varied, language, zone):
    with translation.override(language), timezone.override(zone or timezone.get_default_timezone()):
        expected = list(old_rows(ordered()))
        assert list(export_rows(ordered())) == expected
    assert expected[0] == PracticeResource().get_export_headers()
    assert len(expected) == 1 + 21 + 40 + 4
    # Every column has values somewhere, and the optional ones are empty somewhere.
    for column, header in enumerate(expected[0]):
        values = {row[column] for row in expected[1:]}
        assert values - {""}, header
        if header not in ("identificativo", "titolo", "soggetto_proponente", "ente_capofila", "tipo_ente_capofila",
                          "poverta_educative", "pubblicata",
                          "ambito_intervento", "destinatari", "finalita", "modalita_realizzazione",
                          "risultati_conseguiti", "soggetti_coinvolti", "margini_miglioramento"):
            assert "" in values, header


def xlsx_cells(handle):
    sheet = openpyxl.load_workbook(handle).active
    return [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows()]


def test_csv_json_and_xlsx_are_the_resources_downloads(varied, monkeypatch):
    expected = list(old_rows(ordered()))

    assert "".join(stream_csv(ordered())) == old_csv(expected)
    assert "".join(stream_json(ordered())) == old_json(expected)

    cells = xlsx_cells(xlsx_file(ordered()))
    monkeypatch.setattr(exports, "export_rows", old_rows)
    assert cells == xlsx_cells(xlsx_file(ordered()))
    assert len(cells) == len(expected)


def test_csv_is_quoted_as_the_csv_module_quotes_it(monkeypatch):
    fields = [chr(code) for code in range(1, 128)] + [f"a{chr(code)}b" for code in range(128)]
    fields += ["", None, 42, Decimal("1.50"), '""', "\r\n", " spazio ", "àè ✓", "\u2028", "x" * 5000 + '"']
    rows = [fields, fields[::-1], fields[::7]]
    monkeypatch.setattr(exports, "export_rows", lambda queryset: iter(rows))
    assert "".join(stream_csv(None)) == old_csv(rows)


@pytest.mark.parametrize("ordering", [
    lambda qs: qs.order_by("-published_at", "title", "pk"),
    lambda qs: qs.order_by(Lower("title"), "pk"),
    lambda qs: qs.annotate(rank=Length("title")).order_by("-rank", "pk"),
    lambda qs: qs.filter(is_synthetic=True).annotate(rank=Value(1.0)).order_by("-rank", "-people_reached", "pk"),
])
def test_rows_follow_the_querysets_order_across_chunks(varied, monkeypatch, ordering):
    monkeypatch.setattr(export_rows_module, "CHUNK_SIZE", 7)
    queryset = ordering(Practice.objects.all())
    slugs = [row[0] for row in list(export_rows(queryset))[1:]]
    assert slugs == list(queryset.values_list("slug", flat=True))
    assert len(slugs) > 3 * 7


def test_queries_do_not_grow_with_the_rows(varied, monkeypatch, django_assert_num_queries):
    # The primary keys, then for each chunk the practices and one query per list (participants,
    # areas, target groups, link documents), and two for the funding columns (the links with
    # their agreements, the agreements' amounts).
    per_chunk = 7
    pks = list(Practice.objects.order_by("pk").values_list("pk", flat=True))
    for count in (10, 30, len(pks)):
        with django_assert_num_queries(1 + per_chunk):
            assert len(list(export_rows(Practice.objects.filter(pk__in=pks[:count])))) == 1 + count

    monkeypatch.setattr(export_rows_module, "CHUNK_SIZE", 10)
    for count in (10, 30, 60):
        with django_assert_num_queries(1 + per_chunk * count // 10):
            assert len(list(export_rows(Practice.objects.filter(pk__in=pks[:count])))) == 1 + count

    # Streamed: the first row is written after reading one chunk, not the whole result.
    with django_assert_num_queries(1 + per_chunk):
        rows = export_rows(Practice.objects.order_by("pk"))
        next(rows), next(rows)


def test_would_be_formulas_stay_text(varied):
    queryset = Practice.objects.filter(slug="tutto-pieno")
    csv_cells = next(csv.reader(io.StringIO("".join(stream_csv(queryset)).split("\r\n", 1)[1])))
    for formula in FORMULAS:
        # The title is written as is; the card's sections as plain text, which has no leading tab or CR.
        written = formula if formula == FORMULAS[0] else markdown.plain(formula)
        assert ("'" + written if written.startswith(exports.FORMULA_PREFIXES) else written) in csv_cells
        assert formula not in csv_cells

    json_row = json.loads("".join(stream_json(queryset)))[0]
    assert json_row["titolo"] == FORMULAS[0]  # data for programs, kept as is

    sheet = openpyxl.load_workbook(xlsx_file(queryset)).active
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert FORMULAS[0] in [cell.value for cell in cells]
    assert {cell.data_type for cell in cells} <= {"s", "inlineStr"}  # text, never "f"


def test_every_formula_prefix_is_neutralised(monkeypatch):
    rows = [["titolo"], ["=1+2"], ["+1"], ["-1"], ["@A1"], ["\tx"], ["\rx"], ["\x00x"], ["a=1"]]
    monkeypatch.setattr(exports, "export_rows", lambda queryset: iter(rows))
    assert list(csv.reader(io.StringIO("".join(stream_csv(None)), newline=""))) == [
        ["titolo"], ["'=1+2"], ["'+1"], ["'-1"], ["'@A1"], ["'\tx"], ["'\rx"], ["'\x00x"], ["a=1"],
    ]


def test_a_resource_column_the_downloads_cannot_write_is_refused(monkeypatch):
    monkeypatch.setattr(PracticeResource, "dehydrate_title", lambda self, practice: practice.title.upper(),
                        raising=False)
    with pytest.raises(NotImplementedError, match="title"):
        export_rows(Practice.objects.none())
