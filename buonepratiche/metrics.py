"""The metrics every process counts itself, declared once (prometheus_client).

What lives in the database (jobs, emails, the catalogue's size) is read when /metriche/ is
scraped (ops/collectors.py); here is only what a process sees as it happens: requests, their
queries, cache look-ups, logins and lockouts. With several gunicorn workers each one counts
its own: PROMETHEUS_MULTIPROC_DIR makes the client keep the counts in files they share
(docs/deployment.md, "Operating").
"""

from prometheus_client import Counter, Histogram

REQUESTS = Counter("bp_requests_total", "Richieste servite, per vista, metodo e stato.",
                   ["view", "method", "status"])
LATENCY = Histogram("bp_request_duration_seconds", "Durata delle richieste, per vista.", ["view"],
                    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
QUERIES = Histogram("bp_request_queries", "Query SQL per richiesta, per vista.", ["view"],
                    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200))
CACHE = Counter("bp_cache_lookups_total", "Letture della cache del catalogo: trovate (hit) o calcolate (miss).",
                ["result"])
LOGINS = Counter("bp_logins_total", "Accessi riusciti e falliti.", ["result"])
LOCKOUTS = Counter("bp_login_lockouts_total", "Blocchi dell'accesso dopo troppi tentativi falliti.")
