"""A backup, a wipe and a restore bring back every row and every file."""

import hashlib
import io
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
