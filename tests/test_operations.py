"""Operating the service (issue 17), in this process: the request id, the request log line,
the 500 page the user can quote, readiness (/salute/pronto/) and metrics (/metriche/).

The same through real processes (server, worker, schedulers, a stopped PostgreSQL) is in
tests/test_operations_processes.py and tests/test_database_restart.py.
"""

import json
import logging
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import include, path
from django.utils import timezone

from practices.models import Practice
from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("guasto di prova")


def boom_about_someone(request):
    raise RuntimeError(f"nessun ente per {request.POST.get('email')}")


urlpatterns = [path("guasto/", boom), path("guasto-personale/", boom_about_someone),
               path("", include("buonepratiche.urls"))]
handler500 = "buonepratiche.errors.server_error"


def test_every_response_carries_a_request_id_and_a_safe_incoming_one_is_kept(client):
    generated = client.get("/salute/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", generated)
    assert client.get("/salute/")["X-Request-ID"] != generated
    assert client.get("/salute/", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == "proxy-abc-12345"
    for unsafe in ("<script>alert(1)</script>", "a\nfalsa riga di log", "x" * 200, "corto"):
        answered = client.get("/salute/", HTTP_X_REQUEST_ID=unsafe)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{16}", answered), unsafe


def test_one_log_line_per_request_with_its_id_and_no_personal_data(client, caplog, django_user_model):
    officer = django_user_model.objects.create_user("anna.bianchi", "anna.bianchi@comune.example.it", "x" * 20)
    client.force_login(officer)
    with caplog.at_level(logging.INFO, logger="buonepratiche.requests"):
        response = client.get("/pratiche/?q=anziani", HTTP_X_REQUEST_ID="richiesta-00000001")
    [line] = [r for r in caplog.records if r.name == "buonepratiche.requests"]
    assert line.request_id == response["X-Request-ID"] == "richiesta-00000001"
    assert (line.user_kind, line.view, line.method, line.path, line.status) == (
        "officer", "catalogue:practice_list", "GET", "/pratiche/", 200)
    assert line.duration_ms > 0 and line.queries > 0
    assert "anna" not in str(vars(line)) and "anziani" not in str(vars(line)), "no user, no query string"


def test_the_500_page_shows_the_request_id(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/guasto/", HTTP_X_REQUEST_ID="richiesta-guasta-42")
    assert response.status_code == 500 and response["X-Request-ID"] == "richiesta-guasta-42"
    assert "Codice della richiesta: <code>richiesta-guasta-42</code>" in response.content.decode()


def test_readiness_is_ok_and_times_every_check(client):
    response = client.get("/salute/pronto/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert set(body["checks"]) == {"database", "cache", "job_queue", "search_index", "upload_disk"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


def test_readiness_names_an_unindexed_practice_until_the_maintenance_job_runs(client, publication):
    practice = Practice.objects.published().first()
    if connection.vendor == "postgresql":
        # Around the trigger, as a raw bulk write or a restore without triggers would leave it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("UPDATE practices_practice SET search_document = NULL WHERE id = %s", [practice.pk])
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    else:
        Practice.objects.filter(pk=practice.pk).update(search_text="")
    response = client.get("/salute/pronto/")
    assert response.status_code == 503
    assert response.json()["failing"] == ["search_index"]
    assert response.json()["checks"]["search_index"]["error"] == "1 pratiche pubblicate non indicizzate"

    from ops.maintenance import refresh_search_index

    refresh_search_index.enqueue()  # the immediate backend of the tests runs it at once
    assert client.get("/salute/pronto/").status_code == 200


def test_readiness_fails_when_the_queue_waits_too_long(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from buonepratiche.mail import queue_email

    result = queue_email("Oggetto", "Testo", ["a@example.org"])
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    body = client.get("/salute/pronto/").json()
    assert body["failing"] == ["job_queue"] and "attende da 6" in body["checks"]["job_queue"]["error"]


def metric(text, name, **labels):
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} " if labels else f"{name} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_need_the_token_and_count_requests(client, settings, publication):
    settings.METRICS_TOKEN = ""
    assert client.get("/metriche/").status_code == 404
    settings.METRICS_TOKEN = "gettone-segreto-delle-metriche"
    assert client.get("/metriche/").status_code == 403
    assert client.get("/metriche/", HTTP_AUTHORIZATION="Bearer gettone-sbagliato").status_code == 403
    assert client.get("/metriche/", HTTP_AUTHORIZATION="gettone-segreto-delle-metriche").status_code == 403

    def scrape():
        response = client.get("/metriche/", HTTP_AUTHORIZATION="Bearer gettone-segreto-delle-metriche")
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        return response.content.decode()

    before = scrape()
    client.get("/pratiche/")
    after = scrape()
    labels = {"view": "catalogue:practice_list", "method": "GET", "status": "200"}
    assert metric(after, "bp_requests_total", **labels) == metric(before, "bp_requests_total", **labels) + 1
    assert metric(after, "bp_request_duration_seconds_count", view="catalogue:practice_list") == \
        metric(before, "bp_request_duration_seconds_count", view="catalogue:practice_list") + 1
    assert metric(after, "bp_request_queries_count", view="catalogue:practice_list") >= 1
    assert metric(after, "bp_catalogue_practices") == Practice.objects.public().count() == 21
    assert "bp_job_queue_length 0.0" in after
    assert metric(after, "bp_cache_lookups_total", result="miss") > metric(before, "bp_cache_lookups_total",
                                                                          result="miss")


def test_failed_logins_and_lockouts_are_counted(client, settings, django_user_model):
    settings.METRICS_TOKEN = "gettone-segreto-delle-metriche"
    django_user_model.objects.create_user("luca.verdi", "luca@example.org", "x" * 20)

    def scrape():
        return client.get("/metriche/", HTTP_AUTHORIZATION="Bearer gettone-segreto-delle-metriche").content.decode()

    before = scrape()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accesso/", {"username": "luca.verdi", "password": "sbagliata"})
    after = scrape()
    assert metric(after, "bp_logins_total", result="failure") >= metric(before, "bp_logins_total",
                                                                        result="failure") + settings.AXES_FAILURE_LIMIT - 1
    assert metric(after, "bp_login_lockouts_total") == metric(before, "bp_login_lockouts_total") + 1


def test_error_reports_leave_out_personal_data(client, settings, monkeypatch, django_user_model):
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from buonepratiche import error_reports

    sent = []

    class Capture(Transport):
        def capture_envelope(self, envelope):
            sent.extend(item.get_event() for item in envelope.items if item.get_event())

    real_init = sentry_sdk.init
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: real_init(**options, transport=Capture))
    error_reports.init("https://chiave@errori.example.invalid/1", "test", "prova")
    try:
        settings.ROOT_URLCONF = __name__
        client.raise_request_exception = False
        client.force_login(django_user_model.objects.create_user("anna.bianchi", "anna@comune.example.it", "x" * 20))
        client.cookies["preferenze"] = "anna.bianchi@comune.example.it"
        response = client.post("/guasto-personale/?email=anna.bianchi@comune.example.it",
                               {"email": "anna.bianchi@comune.example.it", "nome": "Anna Bianchi"})
        assert response.status_code == 500
        sentry_sdk.flush()
    finally:
        real_init()  # no DSN: reporting off again
    [event] = sent
    assert event["exception"]["values"][0]["value"] == "nessun ente per [rimosso]"
    assert "user" not in event and "cookies" not in event["request"] and "data" not in event["request"]
    text = json.dumps(event)
    for personal in ("anna", "Anna", "sessionid", "preferenze"):
        assert personal not in text, personal
