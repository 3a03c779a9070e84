"""Every benchmark in bench/ runs, at a tiny size, so none can rot unnoticed.

Each script (bench/*.py, not the _-prefixed helpers) is found here by itself: a new bench
without a `--tiny` option fails this test. It runs as its own process, as a person runs
it, on a throwaway SQLite file given in DATABASE_URL, and must print its figures and a
ratio against the baseline it measures in the same run. The timings of a tiny run mean
nothing; that the script still drives the app end to end does.

Each bench chooses its own database (DATABASE_URL, a name containing "bench"), not the
database under test, so the test uses no database fixture and runs once, in the SQLite
pass (tests/conftest.py leaves database-free tests out of the PostgreSQL pass). Their
PostgreSQL paths are run by hand with DATABASE_URL (bench/README.md)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHES = sorted(path for path in (ROOT / "bench").glob("*.py") if not path.name.startswith("_"))
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
UNIT = re.compile(r"\d\s?(?:ms|s|rows/s|req/s)\b|\b(?:ms|rows/s|req/s)\b")


def test_it_finds_the_benches():
    assert {"workshop_load", "import_values", "matrix", "pages"} <= {path.stem for path in BENCHES}


def _clean_environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    """The developer's environment without the test run's Django and database settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KUNSKAPSNOD_", "DATABASE_URL"))}
    env.pop("BENCH_POSTGRES_URL", None)
    return {**env, "DATABASE_URL": database_url, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory) -> Path:
    """One migrated SQLite database that every bench's fresh database is copied from
    (bench/_benchdb.py), instead of each migrating its own (~10 s each)."""
    folder = tmp_path_factory.mktemp("bench-template")
    path = folder / "template-bench.sqlite3"
    env = {**_clean_environment(f"sqlite:///{path}", folder), "KUNSKAPSNOD_HTTPS": "0"}
    env["KUNSKAPSNOD_SECRET_KEY"] = "bench-template-" + "x" * 40
    subprocess.run(
        [Path(sys.executable).parent / "kunskapsnod", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return path


@pytest.mark.parametrize("script", BENCHES, ids=lambda path: path.stem)
def test_the_bench_runs_at_its_tiny_size_and_prints_figures_and_a_ratio(script, tmp_path, migrated_template):
    if script.stem == "failover" and not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("bench/failover.py runs the app servers behind nginx (.ci/run installs it)")
    database = f"sqlite:///{tmp_path / f'{script.stem}-bench.sqlite3'}"
    result = subprocess.run(
        [sys.executable, str(script), "--tiny"],
        cwd=ROOT,
        env={**_clean_environment(database, tmp_path), "KUNSKAPSNOD_BENCH_SQLITE_TEMPLATE": str(migrated_template)},
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard only: a tiny run takes seconds on an idle machine
    )
    output = result.stdout
    assert result.returncode == 0, f"{script.name} --tiny failed:\n{output[-2000:]}\n{result.stderr[-4000:]}"
    assert UNIT.search(output), f"{script.name} printed no figures (ms, s, rows/s or req/s):\n{output}"
    assert len(NUMBER.findall(output)) >= 4, f"{script.name} printed too few figures:\n{output}"
    ratio_at = re.search(r"ratio", output, re.IGNORECASE)
    assert ratio_at, f"{script.name} printed no ratio:\n{output}"
    assert re.search(r"\d\.\d", output[ratio_at.start() :]), f"{script.name} printed no ratio's value:\n{output}"
    assert not re.search(r"\b(?:nan|inf)\b", output, re.IGNORECASE), f"{script.name} printed nan or inf:\n{output}"
