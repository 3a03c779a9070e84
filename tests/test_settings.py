"""Start-up configuration: production checks, bad values, documented variables."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from fresh_process import clean_environment

# These run the command line in fresh processes on their own SQLite files and use no
# database fixture, so they run once: tests/conftest.py leaves them out of the PostgreSQL pass.
ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "kunskapsnod.cli"]


def _run(*args, **env):
    return subprocess.run([*CLI, *args], env=clean_environment(**env), capture_output=True, text=True, timeout=120)


def test_production_settings_pass_the_deploy_check():
    result = _run(
        "check", "--deploy", "--fail-level", "WARNING", KUNSKAPSNOD_SECRET_KEY="s" * 20 + "-Zq9!xY2#pL0mN4&vB7" * 3
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run("check", KUNSKAPSNOD_VAR_DIR=str(tmp_path))
    assert result.returncode == 2
    assert "KUNSKAPSNOD_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_url_pointing_nowhere_gives_one_clear_message(tmp_path):
    result = _run("migrate", DATABASE_URL="postgres://someone:hemligt@127.0.0.1:1/nowhere", KUNSKAPSNOD_HTTPS="0")
    assert result.returncode == 2
    assert result.stderr.startswith("kunskapsnod: cannot use the database (postgres://someone:***@127.0.0.1:1/nowhere)")
    assert "hemligt" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_malformed_database_url_is_named():
    result = _run("check", DATABASE_URL="nonsense://x", KUNSKAPSNOD_HTTPS="0")
    assert result.returncode == 2
    assert "DATABASE_URL is not a database URL we understand" in result.stderr


@pytest.mark.parametrize(("name", "value"), [("KUNSKAPSNOD_DEBUG", "kanske"), ("KUNSKAPSNOD_HSTS_SECONDS", "ett år")])
def test_a_bad_typed_value_names_the_variable(name, value):
    result = _run("check", KUNSKAPSNOD_HTTPS="0", **{name: value})
    assert result.returncode == 2
    assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_every_environment_variable_is_documented():
    used = set()
    for path in (ROOT / "src").rglob("*.py"):
        used |= set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text("utf-8")))
    documented = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    assert used, "no variables found: the pattern is out of date"
    assert [name for name in sorted(used) if f"`{name}`" not in documented] == []


def test_the_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make demo" in readme
    assert "make test" in readme
    assert "DATABASE_URL" in readme


def test_the_command_line_uses_the_demos_secret_key_file(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 50, encoding="utf-8")
    result = _run("check", KUNSKAPSNOD_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_readme_lists_every_demo_account():
    from kunskapsnod.accounts.services import DEMO_ACCOUNTS
    from kunskapsnod.youth import demo as youth_demo

    readme = (ROOT / "README.md").read_text("utf-8")
    names = [account.username for account in DEMO_ACCOUNTS] + [youth_demo.USERNAME]
    assert [name for name in names if f"`{name}`" not in readme] == []
    assert "TOTP" in readme and "KUNSKAPSNOD_YOUTH=1" in readme
