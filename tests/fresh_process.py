"""Python code run in a fresh process whose settings come from the environment given, as a
server started with it would read them: the test run's own KUNSKAPSNOD_*, DATABASE_URL and
DJANGO_* variables are left out."""

import os
import subprocess
import sys


def clean_environment(**env: str) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("KUNSKAPSNOD_", "DATABASE_URL", "DJANGO_"))}
    return {**inherited, **env}


def run_with_settings(code: str, **env: str) -> str:
    """What ``code`` prints after ``django.setup()`` under kunskapsnod.settings (plain http)."""
    environment = clean_environment(DJANGO_SETTINGS_MODULE="kunskapsnod.settings", KUNSKAPSNOD_HTTPS="0", **env)
    program = "import django, json\ndjango.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
