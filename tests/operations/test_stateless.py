"""Stateless app servers: nothing one process needs lives only in another's memory, so two
servers behind nginx answer alike (docs/deployment.md, step 8). Sessions, the login lockout
and the throttles are in the database; no code keeps shared state in Django's cache, which
is per process unless configured otherwise; the search index is a table."""

import re
from pathlib import Path

from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "kunskapsnod"


def test_sessions_and_the_login_lockout_are_in_the_database():
    assert getattr(settings, "SESSION_ENGINE", "django.contrib.sessions.backends.db") == (
        "django.contrib.sessions.backends.db"
    )
    assert getattr(settings, "AXES_HANDLER", "axes.handlers.database.AxesDatabaseHandler") == (
        "axes.handlers.database.AxesDatabaseHandler"
    )


def test_nothing_keeps_shared_state_in_a_per_process_cache():
    backend = settings.CACHES["default"]["BACKEND"] if hasattr(settings, "CACHES") else "locmem"
    if "locmem" not in backend.lower() and "dummy" not in backend.lower():
        return  # a shared cache (database, redis) is configured: anything may use it
    users = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(
            r"django\.core\.cache\b|\bcaches\[|cache_page|cache\.(get|set|add|incr)\(", path.read_text("utf-8")
        )
    ]
    assert users == [], f"per-process cache used for state by {users}; use the database or configure CACHES"


def test_the_search_index_is_in_the_database():
    from kunskapsnod.search.models import Document, Posting

    assert Document._meta.db_table and Posting._meta.db_table
