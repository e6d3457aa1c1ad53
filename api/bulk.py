"""Bulk downloads of the whole public catalogue, one stable URL per format.

Each file is built once per state of the catalogue and kept on disk: the state's
fingerprint (number of public practices, latest change, catalogue cache version) names the
file. Files are written to a temporary name and renamed, so a reader never sees half a file;
older files are removed.

Up to BULK_DOWNLOAD_SYNC_LIMIT practices a download after a change rebuilds the file in the
request (seconds). Above it, building takes minutes (100,000 practices: longer than an app
server's request timeout), so the request serves the last file built and enqueues the
`rebuild_bulk_downloads` job (once: not again while it waits); the schedule (ops/schedules.py)
runs the same job periodically, and `manage.py build_bulk_downloads` does it by hand.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from buonepratiche.jobs import enqueue_once, job
from catalogue import catalogue_cache
from catalogue.exports import EXPORT_FORMATS, stream_csv, stream_json, xlsx_file
from practices.models import Practice


def public_practices():
    return Practice.objects.public().order_by("-published_at", "title", "pk")


def fingerprint():
    state = public_practices().aggregate(n=Count("pk"), changed=Max("updated_at"), published=Max("published_at"))
    raw = f"{state['n']}|{state['changed']}|{state['published']}|{catalogue_cache.version()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _write(handle, export_format):
    if export_format == "xlsx":
        with xlsx_file(public_practices()) as source:
            shutil.copyfileobj(source, handle)
        return
    stream = stream_csv(public_practices()) if export_format == "csv" else stream_json(public_practices())
    for chunk in stream:
        handle.write(chunk.encode("utf-8"))


def _latest(root, export_format):
    files = sorted(root.glob(f"buone-pratiche-*.{export_format}"), key=lambda path: path.stat().st_mtime)
    return files[-1] if files else None


def bulk_file(export_format, build=None):
    """The path of the file to serve for this format, building it when that is cheap (or forced)."""
    if export_format not in EXPORT_FORMATS:
        raise ValueError(export_format)
    root = Path(settings.BULK_DOWNLOAD_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"buone-pratiche-{fingerprint()}.{export_format}"
    if target.exists():
        return target
    latest = _latest(root, export_format)
    if build is None:
        build = latest is None or public_practices().count() <= settings.BULK_DOWNLOAD_SYNC_LIMIT
    if not build:
        enqueue_once(rebuild_bulk_downloads)
        return latest
    descriptor, temporary = tempfile.mkstemp(dir=root, prefix=".building-", suffix=f".{export_format}")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _write(handle, export_format)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in root.glob(f"buone-pratiche-*.{export_format}"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


@job
def rebuild_bulk_downloads():
    """Every format, for the catalogue as it is now; a format already current is left alone."""
    return {export_format: bulk_file(export_format, build=True).name for export_format in EXPORT_FORMATS}
