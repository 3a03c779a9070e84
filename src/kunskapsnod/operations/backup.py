"""Backup and restore of a whole installation: the database and the uploaded files in one
tar archive with a manifest.

The archive holds

- ``database/kunskapsnod.sqlite3`` (SQLite's online backup API: a consistent copy while
  the site runs) or ``database/kunskapsnod.pgdump`` (``pg_dump -Fc``),
- ``media/<name>`` for every file of the default storage (local disk or S3),
- ``youth-exports/<name>`` for every file of the folders the platform writes on local disk
  outside the storage (``local_folders``: the youth module's encrypted retention exports),
- ``manifest.json``: format, app version, engine, when, the migrations applied, the local
  folders archived, and every file above with its size and SHA-256,
- ``manifest.json.sha256``: the manifest's own SHA-256, last,

and beside it ``<archive>.sha256`` (``sha256sum -c`` format) for the whole file.

A restore verifies everything first — the archive's checksum when beside it, every member
against the manifest, nothing missing, nothing extra, no path outside its folder, the
database file readable (``PRAGMA integrity_check`` / ``pg_restore --list``), the engine the
same, no migration this version does not know — and refuses with a message naming the
problem before it touches anything. Then it replaces the database in one step (SQLite's
backup API into the live file; on PostgreSQL the tables are dropped and the dump restored
by ``psql --single-transaction``, so a failure leaves the database as it was), makes the
storage and each archived local folder hold exactly the archived files (a folder an older
archive did not include is left alone), and runs ``migrate`` (a backup of an older version
comes up migrated)."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kunskapsnod.operations import localfolder

FORMAT = 1
APP = "kunskapsnod"
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
DATABASE_MEMBER = {"sqlite": "database/kunskapsnod.sqlite3", "postgresql": "database/kunskapsnod.pgdump"}
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


def local_folders() -> dict[str, Path]:
    """Folders of local disk outside the storage whose files belong to the installation, by
    their prefix in the archive. The youth module writes its retention exports (what it
    removed, encrypted) with plain file I/O, not the storage API: they are not media."""
    return {"youth-exports/": Path(settings.KUNSKAPSNOD_YOUTH_EXPORT_DIR)}


class BackupError(Exception):
    """A backup that cannot be written, or an archive that must not be restored."""


@dataclass
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]

    def __str__(self) -> str:
        paths = [entry["path"] for entry in self.manifest["files"]]
        uploaded = sum(path.startswith(MEDIA_PREFIX) for path in paths)
        local = len(paths) - 1 - uploaded
        kind = self.manifest["engine"]
        return (
            f"{self.path} ({self.size:,} bytes, {kind}, {uploaded} uploaded files, {local} other files), "
            f"sha256 {self.sha256}"
        )


@dataclass
class Verified:
    """An archive whose every member matched its manifest, unpacked into ``folder``."""

    manifest: dict[str, Any]
    folder: Path
    media: list[str] = field(default_factory=list)  # storage names
    local: dict[str, list[str]] = field(default_factory=dict)  # archived folder prefix -> relative names

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_MEMBER[self.manifest["engine"]]


# --- Helpers ---------------------------------------------------------------------------


def engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def app_version() -> str:
    try:
        return metadata.version(APP)
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def local_files(folder: Path) -> list[str]:
    """Every regular file under ``folder`` as a relative POSIX path (none if it is missing)."""
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage (the storage API, so local disk and S3 alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


# --- PostgreSQL client programs ------------------------------------------------------------


def pg_program(name: str) -> str:
    """The newest installed client program: KUNSKAPSNOD_PG_BIN_DIR if set, else Debian's
    versioned /usr/lib/postgresql/<n>/bin (pg_dump must be at least the server's version),
    else the PATH."""
    configured = os.environ.get("KUNSKAPSNOD_PG_BIN_DIR", "")
    candidates = [Path(configured) / name] if configured else []
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted(
            (p for p in debian.iterdir() if p.name.replace(".", "").isdigit()),
            key=lambda p: [int(part) for part in p.name.split(".")],
            reverse=True,
        )
        candidates += [version / "bin" / name for version in versions]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(
        f"{name} was not found: install Debian's postgresql-client (apt install postgresql-client) "
        "or set KUNSKAPSNOD_PG_BIN_DIR to the folder holding it."
    )


def _pg_env() -> dict[str, str]:
    """libpq's environment for the database under Django's connection (its test name too)."""
    params = connections[DEFAULT_DB_ALIAS].settings_dict
    env = dict(os.environ)
    for key, variable in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if params.get(key):
            env[variable] = str(params[key])
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if params.get(key):
            env[variable] = str(params[key])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return env


def _run(command: list[str], *, stdin: IO[bytes] | None = None, what: str) -> subprocess.CompletedProcess:
    # The PostgreSQL client programs found by pg_program, with arguments of our own.
    result = subprocess.run(command, env=_pg_env(), stdin=stdin, capture_output=True, check=False)  # noqa: S603
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{what} failed: {' '.join(error[-3:]) or f'exit status {result.returncode}'}")
    return result


# --- Backup ---------------------------------------------------------------------------------


def default_backup_path(now: datetime.datetime | None = None) -> Path:
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.KUNSKAPSNOD_BACKUP_DIR) / f"kunskapsnod-{stamp}.tar"


def backup(*, output: Path | None = None, storage: Storage | None = None) -> BackupResult:
    """Write one archive of the database and the uploaded files; see the module's doc."""
    storage = storage or default_storage
    output = Path(output or default_backup_path())
    output.parent.mkdir(parents=True, exist_ok=True)
    kind = engine()
    partial = output.with_name(output.name + ".partial")
    files: list[dict[str, Any]] = []
    # Scratch space beside the archive (the same disk), and the archive readable by its owner
    # only: it holds every personal datum of the installation.
    with tempfile.TemporaryDirectory(prefix=".kunskapsnod-backup-", dir=output.parent) as scratch:
        dump = Path(scratch) / "database"
        migrations = applied_migrations()
        _dump_sqlite(dump) if kind == "sqlite" else _dump_postgresql(dump)
        try:
            partial.touch(mode=0o600)
            partial.chmod(0o600)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                files.append(_add_file(archive, DATABASE_MEMBER[kind], dump))
                for name in storage_files(storage):
                    files.append(_add_stored(archive, MEDIA_PREFIX + name, storage, name, Path(scratch)))
                for prefix, folder in local_folders().items():
                    for name in local_files(folder):
                        files.append(_add_file(archive, prefix + name, folder / name))
                manifest = {
                    "format": FORMAT,
                    "app": APP,
                    "version": app_version(),
                    "engine": kind,
                    "created_at": timezone.now().isoformat(),
                    "host": socket.gethostname(),
                    "migrations": migrations,
                    "local_folders": sorted(local_folders()),
                    "files": files,
                }
                body = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                _add_bytes(archive, MANIFEST, body)
                _add_bytes(archive, MANIFEST_SUM, f"{hashlib.sha256(body).hexdigest()}  {MANIFEST}\n".encode())
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    checksum = sha256_file(output)
    Path(f"{output}.sha256").write_text(f"{checksum}  {output.name}\n", "utf-8")
    if output.parent == Path(settings.KUNSKAPSNOD_BACKUP_DIR):
        prune(output.parent, keep=settings.KUNSKAPSNOD_BACKUP_KEEP)
    return BackupResult(path=output, size=output.stat().st_size, sha256=checksum, manifest=manifest)


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives of the backup folder (the nightly job's)."""
    archives = sorted(folder.glob("kunskapsnod-*.tar"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = archives[max(keep, 1) :]
    for archive in removed:
        archive.unlink()
        Path(f"{archive}.sha256").unlink(missing_ok=True)
    return removed


def _dump_sqlite(target: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _dump_postgresql(target: Path) -> None:
    _run(
        [pg_program("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--file={target}"],
        what="pg_dump",
    )


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(timezone.now().timestamp())
    return info


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    size, checksum = path.stat().st_size, sha256_file(path)
    with path.open("rb") as handle:
        archive.addfile(_member(name, size), handle)
    return {"path": name, "size": size, "sha256": checksum}


def _add_stored(archive: tarfile.TarFile, member: str, storage: Storage, name: str, scratch: Path) -> dict[str, Any]:
    """A stored file goes through a local copy: its size and hash must be known before the
    tar header is written, and S3 gives one read."""
    copy = scratch / "stored"
    with storage.open(name, "rb") as source, copy.open("wb") as target:
        shutil.copyfileobj(source, target, CHUNK)
    try:
        return _add_file(archive, member, copy)
    finally:
        copy.unlink()


def _add_bytes(archive: tarfile.TarFile, name: str, body: bytes) -> None:
    archive.addfile(_member(name, len(body)), io.BytesIO(body))


# --- Verify ---------------------------------------------------------------------------------


def verify(archive: Path, folder: Path) -> Verified:
    """Check the archive completely and unpack it into ``folder``; BackupError names the
    first problem. Nothing of the installation is read or written but its migration state."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    _check_sidecar(archive)
    seen: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, "r:") as tar:
            for info in tar:
                name = _safe_member_name(info)
                if name in seen:
                    raise BackupError(f"{archive}: {name} appears twice; not a backup written by Kunskapsnod.")
                seen[name] = _unpack(tar, info, folder / name)
    except tarfile.TarError as exc:
        raise BackupError(f"{archive} is damaged or truncated ({exc}); nothing was restored.") from None
    except (EOFError, OSError) as exc:
        raise BackupError(f"{archive} is damaged or truncated ({exc}); nothing was restored.") from None
    manifest = _checked_manifest(archive, folder, seen)
    paths = [entry["path"] for entry in manifest["files"]]
    media = [path[len(MEDIA_PREFIX) :] for path in paths if path.startswith(MEDIA_PREFIX)]
    local = {
        prefix: [path[len(prefix) :] for path in paths if path.startswith(prefix)]
        for prefix in manifest["local_folders"]
    }
    verified = Verified(manifest=manifest, folder=folder, media=media, local=local)
    _check_database_file(archive, verified)
    _check_migrations_known(archive, manifest)
    return verified


def _check_sidecar(archive: Path) -> None:
    sidecar = Path(f"{archive}.sha256")
    if not sidecar.is_file():
        return
    expected = sidecar.read_text("utf-8", "replace").split()[:1]
    if not expected or expected[0].lower() != sha256_file(archive):
        raise BackupError(
            f"{archive} does not match its checksum in {sidecar.name}: the file is damaged or "
            "truncated; nothing was restored."
        )


def _safe_member_name(info: tarfile.TarInfo) -> str:
    path = PurePosixPath(info.name)
    if not info.isreg():
        raise BackupError(f"{info.name}: not a regular file; not a backup written by Kunskapsnod.")
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in info.name:
        raise BackupError(f"{info.name}: a path outside the archive's folders; refused.")
    return str(path)


def _unpack(tar: tarfile.TarFile, info: tarfile.TarInfo, target: Path) -> tuple[int, str]:
    source = tar.extractfile(info)
    assert source is not None  # a regular file
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            handle.write(chunk)
            size += len(chunk)
    if size != info.size:
        raise BackupError(f"{info.name} is cut short ({size} of {info.size} bytes): the archive is truncated.")
    return size, digest.hexdigest()


def _checked_manifest(archive: Path, folder: Path, seen: dict[str, tuple[int, str]]) -> dict[str, Any]:
    if MANIFEST not in seen or MANIFEST_SUM not in seen:
        raise BackupError(f"{archive} has no manifest: it is truncated or not a Kunskapsnod backup.")
    body = (folder / MANIFEST).read_bytes()
    recorded = (folder / MANIFEST_SUM).read_text("utf-8", "replace").split()[:1]
    if not recorded or recorded[0].lower() != hashlib.sha256(body).hexdigest():
        raise BackupError(f"{archive}: the manifest does not match its checksum; the archive is damaged.")
    try:
        manifest = json.loads(body)
        files = {entry["path"]: (int(entry["size"]), str(entry["sha256"])) for entry in manifest["files"]}
        kind, version = manifest["engine"], manifest["format"]
        # Archives written before the local folders were included have none.
        folders = manifest.setdefault("local_folders", [])
        unknown_folders = [prefix for prefix in folders if prefix not in local_folders()]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{archive}: the manifest cannot be read ({exc}).") from None
    if manifest.get("app") != APP or version != FORMAT:
        raise BackupError(f"{archive}: not a Kunskapsnod backup of format {FORMAT}.")
    if kind not in DATABASE_MEMBER or DATABASE_MEMBER[kind] not in files:
        raise BackupError(f"{archive}: the manifest names no database.")
    if unknown_folders:
        raise BackupError(f"{archive}: folders this version does not know: {', '.join(map(str, unknown_folders))}.")
    for name, (size, checksum) in files.items():
        if name not in seen:
            raise BackupError(f"{archive}: {name} is missing; the archive is truncated or damaged.")
        if seen[name] != (size, checksum):
            raise BackupError(f"{archive}: {name} does not match its size and SHA-256 in the manifest; it is damaged.")
        if not (name == DATABASE_MEMBER[kind] or name.startswith((MEDIA_PREFIX, *folders))):
            raise BackupError(f"{archive}: {name} is neither the database nor an uploaded or archived file.")
    extra = set(seen) - set(files) - {MANIFEST, MANIFEST_SUM}
    if extra:
        raise BackupError(f"{archive}: files the manifest does not list: {', '.join(sorted(extra))}.")
    current = engine()
    if kind != current:
        raise BackupError(
            f"{archive} is a backup of a {kind} installation; this one runs {current}. "
            "Restore it into an installation with the same database engine."
        )
    return manifest


def _check_database_file(archive: Path, verified: Verified) -> None:
    if verified.manifest["engine"] == "sqlite":
        check = sqlite3.connect(f"file:{verified.database}?mode=ro", uri=True)
        try:
            answer = check.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            answer = (str(exc),)
        finally:
            check.close()
        if not answer or answer[0] != "ok":
            raise BackupError(f"{archive}: the database in it fails SQLite's integrity check ({answer}).")
    else:
        _run([pg_program("pg_restore"), "--list", str(verified.database)], what="Reading the database dump")


def _check_migrations_known(archive: Path, manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    apps = {app for app, _name in known}  # an app no longer installed leaves its tables be
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if app in apps and (app, name) not in known
    )
    if unknown:
        raise BackupError(
            f"{archive} comes from a newer version of Kunskapsnod (version {manifest.get('version')}: "
            f"migrations {', '.join(unknown[:5])} are unknown here). Upgrade this installation first."
        )


# --- Restore --------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    files: int
    removed: int
    migrated: str
    local_files: int = 0

    def __str__(self) -> str:
        return (
            f"restored the {self.manifest['engine']} database of {self.manifest['created_at']} "
            f"(version {self.manifest['version']}), {self.files} uploaded files ({self.removed} others removed), "
            f"{self.local_files} files of {', '.join(self.manifest['local_folders']) or 'no local folder'}"
            + (f"; migrated: {self.migrated}" if self.migrated else "")
        )


def restore(*, archive: Path, storage: Storage | None = None) -> RestoreResult:
    """Replace this installation's database and uploaded files with the archive's, after
    verifying all of it; see the module's doc. Stop the app servers and timers first."""
    storage = storage or default_storage
    if not transaction.get_autocommit():
        raise BackupError("A restore cannot run inside a transaction.")
    with tempfile.TemporaryDirectory(prefix="kunskapsnod-restore-") as scratch:
        verified = verify(Path(archive), Path(scratch))
        if verified.manifest["engine"] == "sqlite":
            _restore_sqlite(verified.database)
        else:
            _restore_postgresql(verified.database)
        ContentType.objects.clear_cache()
        removed = _replace_media(verified, storage)
        local = sum(_replace_local(verified, prefix) for prefix in verified.local)
    migrated = _migrate()
    return RestoreResult(
        manifest=verified.manifest, files=len(verified.media), removed=removed, migrated=migrated, local_files=local
    )


def _restore_sqlite(database: Path) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(f"The database could not be replaced ({exc}); is an app server still running?") from None
    finally:
        source.close()


def _restore_postgresql(database: Path) -> None:
    """Drop this database's tables and load the dump in ONE transaction (psql
    --single-transaction over pg_restore's SQL), so a failure changes nothing."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE;', schemaname, tablename) FROM pg_tables"
            " WHERE schemaname = current_schema()"
            " UNION ALL SELECT format('DROP VIEW IF EXISTS %I.%I CASCADE;', schemaname, viewname) FROM pg_views"
            " WHERE schemaname = current_schema()"
            " UNION ALL SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE;', sequence_schema, sequence_name)"
            " FROM information_schema.sequences WHERE sequence_schema = current_schema()"
            # Functions too (the youth module's append-only trigger): the dump creates them
            # again. Functions that belong to an extension are the extension's, not ours.
            " UNION ALL SELECT format('DROP FUNCTION IF EXISTS %I.%I(%s) CASCADE;', n.nspname, p.proname,"
            " pg_get_function_identity_arguments(p.oid)) FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()"
            " AND p.prokind = 'f' AND NOT EXISTS"
            " (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        # A server still connected holds locks the drops wait for: fail after a minute, changing nothing.
        preamble = ["SET client_min_messages = warning;", "SET lock_timeout = '60s';"]
        drops = "\n".join([*preamble, *(row[0] for row in cursor.fetchall())])
    connection.close()  # no session of ours holds a lock on what is dropped
    script = _run(
        [pg_program("pg_restore"), "--no-owner", "--no-acl", "--file=-", str(database)], what="pg_restore"
    ).stdout
    with tempfile.TemporaryFile() as stdin:
        stdin.write(drops.encode() + b"\n" + _without_schema_statements(script))
        stdin.seek(0)
        _run(
            [pg_program("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"],
            stdin=stdin,
            what="Loading the database",
        )


# pg_dump may write statements about the public schema itself (it exists already, and is
# not ours to alter).
_SCHEMA_STATEMENT = re.compile(rb"^(CREATE SCHEMA public|COMMENT ON SCHEMA public)\b[^\n]*\n", re.MULTILINE)


def _without_schema_statements(script: bytes) -> bytes:
    return _SCHEMA_STATEMENT.sub(b"", script)


def _replace_media(verified: Verified, storage: Storage) -> int:
    """The storage ends up holding exactly the archived files."""
    wanted = set(verified.media)
    removed = 0
    for name in list(storage_files(storage)):
        if name not in wanted:
            storage.delete(name)
            removed += 1
    for name in verified.media:
        if storage.exists(name):
            storage.delete(name)
        with (verified.folder / MEDIA_PREFIX / name).open("rb") as handle:
            saved = storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore stopped.")
    return removed


def _replace_local(verified: Verified, prefix: str) -> int:
    """The local folder ends up holding exactly the archived files (owner-only: the youth
    exports are personal data, if encrypted), following no link inside it (localfolder)."""
    files = {name: verified.folder / prefix / name for name in verified.local[prefix]}
    return localfolder.replace_contents(local_folders()[prefix], files)


def _migrate() -> str:
    output = io.StringIO()
    call_command("migrate", interactive=False, verbosity=1, stdout=output)
    applied = re.findall(r"Applying (\S+)\.\.\.", output.getvalue())
    return ", ".join(applied)
