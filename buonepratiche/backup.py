"""Consistent backups of the database and the uploaded files, and their restore.

A backup is one .tar.gz holding `database.dump` (pg_dump custom format on PostgreSQL, an
SQLite online-backup copy otherwise), the public and private upload folders, and a
manifest with the SHA-256 of every member, checked again before anything is restored.

The archive holds personal data: it is created readable by its owner only (mode 0600 from the
start, never widened then narrowed), and its manifest is signed with HMAC-SHA256
(`manifest.sig`) under BACKUP_SIGNING_KEY, so that `restore` refuses an archive someone
altered (manifest, member or signature) before it touches anything. Production refuses to back
up or restore without the key; development falls back to a key derived from SECRET_KEY.
"""

import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    pass


def _pg_env_and_args():
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    args = ["--dbname", params["NAME"]]
    if params.get("HOST"):
        args += ["--host", params["HOST"]]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", params["USER"]]
    return env, args


def _dump_database(target):
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        result = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],
                                env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_dump non riuscito: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"Database non supportato: {connection.vendor}")


def _restore_database(source):
    if connection.vendor == "postgresql":
        connection.close()
        env, args = _pg_env_and_args()
        result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                 *args, str(source)], env=env, capture_output=True, text=True)
        if result.returncode:
            raise BackupError(f"pg_restore non riuscito: {result.stderr.strip()}")
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)


def _signing_key():
    key = settings.BACKUP_SIGNING_KEY
    if key:
        return key.encode()
    if not settings.DEBUG:
        raise BackupError("BACKUP_SIGNING_KEY non è impostata: in produzione i backup si firmano e si verificano "
                          "con una chiave segreta tenuta fuori dal server dei backup.")
    return hmac.new(settings.SECRET_KEY.encode(), b"buonepratiche.backup", hashlib.sha256).hexdigest().encode()


def _signature(manifest, key):
    return hmac.new(key, manifest, hashlib.sha256).hexdigest().encode()


def _read_signed_manifest(archive, key):
    """The manifest, once its signature checks out, and the members it lists (nothing else)."""
    try:
        manifest = archive.extractfile("manifest.json").read()
        signature = archive.extractfile("manifest.sig").read().strip()
    except (KeyError, AttributeError) as error:
        raise BackupError("Archivio non firmato: manca il manifesto o la sua firma; non si ripristina.") from error
    if not hmac.compare_digest(signature, _signature(manifest, key)):
        raise BackupError("Firma del backup non valida: l'archivio è stato alterato o firmato con un'altra chiave; "
                          "non si ripristina.")
    manifest = json.loads(manifest)
    extra = {m.name for m in archive.getmembers() if m.isfile()} - set(manifest["members"]) - {
        "manifest.json", "manifest.sig"}
    if extra:
        raise BackupError(f"Archivio danneggiato: {sorted(extra)[0]} non è nel manifesto firmato.")
    return manifest


def _add_bytes(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    archive.addfile(info, io.BytesIO(content))


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(output_dir):
    """Write a backup archive in output_dir and return its path."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive_path = output_dir / f"buonepratiche-{stamp}.tar.gz"
    key = _signing_key()
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.dump"
        _dump_database(dump)
        members = {"database.dump": _sha256(dump)}
        # Created owner-only: no moment in which another account could open it.
        handle = os.fdopen(os.open(archive_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        with handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            archive.add(dump, arcname="database.dump")
            for name, setting in FOLDERS.items():
                root = Path(getattr(settings, setting))
                if not root.exists():
                    continue
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    arcname = f"{name}/{path.relative_to(root).as_posix()}"
                    members[arcname] = _sha256(path)
                    archive.add(path, arcname=arcname)
            manifest = json.dumps({
                "created_at": timezone.now().isoformat(), "database": connection.vendor, "members": members,
            }, indent=2).encode()
            _add_bytes(archive, "manifest.json", manifest)
            _add_bytes(archive, "manifest.sig", _signature(manifest, key))
    return archive_path


def restore_backup(archive_path):
    """Check the archive, then replace the database and the upload folders with its content."""
    key = _signing_key()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = _read_signed_manifest(archive, key)
            archive.extractall(scratch, members=[m for m in archive.getmembers() if m.name in manifest["members"]],
                               filter="data")
        if manifest["database"] != connection.vendor:
            raise BackupError(f"Il backup è di un database {manifest['database']}, non {connection.vendor}.")
        for name, digest in manifest["members"].items():
            path = scratch / name
            if not path.is_file() or _sha256(path) != digest:
                raise BackupError(f"Archivio danneggiato: {name} non corrisponde al manifesto.")
        _restore_database(scratch / "database.dump")
        for name, setting in FOLDERS.items():
            root = Path(getattr(settings, setting))
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True, exist_ok=True)
            source = scratch / name
            if source.exists():
                shutil.copytree(source, root, dirs_exist_ok=True)
    return manifest
