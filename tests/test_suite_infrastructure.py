"""The suite's own machinery (tests/conftest.py): which tests each database pass runs, the
SQLite file under a live server, and the Hypothesis profiles."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parents[1]
THIS = Path(__file__).relative_to(ROOT).as_posix()
# Collection never connects, so a PostgreSQL server that is not there does for choosing.
POSTGRES = "postgres://nobody:nothing@127.0.0.1:1/kunskapsnod"


def test_a_live_server_runs_on_a_sqlite_file_in_any_app(live_server):
    """Under a live server every thread needs its own connection: an in-memory SQLite test
    database would hand all of them the test thread's one. The rule is the suite's, not
    one app's: this module is outside the apps that first needed it."""
    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()


def test_a_test_without_a_database_runs_in_the_sqlite_pass_only():
    assert sum(range(4)) == 6


@pytest.mark.database_under_test
def test_a_test_that_reaches_the_database_otherwise_says_so():
    assert connection.vendor in {"sqlite", "postgresql"}


def _collect(database_url: str | None, path: str = THIS) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", path],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {line.split("::", 1)[1] for line in result.stdout.splitlines() if line.startswith(f"{path}::")}


def test_the_postgresql_pass_leaves_out_only_the_tests_that_use_no_database():
    everything = _collect(None)
    on_postgres = _collect(POSTGRES)
    assert everything == {
        "test_a_live_server_runs_on_a_sqlite_file_in_any_app",
        "test_a_test_without_a_database_runs_in_the_sqlite_pass_only",
        "test_a_test_that_reaches_the_database_otherwise_says_so",
        "test_the_postgresql_pass_leaves_out_only_the_tests_that_use_no_database",
        "test_the_postgresql_pass_runs_only_the_browser_tests_marked_postgres_too",
        "test_the_ci_profile_tolerates_a_loaded_machine_and_a_deep_profile_searches_longer",
        "test_after_a_transactional_test_postgresql_rows_are_deleted_not_truncated",
    }
    assert on_postgres == {
        "test_a_live_server_runs_on_a_sqlite_file_in_any_app",
        "test_a_test_that_reaches_the_database_otherwise_says_so",
    }


def test_the_postgresql_pass_runs_only_the_browser_tests_marked_postgres_too():
    """Browser tests check layout, scripts and accessibility once; those whose outcome can
    depend on the engine (the live workshop: concurrent requests) run on both."""
    browser_module = "tests/browser/test_workshop.py"
    everything = _collect(None, browser_module)
    on_postgres = _collect(POSTGRES, browser_module)
    assert "test_a_facilitator_and_three_participants_run_a_whole_workshop" in on_postgres
    assert "test_the_workshop_index_and_create_pages_pass_axe" in everything - on_postgres


def test_the_ci_profile_tolerates_a_loaded_machine_and_a_deep_profile_searches_longer():
    ci, deep = hypothesis_settings.get_profile("ci"), hypothesis_settings.get_profile("deep")
    assert ci.deadline is None  # a CI machine shared with other runs must not fail on timing
    assert deep.max_examples >= 10 * ci.max_examples
    if not os.environ.get("HYPOTHESIS_PROFILE"):
        assert hypothesis_settings.default.max_examples == ci.max_examples


def test_after_a_transactional_test_postgresql_rows_are_deleted_not_truncated():
    """TRUNCATE of every table cost 0.5–4 s after each live-server test on PostgreSQL."""
    from django.core.management.color import no_style
    from django.db.backends.postgresql.operations import DatabaseOperations

    operations = DatabaseOperations(connection)
    assert operations.sql_flush(no_style(), ["a", "b"]) == ['DELETE FROM "a";', 'DELETE FROM "b";']
    assert operations.sql_flush(no_style(), ["a"], reset_sequences=True) == ['TRUNCATE "a" RESTART IDENTITY;']
