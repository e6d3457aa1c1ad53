"""Settings for Buone Pratiche.

Everything that differs between a laptop and production comes from the
environment. The defaults are safe for local development only: with
DJANGO_DEBUG off (production) the site refuses to start without a real
secret key and an explicit list of allowed hosts.
"""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sì"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-solo-per-sviluppo-locale-non-usare-in-produzione"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY non è impostata: in produzione (DJANGO_DEBUG disattivato) "
            "serve una chiave segreta lunga e casuale."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50
                    or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY è troppo debole per la produzione: usare almeno 50 caratteri casuali."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "axes",
    # Second factor for staff (buonepratiche/two_factor.py): TOTP apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "buonepratiche",
    "practices",
    "funding",
    # The site's name, regions, publishers and contacts as data (identity/models.py).
    "identity",
    "calls",
    "submissions",
    "catalogue",
    "api",
    # Readers' ratings of public pages (issue 18): imports only buonepratiche.
    "feedback",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "buonepratiche.middleware.PermissionsPolicyMiddleware",
    # Before anything that could read the body; after the three above so a 413 has their headers.
    "buonepratiche.request_size.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "buonepratiche.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware has refused unknown hosts: emails may take their links' address from the request.
    "buonepratiche.site_url.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "buonepratiche.middleware.PrivatePagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "buonepratiche.login_security.IdleTimeoutMiddleware",
    "buonepratiche.two_factor.SecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "buonepratiche.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buonepratiche.context_processors.site",
                "catalogue.identity.context",
            ],
        },
    },
]

WSGI_APPLICATION = "buonepratiche.wsgi.application"

# SQLite file in the project folder unless DATABASE_URL says otherwise
# (postgres://user:pass@host:5432/name selects PostgreSQL through psycopg 3).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Every transaction takes the write lock when it begins (BEGIN IMMEDIATE): two writers then
    # queue for up to `timeout` seconds instead of the second failing with "database is locked"
    # when it tries to upgrade a read lock (two quick clicks on "Presenta la candidatura").
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("Inglese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static files and are never served by whitenoise.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
# Candidacy attachments: a separate folder with no URL, served only through a
# permission-checked view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email (Django 6.1 mailers). Development without EMAIL_HOST prints messages in the
# server log; otherwise SMTP, by default to a local relay on port 25, or to EMAIL_HOST
# on 587 with STARTTLS.
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    _email_host = os.environ.get("EMAIL_HOST", "localhost")
    _local_relay = _email_host in {"localhost", "127.0.0.1", "::1"}
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("EMAIL_PORT", "25" if _local_relay else "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=not _local_relay),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Buone Pratiche <noreply@buonepratiche.localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Amministratori", addr) for addr in env_list("DJANGO_ADMINS")]

# Production hardening: on whenever DEBUG is off.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Only the benchmark turns these off, to log in over plain HTTP on loopback.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline scripts or styles anywhere, the admin included: everything comes from our own
# static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # Bootstrap Italia's stylesheet embeds one small font as a data: URL.
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The language switcher's choice (set_language); no script reads it.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(60 * 60 * 8)))

# Wrong passwords are counted per pair (account, client address), never per account alone: from
# another address the owner still gets in. After AXES_FAILURE_LIMIT failures the pair waits
# LOGIN_BACKOFF_BASE_MINUTES; each further failure (during the wait or after it) doubles the wait,
# up to LOGIN_BACKOFF_MAX_MINUTES; the count is forgotten after a successful login or
# LOGIN_BACKOFF_MEMORY_HOURS without failures (buonepratiche/login_security.py). Counted in the
# database, so every worker and machine sees the same count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_BACKOFF_BASE_MINUTES = int(os.environ.get("LOGIN_BACKOFF_BASE_MINUTES", "5"))
LOGIN_BACKOFF_MAX_MINUTES = int(os.environ.get("LOGIN_BACKOFF_MAX_MINUTES", "60"))
LOGIN_BACKOFF_MEMORY_HOURS = int(os.environ.get("LOGIN_BACKOFF_MEMORY_HOURS", "24"))
AXES_HANDLER = "buonepratiche.login_security.BackoffHandler"
AXES_COOLOFF_TIME = "buonepratiche.login_security.cool_off"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "buonepratiche.login_security.lockout_response"
# Log lines name a digest of the username (personal data), never the username or the password.
AXES_CLIENT_STR_CALLABLE = "buonepratiche.login_security.client_str"
# Idle sessions end: staff after 30 minutes (they can publish, unpublish and read personal data
# of every body), others after 60 (an officer writing a long card between saves should not lose
# the session; their area shows only their own body's data). SESSION_COOKIE_AGE stays the
# absolute limit for everyone.
SESSION_IDLE_MINUTES_STAFF = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES_STAFF", "30"))
SESSION_IDLE_MINUTES = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "60"))


def _totp_issuer(device):
    """The site's identity names the account in authenticator apps ("Buone Pratiche Puglia"): read
    when a device is enrolled, since django-otp calls a callable setting with the device (apps are
    not loaded while settings are read, hence the dotted path)."""
    return import_string("identity.models.Identity").current().totp_issuer


# The issuer shown in authenticator apps next to the account; OTP_TOTP_ISSUER overrides the identity's.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER") or _totp_issuer
# The admin lists devices (an administrator may delete a lost one) but never shows a TOTP secret or
# a recovery code: whoever reads them could pass as that user.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# How many proxies of ours stand in front of the app, each appending to X-Forwarded-For; 0 (the
# default) ignores the header. The client address of lockouts, rate limits and logs follows
# from it (buonepratiche/client.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "buonepratiche.client.axes_client_address"



def _code_version():
    """A digest of the code, templates and translations: cached fragments and pickled objects of
    one release must never be served by another, which a shared Redis would otherwise do."""
    digest = hashlib.sha256()
    for folder in ("buonepratiche", "practices", "funding", "identity", "calls", "submissions", "catalogue", "api",
                   "templates", "locale"):
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt", ".mo"):
                digest.update(str(path.relative_to(BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# A shared cache (Redis) when REDIS_URL is set (several app machines); otherwise each process
# keeps its own in memory. Nothing that every process must see alike depends on which: the
# catalogue's version lives in the database (catalogue/catalogue_cache.py), login lockouts too
# (django-axes), and rate limits are counted in Redis when there is one, else in the database
# (RATE_LIMIT_STORE, buonepratiche/ratelimit.py). `check --deploy` warns when something that
# must be shared is put in a per-process cache (buonepratiche/checks.py).
# "catalogue" holds facet counts, the facet index and rendered lists and cards under the
# catalogue's version; "template_fragments" the header and footer.
# Both are keyed by the code's version as well.
CODE_VERSION = _code_version()
_PREFIXES = {"default": "default", "catalogue": f"catalogue:{CODE_VERSION}",
             "template_fragments": f"fragments:{CODE_VERSION}"}
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                "KEY_PREFIX": prefix}
        for alias, prefix in _PREFIXES.items()
    }
else:
    CACHES = {
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias, "KEY_PREFIX": prefix,
                # Room for the pages and cards a process serves most (a few kB to 70 kB each).
                "OPTIONS": {"MAX_ENTRIES": 1000 if alias == "catalogue" else 300}}
        for alias, prefix in _PREFIXES.items()
    }

# The catalogue and the API list at most this many pages of results (deep OFFSETs cost more the
# deeper they go); the bulk downloads have everything.
CATALOGUE_MAX_PAGES = int(os.environ.get("CATALOGUE_MAX_PAGES", "250"))
# Sorting by relevance ranks at most this many matches (the most recent ones) of a search
# (catalogue/listing.py): ranking reads every ranked match's whole search vector.
SEARCH_RANKED_RESULTS = int(os.environ.get("SEARCH_RANKED_RESULTS", "1000"))

# Load-test instances only: show the generated synthetic practices in the catalogue, with a
# banner on every page. Never on the public site.
SHOW_SYNTHETIC_PRACTICES = env_bool("SHOW_SYNTHETIC_PRACTICES", default=False)

# Requests per client in a window of seconds, for search, exports and the API.
RATE_LIMIT_STORE = "cache" if os.environ.get("REDIS_URL") else "database"
RATE_LIMITS = {
    "search": (int(os.environ.get("RATE_LIMIT_SEARCH", "60")), 60),
    "export": (int(os.environ.get("RATE_LIMIT_EXPORT", "10")), 60),
    "api": (int(os.environ.get("RATE_LIMIT_API", "120")), 60),
    # Password-reset e-mails per client address and per typed e-mail address, per hour.
    "password_reset_address": (int(os.environ.get("RATE_LIMIT_PASSWORD_RESET_ADDRESS", "5")), 3600),
    "password_reset_account": (int(os.environ.get("RATE_LIMIT_PASSWORD_RESET_ACCOUNT", "3")), 3600),
    # Second-factor codes per account in 15 minutes (besides django-otp's own doubling wait per device).
    "two_factor": (int(os.environ.get("RATE_LIMIT_TWO_FACTOR", "10")), 900),
    # Background saves of the officer's form per account per minute (one every few seconds of typing).
    "autosave": (int(os.environ.get("RATE_LIMIT_AUTOSAVE", "60")), 60),
    # Page ratings (feedback/): both steps, per client address, per 10 minutes.
    "feedback": (int(os.environ.get("RATE_LIMIT_FEEDBACK", "10")), 600),
}

# The open-data API (/api/v1/) and the dataset description (/opendata/): read-only, anonymous,
# JSON only (no browsable API: its pages would need inline scripts), rate-limited per client.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API delle Buone Pratiche del welfare locale",
    # The description names the site's identity, read per request (api.schema.describe_identity).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe_identity"],
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.it"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "supportedSubmitMethods": ["get"], "defaultModelsExpandDepth": 0},
    # Choice sets several fields share get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "TipoEnteEnum": "practices.models.body.Body.Kind",
        "TipoConvenzioneEnum": "funding.models.agreement.Agreement.Kind",
    },
}
# CORS: anyone may read the API, the dataset description and the bulk downloads from a browser.
CORS_URLS_REGEX = r"^/(api|opendata)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("Link", "Retry-After")
# Bulk downloads of the whole catalogue: one file per format, rebuilt after each change.
BULK_DOWNLOAD_ROOT = Path(os.environ.get("DJANGO_BULK_DOWNLOAD_ROOT", BASE_DIR / "private-media" / "bulk"))
# Above this many practices the files are rebuilt by `manage.py build_bulk_downloads` (cron or after
# publishing), not inside a download request.
BULK_DOWNLOAD_SYNC_LIMIT = int(os.environ.get("BULK_DOWNLOAD_SYNC_LIMIT", "5000"))

# Backups (manage.py backup / restore) sign their manifest with this key (HMAC-SHA256); restore
# refuses an archive whose signature does not match. Required in production; development falls
# back to a key derived from SECRET_KEY (buonepratiche/backup.py).
BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY", "")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "submissions:dashboard"
LOGOUT_REDIRECT_URL = "catalogue:home"
PASSWORD_RESET_TIMEOUT = int(os.environ.get("DJANGO_PASSWORD_RESET_TIMEOUT", str(60 * 60 * 24 * 3)))

# The public address links in emails point to (no trailing slash). Required in production
# (`check --deploy` says so); in development, when unset, links take the address of the request
# that sends the email (buonepratiche/site_url.py).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

# Candidacies: attachment size limit, who is told of new submissions (by default the
# active members of the reviewers' group), the reviewers' group name.
SUBMISSIONS_MAX_UPLOAD_MB = int(os.environ.get("SUBMISSIONS_MAX_UPLOAD_MB", "10"))
SUBMISSIONS_STAFF_EMAILS = env_list("SUBMISSIONS_STAFF_EMAILS")
REVIEWER_GROUP = "Istruttori ANCI"
REGION_GROUP = "Regione Puglia"
# Uploads bigger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Everything but files in one request (form fields, JSON): refused above 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The whole request body, files included: one attachment plus room for the other fields. A bigger
# request is answered 413 from its Content-Length before it is read (buonepratiche/request_size.py).
MAX_REQUEST_MB = int(os.environ.get("MAX_REQUEST_MB", str(SUBMISSIONS_MAX_UPLOAD_MB + 2)))

# django-import-export: every import runs in a transaction, so one bad row imports nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# One JSON object per line on stderr, every line with the id of the request or job it belongs
# to (buonepratiche/request_context.py); one line per request from buonepratiche/observability.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "buonepratiche.request_context.RequestIdFilter"},
                "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": ["asctime", "levelname", "name", "message", "request_id"],
                            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
                 "mail_admins": {"level": "ERROR", "filters": ["require_debug_false"],
                                 "class": "django.utils.log.AdminEmailHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # django-axes logs every check at INFO; lockouts are warnings. Every request is logged once,
    # by buonepratiche.requests: Django's own line for each 4xx/5xx would say it twice.
    # Django's own plain console handler (in development) would print every line twice.
    "loggers": {"axes": {"level": "WARNING"}, "django": {"handlers": ["mail_admins"], "level": "INFO"},
                "django.request": {"level": "ERROR"}},
}

# --- Operations (issue 17): background jobs, schedules, probes, metrics, error reports ---------
# Jobs are kept in the database (django-tasks-db) and run by `manage.py db_worker`; periodic ones
# are declared in ops/schedules.py and enqueued by `manage.py run_scheduler`.
INSTALLED_APPS += ["django_tasks_db", "ops"]
# Outermost: the request id and the timing cover every other middleware.
MIDDLEWARE.insert(0, "buonepratiche.observability.RequestObservabilityMiddleware")
# API clients in a browser can read the id too, to quote it.
CORS_EXPOSE_HEADERS = (*CORS_EXPOSE_HEADERS, "X-Request-ID")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds before the 2nd, 3rd and 4th attempt of a failed job; after the last the job stays failed.
JOB_RETRY_DELAYS = [int(x) for x in env_list("JOB_RETRY_DELAYS", "60,600,3600")]
# /salute/pronto/ answers 503 when a runnable job has waited longer than this (the worker is down
# or behind), or when the disk holding the uploads has less free space than this.
READINESS_MAX_QUEUE_LAG = int(os.environ.get("READINESS_MAX_QUEUE_LAG", "300"))
READINESS_MIN_FREE_DISK_MB = int(os.environ.get("READINESS_MIN_FREE_DISK_MB", "500"))
# /metriche/ exists only with a token (Authorization: Bearer <token>).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
if os.environ.get("SENTRY_DSN"):
    from .error_reports import init as _init_error_reports

    _init_error_reports(os.environ["SENTRY_DSN"], os.environ.get("SENTRY_ENVIRONMENT", "production"),
                        CODE_VERSION)
