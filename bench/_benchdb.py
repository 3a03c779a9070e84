"""Shared by the in-process benchmarks: a throwaway database, configured and migrated.

Only a database whose name contains "bench" is ever dropped or overwritten."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_bench_database(url: str) -> None:
    if "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit(f"refusing to use {url!r}: the database name must contain 'bench'")
    if url.startswith("sqlite:"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    else:
        _recreate_postgres(url)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "KUNSKAPSNOD_HTTPS": "0",
            "KUNSKAPSNOD_ALLOWED_HOSTS": "testserver",
            "KUNSKAPSNOD_STATIC_FROM_FINDERS": "1",
            "KUNSKAPSNOD_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
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
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
