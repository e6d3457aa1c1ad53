"""A practice's region is now one of the place names its search text holds (Practice.compute_place_names):
practices saved before that get it here, so that searching "Campania" through the API finds them
too. Only the region's name is added; the rest of the stored text is left as it is."""

from django.db import migrations

from buonepratiche.text import normalise


def add_region_names(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    practices = Practice.objects.exclude(lead__region=None).select_related("lead__region", "lead__province")
    for practice in practices.iterator(chunk_size=500):
        names = [name for name in practice.place_names.split(", ") if name]
        region = practice.lead.region.name
        if region in names:
            continue
        # Where compute_place_names puts it: after the province (or the lead), before the participants.
        province = practice.lead.province.name if practice.lead.province_id else None
        anchor = names.index(province) + 1 if province in names else min(1, len(names))
        names.insert(anchor, region)
        # An update of the row, as the save() would write it: on PostgreSQL the search trigger renews the vector.
        Practice.objects.filter(pk=practice.pk).update(
            place_names=", ".join(names), search_text=" ".join(filter(None, [practice.search_text, normalise(region)])))


class Migration(migrations.Migration):
    dependencies = [("practices", "0019_remove_organisationkind")]
    operations = [migrations.RunPython(add_region_names, migrations.RunPython.noop)]
