"""The practices' funding lines (practices.FundingProgramme / FundingEntry) into the chain.

Each programme keeps its id (candidacies' funding lines point at it: submissions 0009), slug,
name and level; a non-empty reference (the code of an avviso or convenzione) goes, as written,
in its description. Each line becomes what funding/lines.py makes of a line: a grant of the
programme to the practice's lead, linked to the practice, with the line's amount assigned in
its year (with no year, the amount is the practice's share) and its note on the link.
"""

from django.core.management.color import no_style
from django.db import migrations


def forwards(apps, schema_editor):
    OldProgramme = apps.get_model("practices", "FundingProgramme")
    FundingEntry = apps.get_model("practices", "FundingEntry")
    Programme = apps.get_model("funding", "Programme")
    Agreement = apps.get_model("funding", "Agreement")
    AgreementAmount = apps.get_model("funding", "AgreementAmount")
    PracticeFunding = apps.get_model("funding", "PracticeFunding")

    Programme.objects.bulk_create(
        Programme(pk=old.pk, name=old.name, slug=old.slug, level_id=old.level_id, description=old.reference)
        for old in OldProgramme.objects.order_by("pk")
    )
    connection = schema_editor.connection
    with connection.cursor() as cursor:  # explicit ids: the sequence must go past them (PostgreSQL)
        for sql in connection.ops.sequence_reset_sql(no_style(), [Programme]):
            cursor.execute(sql)

    positions = {}
    for entry in FundingEntry.objects.select_related("practice").order_by("practice_id", "id"):
        agreement = Agreement.objects.create(
            kind="contributo", programme_id=entry.programme_id, beneficiary_id=entry.practice.lead_id,
        )
        dated = entry.amount is not None and entry.year is not None
        if dated:
            AgreementAmount.objects.create(agreement=agreement, year=entry.year, stage="assegnato",
                                           amount=entry.amount)
        position = positions.get(entry.practice_id, 0)
        positions[entry.practice_id] = position + 1
        PracticeFunding.objects.create(
            practice_id=entry.practice_id, agreement=agreement, amount=None if dated else entry.amount,
            note=entry.note, position=position,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("practices", "0012_bodies_from_proposers"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
