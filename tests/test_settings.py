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


# The production environment of docs/deployment.md (one machine, nginx in front, no Redis).
PRODUCTION = {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": "buonepratiche.regione.puglia.it",
              "TRUSTED_PROXY_COUNT": "1", "SITE_URL": "https://buonepratiche.regione.puglia.it"}


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_behind_a_proxy_without_trusted_proxy_count():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "TRUSTED_PROXY_COUNT": "0"})
    assert result.returncode != 0
    assert "buonepratiche.W002" in result.stderr and "TRUSTED_PROXY_COUNT è 0" in result.stderr


def test_check_deploy_fails_without_site_url():
    production = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", "--deploy", **production)
    assert result.returncode != 0
    assert "buonepratiche.E001" in result.stderr and "SITE_URL non è impostata" in result.stderr


def test_check_deploy_warns_when_shared_state_is_in_a_per_process_cache(tmp_path):
    # Lockouts and sessions in the (per-process, LocMem) default cache: each worker would have its own.
    (tmp_path / "per_process_settings.py").write_text(
        "from buonepratiche.settings import *  # noqa\n"
        "AXES_HANDLER = 'axes.handlers.cache.AxesCacheHandler'\n"
        "SESSION_ENGINE = 'django.contrib.sessions.backends.cache'\n")
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
                    DJANGO_SETTINGS_MODULE="per_process_settings", PYTHONPATH=f"{tmp_path}:{ROOT}")
    assert result.returncode != 0
    assert "buonepratiche.W001" in result.stderr
    assert "(sessioni, blocchi degli accessi (django-axes))" in result.stderr
    with_redis = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
                        DJANGO_SETTINGS_MODULE="per_process_settings", PYTHONPATH=f"{tmp_path}:{ROOT}",
                        REDIS_URL="redis://127.0.0.1:1/0")
    assert "buonepratiche.W001" not in with_redis.stderr, with_redis.stderr


def test_development_runs_with_debug_and_no_key():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_liveness_probe_answers_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/salute/")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
