"""Shared by the in-process benchmarks: a throwaway database, configured and migrated.

Only a database whose name contains "bench" is ever dropped or overwritten."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_database(url: str) -> None:
    """An empty database at ``url`` (a SQLite file is deleted, a PostgreSQL database dropped
    and created); refuses any whose name does not contain "bench"."""
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit(f"refusing to use {url!r}: the database name must contain 'bench'")
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        # The test suite runs every bench at a tiny size: it migrates one template once and
        # each bench starts from a copy, so its own migrate finds nothing to do (~10 s each).
        template = os.environ.get("KUNSKAPSNOD_BENCH_SQLITE_TEMPLATE")
        if template and Path(template).is_file():
            shutil.copyfile(template, path)
    else:
        _recreate_postgres(url)


def setup_bench_database(url: str) -> None:
    """A fresh throwaway database, configured for Django in this process and migrated."""
    fresh_database(url)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "KUNSKAPSNOD_HTTPS": "0",
            "KUNSKAPSNOD_ALLOWED_HOSTS": "testserver",
            "KUNSKAPSNOD_STATIC_FROM_FINDERS": "1",
            "KUNSKAPSNOD_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    # var/ holds no collected static files in a fresh clone; whitenoise warns about a missing one.
    var = Path(tempfile.gettempdir()) / "kunskapsnod-bench-var"
    (var / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KUNSKAPSNOD_VAR_DIR", str(var))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunskapsnod.settings")
    os.environ.setdefault("KUNSKAPSNOD_SECRET_KEY", "bench-only-" + "x" * 50)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _recreate_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
