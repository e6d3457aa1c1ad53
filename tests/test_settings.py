"""Production settings: secrets from the environment, and a clean `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "p7#vW2!kQz9@Lm4$Xr8^Tb1&Ny6*Hc3(Jd5)Fg0-Su_Ea+Oi=Pl;Mk:Nj<Bh>Vg"


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
                          text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY non è impostata" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = manage("check", DJANGO_SECRET_KEY="django-insecure-abc")
    assert result.returncode != 0
    assert "troppo debole" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="buonepratiche.regione.puglia.it")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_runs_with_debug_and_no_key():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_liveness_probe_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/salute/")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
