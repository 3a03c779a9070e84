"""Workshop fixtures, and a file-based SQLite test database when live-server tests run.

pytest-django's live_server serves requests from many threads. With SQLite's in-memory
test database Django hands every server thread ONE shared connection, so concurrent
transactions interleave on it and BEGIN IMMEDIATE cannot serialise anything. A file
database gives each thread its own connection, as in production. The switch happens only
when a collected test uses live_server and KUNSKAPSNOD_TEST_SQLITE is not set; the file
name carries the process id, so parallel runs by other people never share it (pytest-django
adds the xdist worker suffix itself)."""

import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase


def pytest_collection_modifyitems(config, items):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or database.get("TEST", {}).get("NAME"):
        return
    if any("live_server" in getattr(item, "fixturenames", ()) for item in items):
        database.setdefault("TEST", {})["NAME"] = str(_test_database_file())


def _test_database_file() -> Path:
    return Path(tempfile.gettempdir()) / f"kunskapsnod-test-{os.getpid()}.sqlite3"


def pytest_sessionfinish(session):
    # Django deletes the database file itself but not SQLite's -wal and -shm companions.
    for leftover in _test_database_file().parent.glob(_test_database_file().name + "*"):
        leftover.unlink(missing_ok=True)


@pytest.fixture
def workshop(org, sjuharad_staff):
    return services.create_workshop(
        actor=sjuharad_staff, organisation=org("boras"), title="Behov i Borås", dots_per_participant=3
    )


@pytest.fixture
def join(workshop):
    """join(name="") -> a Client whose session holds a new participant of ``workshop``."""

    def make(name: str = "", target=None) -> Client:
        target = target or workshop
        client = Client()
        response = client.post(f"/w/{target.join_code}/", {"name": name})
        assert response.status_code == 302, response.content
        return client

    return make


@pytest.fixture
def advance(sjuharad_staff):
    """advance(workshop, phase): the facilitator moves the workshop forward."""

    def move(workshop, phase: str):
        services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=phase)
        workshop.refresh_from_db()
        return workshop

    return move


@pytest.fixture
def voting_workshop(workshop, advance, sjuharad_staff):
    """A workshop in the voting phase with two sub-regional notes and one internal. The
    facilitator has opened it again for new participants, so tests add voters as needed."""
    participant = services.join_workshop(workshop=workshop)
    notes = [services.add_note(participant=participant, text=t) for t in ("Samverkan", "KAA", "Intern")]
    advance(workshop, Phase.SORTING)
    for note, placement in zip(notes, ["delregionalt", "delregionalt", "internt"], strict=True):
        services.place_note(participant=participant, note_id=note.pk, placement=placement)
    advance(workshop, Phase.VOTING)
    services.set_joining(actor=sjuharad_staff, workshop=workshop, open=True)
    workshop.refresh_from_db()
    return workshop
