"""Workshop fixtures. (Live-server tests get a file-based SQLite test database from
tests/conftest.py.)"""

import pytest
from django.conf import settings
from django.test import Client

from kunskapsnod.mapping.services import load_analysis_models
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase


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


@pytest.fixture
def theme_workshop(org, sjuharad_staff):
    """A workshop sorted by the themes of the real analysis model (version 2, the newest)."""
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    return services.create_workshop(
        actor=sjuharad_staff, organisation=org("boras"), title="Teman i Borås", dots_per_participant=3, sort_by="tema"
    )


@pytest.fixture
def theme(theme_workshop):
    """theme(name) -> that theme of the workshop's analysis model."""
    return lambda name: theme_workshop.analysis_model.themes.get(name=name)
