"""A backup, a wipe and a restore bring back every row and every file."""

import hashlib
import hmac
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

# serialized_rollback puts back the rows data migrations created (staff groups) for later tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot_rows():
    out = io.StringIO()
    call_command("dumpdata", "--all", "--indent", "0", stdout=out,
                 exclude=["sessions", "axes"])
    return out.getvalue()


def snapshot_files():
    result = {}
    for setting in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        root = Path(getattr(settings, setting))
        for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []:
            result[f"{setting}/{path.relative_to(root)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


@pytest.fixture
def data_with_files():
    from submissions import workflow
    from submissions.tests.factories import comune, draft, make_call, make_user

    call_command("load_comuni", verbosity=0)
    call_command("load_taxonomies", verbosity=0)
    call_command("load_publication", verbosity=0)
    officer = make_user("referente.backup", comune=comune())
    reviewer = make_user("istruttore.backup", group="Istruttori ANCI")
    candidacy = draft(make_call(), officer, title="Pratica da salvare")
    workflow.perform(candidacy, "submit", officer)
    workflow.perform(candidacy, "start_review", reviewer)
    workflow.perform(candidacy, "admit", reviewer, note="Ammessa.", communicate=True)
    workflow.perform(candidacy, "publish", reviewer)
    return candidacy


def test_backup_wipe_restore_gives_back_every_row_and_file(tmp_path, data_with_files):
    rows_before, files_before = snapshot_rows(), snapshot_files()
    assert any(k.startswith("PRIVATE_MEDIA_ROOT/candidature/") for k in files_before)
    assert any(k.startswith("MEDIA_ROOT/pratiche/") for k in files_before)
    call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("buonepratiche-*.tar.gz")

    call_command("flush", interactive=False, verbosity=0)
    for setting in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        for path in Path(getattr(settings, setting)).rglob("*"):
            if path.is_file():
                path.unlink()
    assert snapshot_rows() != rows_before and not snapshot_files()

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert "ripristinato" in out.getvalue()
    assert snapshot_rows() == rows_before
    assert snapshot_files() == files_before


def test_restore_needs_confirmation_and_refuses_a_tampered_archive(tmp_path, data_with_files):
    call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("buonepratiche-*.tar.gz")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    tampered = tmp_path / "manomesso.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "database.dump":
                content = content[:-10] + b"0123456789"
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    rows = snapshot_rows()
    with pytest.raises(CommandError, match="danneggiato"):
        call_command("restore", str(tampered), yes=True)
    assert snapshot_rows() == rows


def rewrite(archive, target, change=lambda name, content: content, drop=(), add=None):
    """A copy of the archive with members changed, left out or added, as an attacker would make it."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            if member.name in drop:
                continue
            content = change(member.name, source.extractfile(member).read())
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
        for name, content in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))
    return target


def test_archive_is_created_owner_only_whatever_the_umask(tmp_path, data_with_files):
    previous = os.umask(0)
    try:
        call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    finally:
        os.umask(previous)
    (archive,) = tmp_path.glob("buonepratiche-*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_restore_refuses_unsigned_or_resigned_archives_before_touching_anything(tmp_path, data_with_files):
    call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("buonepratiche-*.tar.gz")
    with tarfile.open(archive) as source:
        manifest = json.loads(source.extractfile("manifest.json").read())
        dump = source.extractfile("database.dump").read()
    forged_dump = dump[:-10] + b"0123456789"
    forged_manifest = json.dumps({**manifest, "members": {
        **manifest["members"], "database.dump": hashlib.sha256(forged_dump).hexdigest()}}).encode()
    attacks = {
        # The dump changed and the manifest updated to match: the signature no longer does.
        "member and manifest": (rewrite(archive, tmp_path / "a.tar.gz", lambda name, content: {
            "database.dump": forged_dump, "manifest.json": forged_manifest}.get(name, content)), "Firma"),
        "manifest only": (rewrite(archive, tmp_path / "b.tar.gz", lambda name, content: content.replace(
            b'"created_at": "', b'"created_at": "1') if name == "manifest.json" else content), "Firma"),
        "signature removed": (rewrite(archive, tmp_path / "c.tar.gz", drop={"manifest.sig"}), "non firmato"),
        "signature of another key": (rewrite(archive, tmp_path / "d.tar.gz", lambda name, content: hmac.new(
            b"altra", forged_manifest, hashlib.sha256).hexdigest().encode() if name == "manifest.sig" else content),
            "Firma"),
        "file slipped in": (rewrite(archive, tmp_path / "e.tar.gz", add={"media/pagina.html": b"<script>"}),
                            "non è nel manifesto"),
    }
    rows, files = snapshot_rows(), snapshot_files()
    for label, (forged, message) in attacks.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(forged), yes=True)
        assert snapshot_rows() == rows and snapshot_files() == files, label


def test_production_refuses_to_back_up_or_restore_without_a_signing_key(tmp_path, data_with_files, settings):
    call_command("backup", output=str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("buonepratiche-*.tar.gz")
    settings.BACKUP_SIGNING_KEY = ""
    for command, args in (("backup", {"output": str(tmp_path / "nuovo")}), ("restore", {"yes": True})):
        with pytest.raises(CommandError, match="BACKUP_SIGNING_KEY"):
            call_command(command, *([str(archive)] if command == "restore" else []), **args, stdout=io.StringIO())
    # Development signs with a key derived from SECRET_KEY, which the configured key does not match.
    settings.DEBUG = True
    call_command("backup", output=str(tmp_path / "sviluppo"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Firma"):
        call_command("restore", str(archive), yes=True)
