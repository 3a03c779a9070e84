"""The backup/restore drill, on the database under test (SQLite's backup API, or pg_dump and
psql against the PostgreSQL test database): a restore into an empty installation gives the
same platform (every table's export, every uploaded file and the youth module's retention
exports, which it writes to a folder of its own outside the storage), a damaged or truncated
archive is refused before anything changes, and a backup of an older version comes back
migrated."""

import hashlib
import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from kunskapsnod.operations import backup as backups
from kunskapsnod.operations.models import JobRun, RunStatus
from kunskapsnod.operations.services import _pending_migrations, run_job

FILES = {
    "knowledge/1/rapport.pdf": b"%PDF-1.7 report " * 1000,
    "knowledge/2/bild.png": bytes(range(256)) * 40,
    "top.txt": "Läxhjälp i Borås\n".encode(),
}
# As youth_retention names them (encrypted with the youth key, which no backup holds).
YOUTH_EXPORTS = {
    "gallring-person-20261130T024500-a1b2c3.json.fernet": b"gAAAAAB" + bytes(range(200)),
    "gallring-absence-20261130T024500-d4e5f6.json.fernet": b"gAAAAAB" + b"\x00" * 300,
    "2025/gallring-person-20251130T024500-f0f1f2.json.fernet": b"gAAAAAB" + b"\x01" * 50,
}


@pytest.fixture
def installation(transactional_db, personas, settings, tmp_path):
    """A platform with people, organisations, a job's history and uploaded files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in FILES.items():
        default_storage.save(name, ContentFile(content))
    settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR = tmp_path / "youth-exports"
    settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR.mkdir()
    for name, content in YOUTH_EXPORTS.items():
        (settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR / name).parent.mkdir(exist_ok=True)
        (settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR / name).write_bytes(content)
    JobRun.objects.create(
        job="clear-sessions",
        status=RunStatus.FAILED,
        started_at="2026-11-30T02:00:00Z",
        finished_at="2026-11-30T02:00:01Z",
        host="app1",
        pid=7,
        summary="x",
        error="Kolada svarade 502",
    )
    return settings.MEDIA_ROOT


def export() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def media(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_it_restores_an_empty_installation_to_an_identical_platform(
    installation, settings, tmp_path, capsys, monkeypatch
):
    youth = settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR
    before, files_before, youth_before = export(), media(installation), media(youth)
    archive = tmp_path / "backups" / "drill.tar"
    call_command("backup", "--output", str(archive))
    assert "backup:" in capsys.readouterr().out
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert {f["path"] for f in manifest["files"]} >= {f"media/{name}" for name in FILES} | {
        f"youth-exports/{name}" for name in YOUTH_EXPORTS
    }
    assert manifest["migrations"] == backups.applied_migrations()
    assert Path(f"{archive}.sha256").read_text().split()[0] == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only

    call_command("flush", interactive=False)  # an empty installation: migrated, no data, no files
    shutil.rmtree(installation)
    shutil.rmtree(youth)
    default_storage.save("left-over.txt", ContentFile(b"not in the backup"))
    youth.mkdir()
    (youth / "gallring-person-20261201T024500-0a0b0c.json.fernet").write_bytes(b"not in the backup")
    # Links planted in the folder: the restore must replace them, not write through them.
    elsewhere, secret = tmp_path / "elsewhere", tmp_path / "authorized_keys"
    elsewhere.mkdir()
    secret.write_bytes(b"ssh-ed25519 AAAA")
    (youth / "2025").symlink_to(elsewhere, target_is_directory=True)
    (youth / "gallring-person-20261130T024500-a1b2c3.json.fernet").symlink_to(secret)
    (youth / "stray").symlink_to(secret)
    assert export() != before

    # Owner-only from the start: under umask 0, with nothing narrowing a mode afterwards.
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    old_umask = os.umask(0)
    try:
        call_command("restore", str(archive), "--no-input")
    finally:
        os.umask(old_umask)
    assert "restore: restored" in capsys.readouterr().out
    assert export() == before
    assert media(installation) == files_before
    assert media(youth) == youth_before
    assert not any(path.is_symlink() for path in youth.rglob("*"))
    assert list(elsewhere.iterdir()) == [] and secret.read_bytes() == b"ssh-ed25519 AAAA"
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in youth.rglob("*") if path.is_file())  # personal data


def test_an_archive_written_before_youth_exports_were_archived_leaves_them_alone(installation, settings, tmp_path):
    youth = settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR
    archive, older = tmp_path / "now.tar", tmp_path / "older-format.tar"
    backups.backup(output=archive)

    # Such an archive lists no local folder.
    def without_youth_exports(manifest):
        manifest.pop("local_folders")
        manifest["files"] = [f for f in manifest["files"] if not f["path"].startswith("youth-exports/")]

    with tarfile.open(archive) as source, tarfile.open(tmp_path / "stripped.tar", "w") as out:
        for info in source:
            if not info.name.startswith("youth-exports/"):
                out.addfile(info, source.extractfile(info))
    _with_manifest(tmp_path / "stripped.tar", older, without_youth_exports)
    (youth / "later.json.fernet").write_bytes(b"kept")
    backups.restore(archive=older)
    assert media(youth) == {**YOUTH_EXPORTS, "later.json.fernet": b"kept"}


def _rewrite(archive: Path, target: Path, edit) -> None:
    """Copy an archive member by member through ``edit(name, body) -> body``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        for info in source:
            body = edit(info.name, source.extractfile(info).read())
            info.size = len(body)
            out.addfile(info, io.BytesIO(body))


def _refused(archive: Path, message: str, files_before: dict) -> None:
    """Refused with the message, no uploaded file touched (the tables are compared once at
    the end of each test: an export costs a second)."""
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive), "--no-input")
    assert media(Path(default_storage.location)) == files_before


def test_a_damaged_or_truncated_backup_is_refused_and_the_installation_is_untouched(installation, tmp_path):
    archive = tmp_path / "good.tar"
    backups.backup(output=archive)
    JobRun.objects.create(job="reports", started_at="2026-12-01T02:00:00Z", host="app2", pid=8)  # after the backup
    before, files_before = export(), media(installation)
    data = archive.read_bytes()

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(truncated, "damaged or truncated|missing|no manifest|cut short", files_before)
    shutil.copy(f"{archive}.sha256", f"{truncated}.sha256")
    _refused(truncated, "does not match its checksum", files_before)

    flipped = tmp_path / "flipped.tar"
    _rewrite(
        archive,
        flipped,
        lambda name, body: body[:-1] + bytes([body[-1] ^ 1]) if name.startswith("media/knowledge/1") else body,
    )
    _refused(flipped, "does not match its size and SHA-256", files_before)

    no_file = tmp_path / "no_file.tar"
    _rewrite(archive, no_file, lambda name, body: body)
    with tarfile.open(no_file) as source, tarfile.open(tmp_path / "short.tar", "w") as out:
        for info in source:
            if info.name != "media/top.txt":
                out.addfile(info, source.extractfile(info))
    _refused(tmp_path / "short.tar", "media/top.txt is missing", files_before)

    _refused(tmp_path / "nothing-here.tar", "no such file", files_before)

    call_command("restore", str(archive), "--check")  # the good one is intact
    assert export() == before


def _with_manifest(archive: Path, target: Path, change) -> None:
    def edit(name, body):
        if name == "manifest.json":
            manifest = json.loads(body)
            change(manifest)
            edit.body = json.dumps(manifest).encode()
            return edit.body
        if name == "manifest.json.sha256":
            return f"{hashlib.sha256(edit.body).hexdigest()}  manifest.json\n".encode()
        return body

    _rewrite(archive, target, edit)


def test_an_archive_from_a_newer_version_or_another_engine_or_with_a_path_outside_is_refused(installation, tmp_path):
    archive = tmp_path / "good.tar"
    backups.backup(output=archive)
    before, files_before = export(), media(installation)

    newer = tmp_path / "newer.tar"
    _with_manifest(archive, newer, lambda m: m["migrations"]["operations"].append("0999_future"))
    _refused(newer, "newer version", files_before)

    other = tmp_path / "other.tar"
    other_engine = "postgresql" if backups.engine() == "sqlite" else "sqlite"
    _with_manifest(archive, other, lambda m: m.update(engine=other_engine))
    _refused(other, "names no database|same database engine", files_before)

    unknown = tmp_path / "unknown-folder.tar"
    _with_manifest(archive, unknown, lambda m: m["local_folders"].append("etc/"))
    _refused(unknown, "folders this version does not know: etc/", files_before)

    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as out:
        info = tarfile.TarInfo("../../etc/cron.d/evil")
        info.size = 3
        out.addfile(info, io.BytesIO(b"bad"))
    _refused(evil, "outside the archive", files_before)
    assert export() == before


def test_a_backup_of_an_older_version_is_migrated_on_restore(installation, tmp_path):
    call_command("migrate", "operations", "zero", verbosity=0)  # the version before operations existed
    archive = tmp_path / "old.tar"
    backups.backup(output=archive)
    call_command("migrate", verbosity=0)
    result = backups.restore(archive=archive)
    assert "operations.0001_initial" in result.migrated
    assert not _pending_migrations()
    assert JobRun.objects.count() == 0  # the table is back, empty as in the old version


def test_the_nightly_job_keeps_the_newest_backups(installation, settings, tmp_path):
    settings.KUNSKAPSNOD_BACKUP_DIR, settings.KUNSKAPSNOD_BACKUP_KEEP = tmp_path / "nightly", 2
    settings.KUNSKAPSNOD_BACKUP_DIR.mkdir()
    for age, stamp in enumerate(["20261101-020000", "20261102-020000", "20261103-020000"]):
        old = settings.KUNSKAPSNOD_BACKUP_DIR / f"kunskapsnod-{stamp}.tar"
        old.write_bytes(b"old")
        os.utime(old, (1_700_000_000 + age, 1_700_000_000 + age))
    run = run_job(name="backup")
    assert run.status == RunStatus.SUCCEEDED and "backup:" in run.summary
    kept = sorted(p.name for p in settings.KUNSKAPSNOD_BACKUP_DIR.glob("*.tar"))
    assert len(kept) == 2 and kept[0] == "kunskapsnod-20261103-020000.tar"
