"""`make demo` as a newcomer runs it: static files collect, and loading twice changes nothing."""

import sqlite3
import subprocess
import sys

import pytest

from fresh_process import clean_environment

# These run the command line in fresh processes on their own SQLite files and use no
# database fixture, so they run once: tests/conftest.py leaves them out of the PostgreSQL pass.
CLI = [sys.executable, "-m", "kunskapsnod.cli"]


@pytest.fixture
def demo_env(tmp_path):
    return clean_environment(KUNSKAPSNOD_HTTPS="0", KUNSKAPSNOD_VAR_DIR=str(tmp_path))


def _run(env, *args):
    result = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _row_counts(path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def test_static_files_collect_with_the_production_manifest(demo_env, tmp_path):
    # Django's manifest storage, which production's whitenoise storage extends with gzip
    # and brotli copies: the manifest is where our files can break (a CSS url() to a file
    # that is not there); compressing 31 MB is whitenoise's own work and took 20-40 s here.
    env = {
        **demo_env,
        "KUNSKAPSNOD_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    }
    _run(env, "collectstatic", "--no-input", "-v", "0")
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_loading_the_demo_twice_changes_nothing(demo_env, tmp_path):
    _run(demo_env, "migrate", "--no-input", "-v", "0")
    first = _run(demo_env, "setup_demo")
    counts = _row_counts(tmp_path / "kunskapsnod.sqlite3")
    second = _run(demo_env, "setup_demo")
    assert "password is shown only this once" in first
    assert "demo accounts exist already" in second
    after = _row_counts(tmp_path / "kunskapsnod.sqlite3")
    # The audit trail and import batches may record that a load ran; the data may not change.
    bookkeeping = {"auditlog_logentry", "indicators_importbatch"}
    assert {t: n for t, n in after.items() if t not in bookkeeping} == {
        t: n for t, n in counts.items() if t not in bookkeeping
    }
    assert counts["regions_organisation"] == 57
    assert counts["accounts_user"] == 5
    assert counts["search_document"] >= 350  # the pre-study is searchable (search.demo runs last)
