"""The 21 practices of «Le buone pratiche del welfare locale» (March 2024) and their loader.

The fidelity tests read the publication itself (fixtures/publication_2024/pubblicazione.md, a byte copy
of the text conversion of the PDF) with a parser of their own, so a mistake in practices.json cannot
hide behind the code that produced it.
"""

import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from funding.models import Agreement, AgreementAmount, PracticeFunding
from practices.models import (
    CARD_SECTION_FIELDS,
    Ambito,
    Body,
    Comune,
    Practice,
    PracticeParticipant,
    Publication,
)
from practices.publication_loader import DEFAULT_PATH
from calls.models import Call

pytestmark = pytest.mark.django_db

FOLDER = Path(settings.BASE_DIR) / "fixtures" / "publication_2024"
PUBLICATION_TEXT = (FOLDER / "pubblicazione.md").read_text(encoding="utf-8")

# Card labels as the publication prints them (its wording varies from card to card).
LABELS = {
    "ambito d'intervento": "intervention_area",
    "ambito dell'intervento": "intervention_area",
    "ambito di intervento": "intervention_area",
    "ambito intervento": "intervention_area",
    "destinatari": "recipients",
    "finalità": "aims",
    "modalità di realizzazione": "implementation",
    "risultati attesi": "expected_results",
    "risultati conseguiti": "achieved_results",
    "risorse impiegate": "resources",
    "risorse impegnate": "resources",
    "soggetti coinvolti": "stakeholders",
    "margini di miglioramento": "improvements",
}
# Card headings are level-2 ("## COMUNE DI ANDRIA", "## **AMBITO DI FASANO**"); the sommario uses
# level 3 or HTML, so this only matches the cards.
CARD_HEADING = re.compile(r"^## \**((COMUNE|AMBITO) DI ([^*]+?))\**[ \t]*$", re.M)
SECTION_LABEL = re.compile(r"^\*\*([^*]+?):\*\*")
# Three or more blank lines end a card: that is how the colophon after the last card is left out.
# (Troia's card has a blank line and a line holding a lone space between two bullets: not an end.)
CARD_END = re.compile(r"\n(?:[ \t]*\n){3,}")


def collapse(text):
    return " ".join(text.split())


def parse_cards():
    """[(proposer heading, title heading, {field: printed text})] in the order they are printed."""
    headings = list(CARD_HEADING.finditer(PUBLICATION_TEXT))
    cards = []
    for i, match in enumerate(headings):
        stop = headings[i + 1].start() if i + 1 < len(headings) else len(PUBLICATION_TEXT)
        body = PUBLICATION_TEXT[match.end():stop].lstrip("\n")
        end = CARD_END.search(body)
        body = body[:end.start()] if end else body
        title_line, *lines = body.split("\n")
        sections, current = {}, None
        for line in lines:
            label = SECTION_LABEL.match(line)
            if label:
                current = LABELS[label.group(1).strip().lower()]  # an unknown label fails here, loudly
                assert current not in sections, (match.group(1), current)
                sections[current] = line[label.end():]
            else:
                assert current or not line.strip(), f"testo fuori sezione in {match.group(1)}: {line!r}"
                if current:
                    sections[current] += "\n" + line
        cards.append((match.group(1).strip(), title_line.strip("#* \t"), sections))
    return cards


def sommario_pages():
    sommario = PUBLICATION_TEXT[PUBLICATION_TEXT.index("## Sommario"):CARD_HEADING.search(PUBLICATION_TEXT).start()]
    return [int(n) for n in re.findall(r"(?:pag\.|»)\s*(\d+)", sommario)]


def normalise_title(text):
    """The minimum that lets a sentence-case title be compared with the capitalised heading.

    Case is ignored; asterisks are Markdown; Andria's heading ends with an unbalanced closing quote;
    headings space dashes inconsistently ("SOS DIPENDENZE- Statt Tu", "3- 18", "–" or "-").
    """
    text = text.replace("*", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    return collapse(text).casefold()


CARDS = parse_cards()


def practices_in_print_order():
    return list(Practice.objects.order_by("publication_page").select_related(
        "lead__comune", "lead__ambito", "publication", "call"))


def printed_pairs():
    practices = practices_in_print_order()
    assert len(practices) == len(CARDS)
    return list(zip(CARDS, practices))


def snapshot():
    result = {}
    for p in Practice.objects.all():
        result[p.slug] = (
            {f.attname: getattr(p, f.attname) for f in Practice._meta.concrete_fields if f.name != "id"},
            sorted(p.areas.values_list("slug", flat=True)),
            sorted(p.target_groups.values_list("slug", flat=True)),
            [(link.agreement.programme.slug, *link.as_line()[2:]) for link in p.funding.order_by("id")],
            list(p.participants.values_list("body__slug", "role__slug", "position")),
        )
    return result


def run(*args):
    out = io.StringIO()
    call_command("load_publication", *args, stdout=out)
    return out.getvalue()


# --- the publication as parsed ----------------------------------------------------------------


def test_the_parser_finds_the_21_cards_of_the_sommario():
    assert len(CARDS) == 21
    assert sommario_pages() == list(range(13, 54, 2))
    assert sum(1 for heading, _t, _s in CARDS if heading.startswith("COMUNE DI")) == 12
    assert sum(1 for heading, _t, _s in CARDS if heading.startswith("AMBITO DI")) == 9


def test_the_json_follows_the_sommario():
    data = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    assert [p["page"] for p in data["practices"]] == sommario_pages()
    assert len({p["slug"] for p in data["practices"]}) == 21


# --- loading ------------------------------------------------------------------------------------


def test_21_practices_are_published_with_their_page_and_publication(publication):
    pub = Publication.objects.get(slug="buone-pratiche-welfare-locale-2024")
    assert pub.closed_on == dt.date(2024, 3, 12) and pub.year == 2024
    call = Call.objects.get(slug="avviso-buone-pratiche-2023")
    assert "634 del 30.5.2023" in call.act and call.region.istat_code == "16"
    noon = dt.datetime(2024, 3, 12, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))
    practices = practices_in_print_order()
    assert len(practices) == 21
    assert [p.publication_page for p in practices] == sommario_pages()
    for practice in practices:
        assert practice.is_published and not practice.is_synthetic
        assert practice.published_at == noon
        assert practice.publication == pub and practice.call == call
        assert practice.tipologia_id and 1 <= practice.areas.count() <= 3 and practice.target_groups.exists()
    assert Practice.objects.published().count() == 21


def test_every_section_is_the_printed_text_and_only_what_is_printed(publication):
    for (heading, _title, printed), practice in printed_pairs():
        stored = {name: getattr(practice, name) for name in CARD_SECTION_FIELDS if getattr(practice, name)}
        assert stored.keys() == printed.keys(), heading
        for name, text in printed.items():
            assert collapse(stored[name]) == collapse(text), (heading, name)


def test_titles_are_the_card_headings_in_sentence_case(publication):
    for (heading, title, _sections), practice in printed_pairs():
        assert normalise_title(practice.title) == normalise_title(title), heading
        assert practice.title != practice.title.upper(), heading
        assert practice.title[0].isupper(), heading


def test_paragraphs_and_bullets_survive(publication):
    troia = Practice.objects.get(lead__ambito__name="Ambito di Troia")
    intro, bullets = troia.implementation.split("\n\n")  # one list, no stray gap between its items
    assert intro == "Il progetto si articola attraverso diverse azioni:"
    assert len(bullets.split("\n")) == 5 and all(line.startswith("- ") for line in bullets.split("\n"))
    maglie = Practice.objects.get(lead__ambito__name="Ambito di Maglie")
    assert len(maglie.implementation.split("\n\n")) == 5
    casa = Practice.objects.get(lead__comune__name="Bari", publication_page=15)
    assert len(casa.improvements.split("\n\n")) == 3


def test_page_breaks_are_rejoined_and_no_artefacts_remain(publication):
    for practice in Practice.objects.all():
        for name in CARD_SECTION_FIELDS:
            text = getattr(practice, name)
            if not text:
                continue
            assert text == text.strip() and "\n\n\n" not in text and "**" not in text, (practice.slug, name)
            assert all(line == line.strip() for line in text.split("\n")), (practice.slug, name)
            paragraphs = text.split("\n\n")
            for before, after in zip(paragraphs, paragraphs[1:]):
                # A paragraph that stops mid-sentence before a lower-case one is a page break left in.
                assert not (before[-1].isalnum() or before[-1] == ",") or not after[0].islower(), (
                    practice.slug, name, before[-40:], after[:40])
    matino = Practice.objects.get(slug="matino-matinocamp-2023")
    assert "dal lunedì al venerdì, dalle 8:00 alle 13:30" in matino.implementation


def test_proposers_are_as_printed(publication):
    """Each card's heading names its lead: the Comune's or the Ambito's own body."""
    for (heading, _title, _sections), practice in printed_pairs():
        kind, place = heading.split(" DI ", 1)
        if kind == "COMUNE":
            assert practice.lead.kind == Body.Kind.COMUNE and practice.lead.comune.name.upper() == place, heading
        else:
            assert practice.lead.kind == Body.Kind.AMBITO, heading
            assert practice.lead.ambito.name.upper() == f"AMBITO DI {place}", heading
    assert Practice.objects.get(slug="andria-equipe-multidisciplinare-abuso-maltrattamento").lead.comune.name \
        == "Andria"
    assert Practice.objects.get(publication_page=23).lead.ambito.name == "Ambito di Conversano"
    assert Practice.objects.filter(lead__kind=Body.Kind.COMUNE).count() == 12
    assert Practice.objects.filter(lead__kind=Body.Kind.AMBITO).count() == 9


STATED_MEMBERS = {
    "Ambito di Corato": {"Corato", "Ruvo di Puglia", "Terlizzi"},
    "Ambito di Fasano": {"Fasano", "Ostuni", "Cisternino"},
    "Ambito di Modugno": {"Modugno", "Bitetto", "Bitritto"},
    "Ambito di Molfetta": {"Molfetta", "Giovinazzo"},
}


def test_ambiti_hold_only_the_members_the_publication_states(publication):
    ambiti = Ambito.objects.select_related("capofila__province", "province")
    assert {a.name for a in ambiti} == {
        "Ambito di Brindisi", "Ambito di Conversano", "Ambito di Corato", "Ambito di Fasano",
        "Ambito di Francavilla Fontana", "Ambito di Galatina", "Ambito di Gioia del Colle", "Ambito di Maglie",
        "Ambito di Mesagne", "Ambito di Modugno", "Ambito di Molfetta", "Ambito di Troia",
    }
    for ambito in ambiti:
        # In Puglia an Ambito is named after its capofila.
        assert ambito.name == f"Ambito di {ambito.capofila.name}"
        assert ambito.province == ambito.capofila.province
        members = set(ambito.members.values_list("name", flat=True))
        assert members == STATED_MEMBERS.get(ambito.name, {ambito.capofila.name}), ambito.name
    codes = dict(Ambito.objects.exclude(code="").values_list("name", "code"))
    assert codes == {"Ambito di Brindisi": "1", "Ambito di Fasano": "2", "Ambito di Francavilla Fontana": "3",
                     "Ambito di Mesagne": "4"}


def test_a_comune_practice_derives_its_ambito(publication):
    ruvo = Practice.objects.get(lead__comune__name="Ruvo di Puglia")
    assert ruvo.ambito.name == "Ambito di Corato"
    assert "Ambito di Corato" in ruvo.place_names
    assert Practice.objects.get(lead__comune__name="Molfetta").ambito.name == "Ambito di Molfetta"


def test_named_funding_and_participants(publication):
    cerignola = Practice.objects.get(lead__comune__name="Cerignola")
    [por] = [link.agreement.programme for link in cerignola.funding.all()]
    assert "Azione 9.6" in por.name and por.level.slug == "regionale"
    # "Comune di Foggia" is the Comune of Foggia's own body, not an organisation of that name.
    assert [(str(p.body), p.body.kind, p.role.slug) for p in cerignola.participants.select_related(
        "body__comune", "role")] == [
        ("Comune di Foggia", Body.Kind.COMUNE, "partner"),
        ("Centro Servizi Volontariato di Foggia", Body.Kind.TERZO_SETTORE, "partner"),
        ("Altereco", Body.Kind.TERZO_SETTORE, "partner"), ("Medtraining", Body.Kind.TERZO_SETTORE, "partner"),
    ]
    assert cerignola.participants.get(body__kind=Body.Kind.COMUNE).body.comune.istat_code == "071024"
    assert not Body.objects.filter(name="Comune di Foggia").exists()
    francavilla = Practice.objects.get(lead__ambito__name="Ambito di Francavilla Fontana")
    [brindisi] = francavilla.participants.select_related("body__province", "role")
    assert (brindisi.body.name, brindisi.body.kind, brindisi.body.province.sigla, brindisi.role.slug) == (
        "Provincia di Brindisi", Body.Kind.PROVINCIA, "BR", "partner")
    assert Body.objects.get(name="Consorzio Elpendù").kind == Body.Kind.CONSORZIO
    assert Body.objects.get(name="Università degli Studi di Bari").kind == Body.Kind.UNIVERSITA
    [pnrr] = [link.agreement.programme for link in francavilla.funding.all()]
    assert "Missione 5 Componente 2" in pnrr.name and pnrr.level.slug == "ue"
    # the cards name no amount per source: the grants they imply hold none
    assert not PracticeFunding.objects.filter(amount__isnull=False).exists() and not AgreementAmount.objects.exists()


def test_every_participant_is_named_in_its_card(publication):
    for (heading, _title, sections), practice in printed_pairs():
        card = collapse(" ".join(sections.values())).casefold()
        for participant in practice.participants.select_related("body__comune"):
            assert collapse(str(participant.body)).casefold() in card, (heading, participant.body)


# --- the loader: idempotent, never overwrites without --update ----------------------------------


def test_running_again_changes_nothing(publication):
    before = snapshot()
    counts = [m.objects.count() for m in (Ambito, Body, PracticeFunding, Agreement, PracticeParticipant, Call)]
    output = run()
    assert "pratiche: 0 create, 21 già presenti" in output
    assert "ambiti: 0 creati, 0 aggiornati, 12 invariati" in output
    assert snapshot() == before  # includes updated_at
    assert [m.objects.count() for m in (Ambito, Body, PracticeFunding, Agreement, PracticeParticipant, Call)] == counts
    run("--update")
    assert snapshot() == before


def test_staff_edits_survive_a_plain_run_and_update_restores_the_publication(publication):
    before = snapshot()
    edited = Practice.objects.get(slug="bari-famiglie-senza-confini")
    edited.title = "Titolo corretto in redazione"
    edited.aims = "Testo modificato."
    edited.save()
    edited.areas.clear()
    edited.participants.all().delete()
    after_edit = snapshot()

    run()
    assert snapshot() == after_edit

    output = run("--update")
    assert "di cui 1 riportate" in output
    restored = snapshot()
    for slug, state in before.items():
        if slug != edited.slug:
            assert restored[slug] == state  # untouched practices keep their updated_at
    ignore_times = lambda s: ({k: v for k, v in s[0].items() if k != "updated_at"}, *s[1:])  # noqa: E731
    assert ignore_times(restored[edited.slug]) == ignore_times(before[edited.slug])


def test_update_never_removes_ambito_members_added_by_staff(publication):
    conversano = Ambito.objects.get(slug="ambito-di-conversano")
    conversano.members.add(Comune.objects.get(name="Polignano a Mare"))
    run("--update")
    assert set(conversano.members.values_list("name", flat=True)) == {"Conversano", "Polignano a Mare"}


def test_missing_reference_data_is_named(db):
    with pytest.raises(CommandError, match=r"«071020».*load_comuni"):
        run()
    call_command("load_comuni", verbosity=0)
    with pytest.raises(CommandError, match=r"tipologia «[a-z-]+».*load_taxonomies"):
        run()
    assert Practice.objects.count() == 0
