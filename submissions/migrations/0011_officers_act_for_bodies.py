"""Officers act for bodies and candidacies name their partners as bodies: the new fields,
filled from the old ones (0010 then removes the Comune/Ambito fields; PostgreSQL refuses to
alter a table in the transaction that updated its rows).

Each membership's Comune or Ambito becomes its body, each candidacy's partner Comuni become
partner bodies with the role «partner» (the helpers of practices 0012, which did the same for
the practices), and a typed organisation's kind becomes the matching kind of body."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

bodies = importlib.import_module("practices.migrations.0012_bodies_from_proposers")

BODY_KINDS = [
    ("comune", "Comune"), ("ambito", "Ambito Territoriale Sociale"), ("unione_comuni", "Unione di Comuni"),
    ("comunita_montana", "Comunità Montana"), ("consorzio", "Consorzio"), ("provincia", "Provincia"),
    ("citta_metropolitana", "Città metropolitana"), ("municipio", "Municipio"), ("regione", "Regione"),
    ("azienda_sanitaria", "Azienda sanitaria"), ("amministrazione_centrale", "Ministero o agenzia nazionale"),
    ("scuola", "Scuola"), ("universita", "Università o ente di ricerca"), ("terzo_settore", "Ente del Terzo settore"),
    ("fondazione", "Fondazione"), ("impresa", "Impresa"), ("altro", "Altro ente"),
]


def body_of(Body, comune, ambito):
    return bodies.body_for_comune(Body, comune) if comune is not None else bodies.body_for_ambito(Body, ambito)


def forwards(apps, schema_editor):
    Body = apps.get_model("practices", "Body")
    Role = apps.get_model("practices", "InvolvementRole")
    Membership = apps.get_model("submissions", "BodyMembership")
    Candidacy = apps.get_model("submissions", "Candidacy")
    Partner = apps.get_model("submissions", "CandidacyPartner")
    Organisation = apps.get_model("submissions", "CandidacyOrganisation")
    for membership in Membership.objects.select_related("comune__province__region", "ambito__capofila__province"):
        membership.body = body_of(Body, membership.comune, membership.ambito)
        membership.save(update_fields=["body"])
    partner = None
    for candidacy in Candidacy.objects.prefetch_related("partner_comuni__province__region"):
        if candidacy.lead_id is None:
            candidacy.lead = body_of(Body, candidacy.proposing_comune, candidacy.proposing_ambito)
            candidacy.save(update_fields=["lead"])
        for comune in candidacy.partner_comuni.all():
            partner = partner or Role.objects.get_or_create(slug="partner", defaults={"name": "Partner", "position": 2})[0]
            Partner.objects.get_or_create(candidacy=candidacy, body=bodies.body_for_comune(Body, comune),
                                          defaults={"role": partner})
    for organisation in Organisation.objects.select_related("kind"):
        if organisation.kind_id:
            organisation.body_kind = bodies.KIND_OF_ORGANISATION.get(organisation.kind.slug, "altro")
            organisation.save(update_fields=["body_kind"])


class Migration(migrations.Migration):

    dependencies = [
        ("practices", "0016_ambiti_governance"),
        ("submissions", "0010_summary_stage_dates"),
    ]

    operations = [
        migrations.CreateModel(
            name="CandidacyPartner",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("body", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="partner_candidacies", to="practices.body", verbose_name="ente")),
                ("candidacy", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partners", to="submissions.candidacy", verbose_name="candidatura")),
                ("role", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="practices.involvementrole", verbose_name="ruolo")),
            ],
            options={"verbose_name": "ente partner", "verbose_name_plural": "enti partner", "ordering": ["id"]},
        ),
        migrations.AddConstraint(
            model_name="candidacypartner",
            constraint=models.UniqueConstraint(fields=("candidacy", "body"), name="candidacy_partner_once", violation_error_message="Questo ente è già tra i partner."),
        ),
        migrations.AddField(
            model_name="bodymembership",
            name="body",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to="practices.body", verbose_name="ente"),
        ),
        migrations.AddField(
            model_name="historicalbodymembership",
            name="body",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="practices.body", verbose_name="ente"),
        ),
        migrations.AddField(
            model_name="candidacyorganisation",
            name="body_kind",
            field=models.CharField(blank=True, choices=BODY_KINDS, max_length=30, verbose_name="tipo"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
