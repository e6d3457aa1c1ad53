"""Practice.lead and its participants become the one record of who runs a practice: the lead is
required, the old proposer fields, partner Comuni and organisations go (0012 copied them into
bodies). Before they go, two corrections to what 0012 could not tell from an organisation's
name: an organisation called "Comune di X" beside the Comune X among the same practice's
partners was that Comune (its duplicate is dropped), and one called "Provincia di X" is the
Provincia X. Practices created since 0012 are copied first, as 0012 copied the others. The
stored search text then gets the participants' names, so a search for a cooperative finds the
practices it takes part in. The schema changes follow in 0018 (PostgreSQL
refuses to alter tables with the row changes' checks still pending in the same transaction)."""

from importlib import import_module

from django.db import migrations

from buonepratiche.text import normalise

# 0012's copy of proposers, partners and organisations into bodies, run again: practices created
# after it (loaded, imported or published by code that did not know bodies yet) have no lead.
# It is idempotent (get-or-create throughout).
copy_proposers = import_module("practices.migrations.0012_bodies_from_proposers").forwards

SECTIONS = ("intervention_area", "recipients", "aims", "implementation", "expected_results", "achieved_results",
            "resources", "stakeholders", "improvements")


def _label(body):
    return f"Comune di {body.name}" if body.kind == "comune" else body.name


def forwards(apps, schema_editor):
    Body = apps.get_model("practices", "Body")
    Participant = apps.get_model("practices", "PracticeParticipant")
    Practice = apps.get_model("practices", "Practice")
    Province = apps.get_model("practices", "Province")
    copy_proposers(apps, schema_editor)
    for body in Body.objects.filter(kind="altro", name__startswith="Comune di "):
        comune_name = body.name[len("Comune di "):]
        for participant in Participant.objects.filter(body=body):
            if Participant.objects.filter(practice_id=participant.practice_id, body__kind="comune",
                                          body__name=comune_name).exists():
                participant.delete()
        if not Participant.objects.filter(body=body).exists() and not Practice.objects.filter(lead=body).exists():
            body.delete()
    for body in Body.objects.filter(kind="altro", name__startswith="Provincia di "):
        province = Province.objects.filter(name=body.name[len("Provincia di "):]).first()
        if province is not None:
            body.kind, body.province, body.region_id = "provincia", province, province.region_id
            body.save(update_fields=["kind", "province", "region"])
    for practice in Practice.objects.filter(participants__isnull=False).distinct():
        names = [n.strip() for n in practice.place_names.split(",") if n.strip()]
        for participant in Participant.objects.filter(practice=practice).select_related("body").order_by("position", "id"):
            names.append(_label(participant.body))
        practice.place_names = ", ".join(dict.fromkeys(names))
        practice.search_text = normalise(" ".join([practice.title, practice.place_names,
                                                   *(getattr(practice, f) for f in SECTIONS)]))
        practice.save(update_fields=["place_names", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("practices", "0016_ambiti_governance")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
