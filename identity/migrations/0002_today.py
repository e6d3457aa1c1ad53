"""The identity the templates carried until now (Regione Puglia, ANCI Puglia), as data."""

from django.db import migrations

from identity import seed


def forwards(apps, schema_editor):
    Region = apps.get_model("practices", "Region")
    # A new database gets its regions after migrating (bootstrap loads them): there the identity
    # is written on first use, by Identity.current(), and so links the regions it serves.
    if Region.objects.exists():
        seed.create(apps.get_model("identity", "Identity"), apps.get_model("identity", "Publisher"), Region)


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_identity")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
