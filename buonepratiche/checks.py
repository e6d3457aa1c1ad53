"""Deployment checks (`manage.py check --deploy`): state every app process must share, and SITE_URL.

Production runs several gunicorn workers. Two mistakes make the site behave per worker or per
proxy without any error: keeping shared state (sessions, login lockouts, rate limits) in a
cache that lives inside one process, and running behind a reverse proxy without saying so
(TRUSTED_PROXY_COUNT = 0: every client then has the proxy's address, so one client's
failed logins or searches count against everybody).
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.translation import gettext as _

# Caches that each process keeps for itself (or not at all).
PER_PROCESS_BACKENDS = ("django.core.cache.backends.locmem.LocMemCache",
                        "django.core.cache.backends.dummy.DummyCache")


def _shared_state_in_caches():
    """(what, cache alias) for each piece of shared state that the settings keep in a cache."""
    uses = []
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache":
        uses.append((_("sessioni"), settings.SESSION_CACHE_ALIAS))
    if settings.AXES_HANDLER.endswith("AxesCacheHandler"):
        uses.append((_("blocchi degli accessi (django-axes)"), getattr(settings, "AXES_CACHE", "default")))
    if settings.RATE_LIMIT_STORE == "cache":
        uses.append((_("limiti di richieste"), "default"))
    return uses


@register(Tags.caches, deploy=True)
def shared_state_in_a_per_process_cache(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    per_process = [what for what, alias in _shared_state_in_caches()
                   if settings.CACHES[alias]["BACKEND"] in PER_PROCESS_BACKENDS]
    if not per_process:
        return []
    return [Warning(
        _("Stato che tutti i processi devono condividere (%s) è tenuto in una cache interna a ciascun processo: "
          "con più worker ogni processo conta per conto suo.") % ", ".join(per_process),
        hint=_("Impostare REDIS_URL, oppure tenere questi dati nel database (impostazioni predefinite)."),
        id="buonepratiche.W001",
    )]


@register(Tags.security, deploy=True)
def proxy_without_trusted_proxy_count(app_configs, **kwargs):
    # SECURE_PROXY_SSL_HEADER trusts a header that only a proxy of ours may set: the settings say
    # the site is behind one.
    if settings.DEBUG or not settings.SECURE_PROXY_SSL_HEADER or settings.TRUSTED_PROXY_COUNT > 0:
        return []
    return [Warning(
        _("Il sito è dietro un proxy (SECURE_PROXY_SSL_HEADER è impostata) ma TRUSTED_PROXY_COUNT è 0: "
          "tutti i client hanno l'indirizzo del proxy, e i blocchi degli accessi e i limiti di richieste "
          "di uno valgono per tutti."),
        hint=_("Impostare TRUSTED_PROXY_COUNT al numero di proxy davanti all'applicazione (1 con il solo nginx)."),
        id="buonepratiche.W002",
    )]


@register(Tags.security, deploy=True)
def site_url_missing(app_configs, **kwargs):
    # Links in e-mails need the public address; taken from a request they would follow whatever
    # Host header reached the application (buonepratiche/site_url.py).
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [Error(
        _("SITE_URL non è impostata: in produzione i link nelle email devono partire dall'indirizzo pubblico del sito."),
        hint=_("Impostare la variabile d'ambiente SITE_URL, per esempio https://buonepratiche.regione.puglia.it."),
        id="buonepratiche.E001",
    )]
