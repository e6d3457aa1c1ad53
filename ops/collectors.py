"""Metrics read from the database when /metriche/ is scraped: the same for every process and
machine, so they need no multiprocess files. Jobs by task and state (the e-mails are the
send_email jobs), the queue's length and lag, the catalogue's size."""

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from buonepratiche.mail import send_email


class DatabaseCollector(Collector):
    def describe(self):
        # Registration would otherwise call collect(), querying the database at start-up.
        return []

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from practices.models import Practice

        from .readiness import queue_lag_seconds

        jobs = GaugeMetricFamily("bp_jobs", "Lavori in archivio, per compito e stato.", labels=["task", "status"])
        emails = GaugeMetricFamily("bp_emails", "E-mail inviate (SUCCESSFUL) e non inviate (FAILED, per tentativo).",
                                   labels=["status"])
        rows = DBTaskResult.objects.values_list("task_path", "status").annotate(n=Count("pk")).order_by()
        for task_path, status, n in rows:
            jobs.add_metric([task_path.rsplit(".", 1)[-1], status], n)
            if task_path == send_email.module_path:
                emails.add_metric([status], n)
        yield jobs
        yield emails
        yield GaugeMetricFamily("bp_job_queue_length", "Lavori pronti da eseguire.",
                                value=DBTaskResult.objects.ready().count())
        yield GaugeMetricFamily("bp_job_queue_lag_seconds", "Da quanto attende il lavoro pronto più vecchio.",
                                value=queue_lag_seconds())
        yield GaugeMetricFamily("bp_catalogue_practices", "Pratiche nel catalogo pubblico.",
                                value=Practice.objects.public().count())


DATABASE_COLLECTOR = DatabaseCollector()
REGISTRY.register(DATABASE_COLLECTOR)
