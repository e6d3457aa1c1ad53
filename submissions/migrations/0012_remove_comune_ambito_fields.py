"""The Comune/Ambito fields of memberships and candidacies go, now that 0009 moved their data
to bodies; the lead and the membership's body become required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("submissions", "0011_officers_act_for_bodies")]

    operations = [
        migrations.RemoveConstraint(model_name="bodymembership", name="membership_exactly_one_body"),
        migrations.RemoveConstraint(model_name="bodymembership", name="membership_comune_once"),
        migrations.RemoveConstraint(model_name="bodymembership", name="membership_ambito_once"),
        migrations.RemoveConstraint(model_name="candidacy", name="candidacy_exactly_one_proposer"),
        migrations.RemoveField(model_name="historicalbodymembership", name="ambito"),
        migrations.RemoveField(model_name="historicalbodymembership", name="comune"),
        migrations.RemoveField(model_name="historicalcandidacy", name="proposing_ambito"),
        migrations.RemoveField(model_name="historicalcandidacy", name="proposing_comune"),
        migrations.RemoveField(model_name="bodymembership", name="ambito"),
        migrations.RemoveField(model_name="bodymembership", name="comune"),
        migrations.RemoveField(model_name="candidacy", name="partner_comuni"),
        migrations.RemoveField(model_name="candidacy", name="proposing_ambito"),
        migrations.RemoveField(model_name="candidacy", name="proposing_comune"),
        migrations.RemoveField(model_name="candidacyorganisation", name="kind"),
        migrations.RenameField(model_name="candidacyorganisation", old_name="body_kind", new_name="kind"),
        migrations.AlterField(
            model_name="bodymembership",
            name="body",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="memberships", to="practices.body", verbose_name="ente"),
        ),
        migrations.AlterField(
            model_name="candidacy",
            name="lead",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="candidacies", to="practices.body", verbose_name="ente proponente"),
        ),
        migrations.AddConstraint(
            model_name="bodymembership",
            constraint=models.UniqueConstraint(fields=("user", "body"), name="membership_body_once", violation_error_message="L'utente appartiene già a questo ente."),
        ),
        migrations.AddConstraint(
            model_name="candidacyorganisation",
            constraint=models.CheckConstraint(condition=models.Q(("kind__in", ("comune", "ambito")), _negated=True), name="candidacy_organisation_not_territorial", violation_error_message="Comuni e Ambiti si scelgono nell'elenco degli enti partner."),
        ),
    ]
