import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from practices.models import Ambito, Body, Comune
from calls.call_loader import sync_call, template_spec
from submissions.models import BodyMembership

DEMO_CALL_SLUG = "avviso-dimostrativo"

# username: (first name, last name, email, staff group or None, body: ("comune", ISTAT) / ("ambito", slug))
ACCOUNTS = {
    "referente.bari": ("Maria", "Rossi", "referente.bari@example.org", None, ("comune", "072006"),
                       "Responsabile dei Servizi sociali"),
    "referente.conversano": ("Giuseppe", "Bianchi", "referente.conversano@example.org", None,
                             ("ambito", "ambito-di-conversano"), "Responsabile dell'Ufficio di Piano"),
    "istruttore.anci": ("Anna", "Verdi", "istruttore.anci@example.org", "Istruttori ANCI", None, ""),
}


class Command(BaseCommand):
    help = (
        "Crea gli account dimostrativi e un avviso aperto (solo con DEBUG attivo). La password è "
        "DEMO_PASSWORD (predefinita: «demo»). Quanto esiste già non viene toccato."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Gli account dimostrativi si creano solo in sviluppo (DJANGO_DEBUG=1).")
        password = os.environ.get("DEMO_PASSWORD", "demo")
        User = get_user_model()
        report = []
        admin, created = User.objects.get_or_create(
            username="admin",
            defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org",
                      "first_name": "Amministratore", "last_name": "Demo"},
        )
        if created:
            admin.set_password(password)
            admin.save(update_fields=["password"])
        report.append(f"admin {'creato' if created else 'già presente'}")

        for username, (first, last, email, group, body, role) in ACCOUNTS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": email, "is_staff": group is not None},
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                if group:
                    user.groups.add(Group.objects.get(name=group))
                if body:
                    kind, key = body
                    if kind == "comune":
                        acts_for = Body.objects.for_comune(Comune.objects.get(istat_code=key))
                    else:
                        acts_for = Body.objects.for_ambito(Ambito.objects.get(slug=key))
                    BodyMembership.objects.create(user=user, body=acts_for, role=role)
            report.append(f"{username} {'creato' if created else 'già presente'}")

        now = timezone.now().replace(microsecond=0)
        spec = {
            **template_spec(),
            "slug": DEMO_CALL_SLUG,
            "title": "Avviso dimostrativo – Buone pratiche in ambito sociale",
            "act": "Avviso di prova per la dimostrazione del sistema: non ha valore amministrativo",
            "description": ("Avviso aperto per provare il ciclo completo: candidatura dei referenti, "
                            "istruttoria di ANCI Puglia, esito e pubblicazione nel catalogo."),
            "opens_at": now - timedelta(days=1),
            "closes_at": now + timedelta(days=90),
            "decisions_communicated_at": None,
        }
        spec["required_attachments"] = spec["required_attachments"][:1]
        _call, created = sync_call(spec)
        report.append(f"avviso dimostrativo {'creato' if created else 'già presente'}")
        self.stdout.write("dati dimostrativi: " + ", ".join(report))
