"""A candidacy's stage (project, ongoing, concluded) decides which card sections it must fill in,
as its call rules them: through the officer's form and submission, the call's admin and publication."""

from datetime import date

import pytest
from django.forms import SplitDateTimeWidget
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import AcceptedStage, SectionRequirement
from submissions.states import State

from .factories import draft
from .test_officer_area import form_data
from .test_workflow import bring_to

pytestmark = pytest.mark.django_db

SUMMARY = "Un centro diurno per adolescenti che aprirà nel 2026 nei locali di una scuola dismessa."


def edit(client, candidacy, **fields):
    """Post the form as the page shows the candidacy now, with `fields` changed."""
    candidacy.refresh_from_db()
    shown = {
        "contact_name": candidacy.contact_name, "contact_email": candidacy.contact_email,
        "contact_phone": candidacy.contact_phone, "start_year": candidacy.start_year or "",
        "status": candidacy.status, "summary": candidacy.summary, "started_on": candidacy.started_on or "",
        "ended_on": candidacy.ended_on or "", "tipologia": candidacy.tipologia_id,
        "areas": [a.pk for a in candidacy.areas.all()], "target_groups": [g.pk for g in candidacy.target_groups.all()],
        "accepted_declarations": [d.pk for d in candidacy.accepted_declarations.all()],
        **{name: text for name, _label, text in candidacy.sections()},
    }
    return client.post(reverse("submissions:candidacy_edit", args=[candidacy.uuid]),
                       form_data(candidacy, **{**shown, **fields}))


def submit(client, candidacy):
    response = client.post(reverse("submissions:candidacy_submit", args=[candidacy.uuid]), follow=True)
    candidacy.refresh_from_db()
    return response


@pytest.fixture
def project(call, officer, officer_client):
    """A complete draft turned, through the form, into a project with no results to report."""
    candidacy = draft(call, officer)
    response = edit(officer_client, candidacy, status="progetto", summary=SUMMARY, achieved_results="",
                    improvements="", expected_results="Cinquanta ragazzi seguiti nel primo anno.")
    assert response.status_code == 302
    candidacy.refresh_from_db()
    return candidacy


def test_a_project_is_submitted_without_achieved_results_or_improvements(officer_client, project):
    assert project.status == "progetto" and project.summary == SUMMARY
    assert not project.achieved_results and not project.improvements
    submit(officer_client, project)
    assert project.state == State.SUBMITTED


def test_a_project_cannot_be_submitted_without_expected_results(officer_client, project):
    assert edit(officer_client, project, status="progetto", expected_results="").status_code == 302
    response = submit(officer_client, project)
    assert project.state == State.DRAFT
    assert "non è completa" in response.text and "«Risultati attesi»" in response.text


def test_a_concluded_practice_still_needs_its_results(officer_client, project):
    assert edit(officer_client, project, status="conclusa").status_code == 302
    response = submit(officer_client, project)
    assert project.state == State.DRAFT
    assert "«Risultati conseguiti»" in response.text and "«Margini di miglioramento»" in response.text
    assert "«Risultati attesi»" not in response.text


def test_a_candidacy_must_say_its_stage(officer_client, project):
    assert edit(officer_client, project, status="").status_code == 302
    response = submit(officer_client, project)
    assert project.state == State.DRAFT and "Lo stato della pratica" in response.text


def test_the_form_says_which_sections_the_chosen_stage_requires(officer_client, project):
    page = officer_client.get(reverse("submissions:candidacy_edit", args=[project.uuid])).text
    assert "Per lo stato «Progetto (non ancora avviato)» sono obbligatorie:" in page
    required = page[page.index('id="required-sections"'):]
    required = required[:required.index("</p>")]
    assert "Risultati attesi" in required and "Risultati conseguiti" not in required
    assert "Margini di miglioramento" not in required


def test_a_call_rule_changes_what_a_stage_requires(officer_client, project, call):
    SectionRequirement.objects.create(call=call, stage="progetto", section="resources", required=True)
    SectionRequirement.objects.create(call=call, stage="progetto", section="expected_results", required=False)
    assert edit(officer_client, project, expected_results="").status_code == 302
    response = submit(officer_client, project)
    assert project.state == State.DRAFT
    assert "«Risorse impiegate»" in response.text and "«Risultati attesi»" not in response.text
    assert edit(officer_client, project, resources="Due educatori e un coordinatore.").status_code == 302
    submit(officer_client, project)
    assert project.state == State.SUBMITTED


def test_a_call_that_accepts_only_projects_refuses_other_stages(officer_client, project, call):
    AcceptedStage.objects.create(call=call, stage="progetto")
    response = edit(officer_client, project, status="conclusa")
    assert response.status_code == 400 and "Scegli un&#x27;opzione valida" in response.text
    project.refresh_from_db()
    assert project.status == "progetto"
    submit(officer_client, project)
    assert project.state == State.SUBMITTED


def test_a_stage_the_call_no_longer_accepts_is_named_at_submission(officer_client, project, call):
    AcceptedStage.objects.create(call=call, stage="conclusa")
    response = submit(officer_client, project)
    assert project.state == State.DRAFT
    assert "«Progetto (non ancora avviato)» non lo è" in response.text


def test_exact_dates_fill_the_years_and_must_agree_with_them(officer_client, project):
    response = edit(officer_client, project, start_year="2024", started_on="2025-09-01")
    assert response.status_code == 400 and "La data deve cadere nell&#x27;anno indicato (2024)" in response.text
    response = edit(officer_client, project, start_year="", started_on="2026-09-01", ended_on="2026-03-01")
    assert response.status_code == 400 and "La data di conclusione non può precedere la data di avvio" in response.text
    assert edit(officer_client, project, start_year="", started_on="2026-09-01").status_code == 302
    project.refresh_from_db()
    assert (project.started_on, project.start_year) == (date(2026, 9, 1), 2026)


def test_publication_copies_the_summary_stage_and_dates(officer_client, project, officer, reviewer):
    assert edit(officer_client, project, started_on="2022-09-01", status="progetto").status_code == 302
    bring_to(State.PUBLISHED, project, officer, reviewer)
    practice = project.practice
    assert (practice.summary, practice.status, practice.started_on, practice.start_year) == (
        SUMMARY, "progetto", date(2022, 9, 1), 2022)
    assert project.events.get(transition="submit").snapshot["sintesi"] == SUMMARY


def _change_form_data(response):
    """What the admin's change page posts back unchanged: the call's fields and every inline."""
    data = {}
    for form in [response.context["adminform"].form,
                 *(inline.formset for inline in response.context["inline_admin_formsets"])]:
        forms = [form] if not hasattr(form, "management_form") else [form.management_form, *form.forms]
        for each in forms:
            for name, field in each.fields.items():
                value = each[name].value()
                if value is None or value is False:
                    continue
                if isinstance(value, list):
                    data[each.add_prefix(name)] = [str(v) for v in value]
                elif isinstance(field.widget, SplitDateTimeWidget):
                    local = timezone.localtime(value)
                    data[each.add_prefix(name) + "_0"] = local.strftime("%Y-%m-%d")
                    data[each.add_prefix(name) + "_1"] = local.strftime("%H:%M:%S")
                else:
                    data[each.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


def test_a_rule_added_in_the_call_admin_applies_to_the_officer(call, django_user_model, officer_client, project):
    admin = django_user_model.objects.create_superuser("capo", "capo@example.org", "password-molto-lunga")
    staff = Client()
    staff.force_login(admin)
    url = reverse("admin:calls_call_change", args=[call.pk])
    page = staff.get(url)
    assert "Stati della pratica ammessi (nessuno: tutti)" in page.text
    data = _change_form_data(page)
    data.update({"section_requirements-TOTAL_FORMS": "1", "section_requirements-0-stage": "progetto",
                 "section_requirements-0-section": "resources", "section_requirements-0-required": "on",
                 "accepted_stages-TOTAL_FORMS": "1", "accepted_stages-0-stage": "progetto"})
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert list(call.accepted_stages.values_list("stage", flat=True)) == ["progetto"]
    assert call.required_sections("progetto") == (
        "intervention_area", "recipients", "aims", "implementation", "expected_results", "resources",
        "stakeholders")
    response = submit(officer_client, project)
    assert project.state == State.DRAFT and "«Risorse impiegate»" in response.text
