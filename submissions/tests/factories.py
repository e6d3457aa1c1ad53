"""Small builders for the submissions tests: calls, officers, staff, complete candidacies, files."""

import importlib
import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from calls.call_loader import add_types, default_types
from calls.models import Call, Declaration, EvaluationCriterion, RequiredAttachment
from practices.models import Body, DocumentKind, PolicyArea, TargetGroup, Tipologia
from practices.tests.factories import ComuneFactory, ProvinceFactory, RegionFactory
from submissions.models import BodyMembership, Candidacy, CandidacyAttachment

PASSWORD = "una-password-lunga-123"
# The slugs of the usual candidacy types (fixtures/calls/calls.json).
ORDINARY, EDUCATIONAL_POVERTY = "ordinaria", "poverta_educativa"


def pdf_bytes(pages=1):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="relazione.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(), content_type="application/pdf")


def comune(istat_code="072006", name="Bari"):
    return ComuneFactory(istat_code=istat_code, name=name, province=ProvinceFactory(region=RegionFactory()))


def make_call(slug="avviso-prova", opens=None, closes=None, limits=None, **rules):
    """A call with the usual candidacy types; `limits` ({type slug: per-body limit}) changes theirs."""
    now = timezone.now()
    call = Call.objects.create(
        slug=slug, title=f"Avviso {slug}", act="D.D. n. 1 del 1.1.2026", region=RegionFactory(),
        opens_at=opens or now - timedelta(days=1), closes_at=closes or now + timedelta(days=30), **rules,
    )
    limits = limits or {}
    add_types(call, [{**spec, "max_per_body": limits.get(spec["slug"], spec.get("max_per_body"))}
                     for spec in default_types()])
    RequiredAttachment.objects.create(call=call, kind=DocumentKind.objects.get(slug="relazione"),
                                      label="Relazione descrittiva")
    Declaration.objects.create(call=call, text="che le informazioni sono veritiere;", position=1)
    Declaration.objects.create(call=call, text="di autorizzare la pubblicazione.", position=2)
    for position, (name, weight) in enumerate((("Innovatività", "5"), ("Efficacia e risultati", "5"),
                                                ("Replicabilità", "4")), start=1):
        EvaluationCriterion.objects.create(call=call, name=name, weight=Decimal(weight), position=position)
    return call


# The data migrations that create the staff groups with their permissions, and the one that
# moved the call models' content types (with their permissions) from submissions to calls.
GROUP_MIGRATIONS = (("practices", "0003_staff_groups", "create_groups"),
                    ("funding", "0003_staff_permissions", "grant"),
                    ("submissions", "0003_review_permissions", "grant"),
                    ("calls", "0001_initial", "forwards"),
                    ("practices", "0019_remove_organisationkind", "grant_view_body"))


def ensure_staff_groups():
    """Recreate the staff groups as the migrations do, when a flushed database lost them.

    Transactional tests (live server, backup) empty every table at teardown; the rows that
    data migrations wrote do not always come back, so tests needing them re-run those steps.
    """
    if Group.objects.filter(name__in=("Istruttori ANCI", "Regione Puglia")).count() == 2:
        return
    # Each step runs on the models as they were at its migration, as migrate ran it.
    loader = MigrationLoader(connection)
    for app, migration, function in GROUP_MIGRATIONS:
        state_apps = loader.project_state((app, migration), at_end=True).apps
        getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)(state_apps, None)


def make_user(username, *, group=None, comune=None, ambito=None, body=None, email=None):
    """A user; with `body` (or the `comune` or `ambito` whose body it is) an officer of that body."""
    if group:
        ensure_staff_groups()
    user = User.objects.create_user(username, email or f"{username}@example.org", PASSWORD,
                                    first_name=username.split(".")[0].title(), last_name="Prova",
                                    is_staff=group is not None)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if comune:
        body = Body.objects.for_comune(comune)
    elif ambito:
        body = Body.objects.for_ambito(ambito)
    if body:
        BodyMembership.objects.create(user=user, body=body, role="Responsabile")
    return user


def fill(candidacy, title="Sportello unico per le famiglie"):
    """Fill every required part of a draft, as an officer would through the form."""
    candidacy.title = title
    for name in ("intervention_area", "recipients", "aims", "implementation", "achieved_results",
                 "stakeholders", "improvements"):
        setattr(candidacy, name, f"Testo della sezione {name}.\n\n- primo punto\n- secondo punto")
    candidacy.tipologia = Tipologia.objects.first()
    candidacy.start_year = 2022
    candidacy.status = "in_corso"
    candidacy.contact_name, candidacy.contact_email, candidacy.contact_phone = "Maria Rossi", "maria@example.org", "080 000000"
    candidacy.save()
    candidacy.areas.set(PolicyArea.objects.all()[:1])
    candidacy.target_groups.set(TargetGroup.objects.all()[:2])
    candidacy.accepted_declarations.set(candidacy.call.declarations.all())
    CandidacyAttachment.objects.create(
        candidacy=candidacy, kind=DocumentKind.objects.get(slug="relazione"), title="Relazione",
        file=pdf_upload(), original_name="relazione.pdf", content_type="application/pdf", size=1000,
        sha256="0" * 64, uploaded_by=candidacy.created_by,
    )
    return candidacy


def draft(call, officer, kind=ORDINARY, complete=True, title="Sportello unico per le famiglie", lead=None):
    """A draft of the officer's (first) body, or of `lead`."""
    lead = lead or officer.body_memberships.order_by("pk").first().body
    candidacy = Candidacy.objects.create(call=call, type=call.candidacy_types.get(slug=kind), created_by=officer,
                                         lead=lead)
    return fill(candidacy, title) if complete else candidacy
