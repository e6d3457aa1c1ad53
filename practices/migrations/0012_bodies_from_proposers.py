"""Every proposer, partner Comune and organisation of a practice becomes a body (practices.Body):
the Comune's or Ambito's own body as lead, partner Comuni as participants with the role
«partner», organisations as bodies of the matching kind with their role on the practice (none
where the card states none)."""

from django.db import migrations
from django.utils.text import slugify

# OrganisationKind slug -> Body.Kind. "Comune di …" organisations are matched to the Comune
# by the loader, which knows the card; here an ente pubblico stays "altro" rather than a guess.
KIND_OF_ORGANISATION = {
    "cooperativa-sociale": "terzo_settore",
    "associazione-odv": "terzo_settore",
    "consorzio": "consorzio",
    "asl-servizio-sanitario": "azienda_sanitaria",
    "scuola": "scuola",
    "universita": "universita",
    "fondazione": "fondazione",
    "impresa": "impresa",
}


def unique_slug(Body, base):
    base = (slugify(base)[:140] or "ente")
    candidate, n = base, 1
    while Body.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def body_for_comune(Body, comune):
    body = Body.objects.filter(kind="comune", comune=comune).first()
    if body is None:
        body = Body.objects.create(
            kind="comune", comune=comune, name=comune.name, province=comune.province,
            region=comune.province.region, slug=unique_slug(Body, f"comune-{comune.istat_code}"),
        )
    return body


def body_for_ambito(Body, ambito):
    body = Body.objects.filter(ambito=ambito).first()
    if body is None:
        province = ambito.province or (ambito.capofila.province if ambito.capofila_id else None)
        body = Body.objects.create(
            kind="ambito", ambito=ambito, name=ambito.name, province=province,
            region=province.region if province else None, slug=unique_slug(Body, ambito.name),
        )
    return body


def forwards(apps, schema_editor):
    Body = apps.get_model("practices", "Body")
    Ambito = apps.get_model("practices", "Ambito")
    Practice = apps.get_model("practices", "Practice")
    Participant = apps.get_model("practices", "PracticeParticipant")
    Involvement = apps.get_model("practices", "PracticeOrganisation")
    Role = apps.get_model("practices", "InvolvementRole")
    for ambito in Ambito.objects.all():
        body_for_ambito(Body, ambito)
    partner = None
    for practice in Practice.objects.all():
        if practice.proposing_comune_id:
            practice.lead = body_for_comune(Body, practice.proposing_comune)
        elif practice.proposing_ambito_id:
            practice.lead = body_for_ambito(Body, practice.proposing_ambito)
        practice.save(update_fields=["lead"])
        position = 0
        for comune in practice.partner_comuni.all():
            partner = partner or Role.objects.get_or_create(slug="partner", defaults={"name": "Partner", "position": 2})[0]
            Participant.objects.get_or_create(practice=practice, body=body_for_comune(Body, comune), role=partner,
                                              defaults={"position": position})
            position += 1
        for involvement in Involvement.objects.filter(practice=practice).order_by("position", "id"):
            organisation = involvement.organisation
            body = Body.objects.filter(name=organisation.name).exclude(kind__in=["comune", "ambito"]).first()
            if body is None:
                comune = organisation.comune
                body = Body.objects.create(
                    kind=KIND_OF_ORGANISATION.get(organisation.kind.slug if organisation.kind_id else "", "altro"),
                    name=organisation.name, comune=comune, website=organisation.website,
                    province=comune.province if comune else None,
                    region=comune.province.region if comune else None,
                    slug=unique_slug(Body, organisation.name),
                )
            Participant.objects.get_or_create(practice=practice, body=body, role=involvement.role,
                                              defaults={"position": position})
            position += 1


class Migration(migrations.Migration):
    dependencies = [("practices", "0011_bodies")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
