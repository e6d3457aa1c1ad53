"""The request id: one short token per request, in every log line written while it is served
and in the jobs it enqueues, so that an operator can follow one user's complaint ("Codice della
richiesta: …") from the web server's log to the worker's.

A context variable rather than a thread-local: it follows the request into async code and is
set again by the job wrapper (buonepratiche/jobs.py) when the worker runs the job.
"""

import contextvars
import logging
import re
import secrets

request_id = contextvars.ContextVar("request_id", default="")

# An incoming X-Request-ID (from our proxy) is kept only if it is a short plain token: it goes
# into log lines and a page, so nothing that could forge a line or carry markup.
SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def new_id():
    return secrets.token_hex(8)


def accept_or_new(incoming):
    return incoming if incoming and SAFE_ID.fullmatch(incoming) else new_id()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (empty outside a request or a job)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = request_id.get()
        return True
