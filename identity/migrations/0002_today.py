"""The identity the templates carried until now (Regione Puglia, ANCI Puglia), as data."""

from django.db import migrations

from identity import seed


def forwards(apps, schema_editor):
    seed.create(apps.get_model("identity", "Identity"), apps.get_model("identity", "Publisher"),
                apps.get_model("practices", "Region"))


class Migration(migrations.Migration):
    dependencies = [("identity", "0001_identity")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
