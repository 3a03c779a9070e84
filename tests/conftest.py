"""Shared fixtures: the real region hierarchy and the personas every permission test uses.

Personas (STYLE.md): a Borås editor, a Borås reader, a Mark editor, a Sjuhärad node
coordinator, a Göteborgsregionen node coordinator and an administrator."""

import pytest
from django.conf import settings

from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import import_regions
from personas import PASSWORD


@pytest.fixture
def regions(db):
    """The 50 municipalities, four associations, two counties and Riket from data/."""
    if not Organisation.objects.exists():
        import_regions(settings.DATA_DIR / "regions.csv")
    return Organisation.objects


@pytest.fixture
def org(regions):
    def by_slug(slug: str) -> Organisation:
        return Organisation.objects.get(slug=slug)

    return by_slug


def _persona(username, role, organisation):
    return create_user(
        username=username, password=PASSWORD, role=role, organisation=organisation, email=f"{username}@example.org"
    )


@pytest.fixture
def boras_editor(org):
    return _persona("alice", Role.EDITOR, org("boras"))


@pytest.fixture
def boras_reader(org):
    return _persona("bob", Role.READER, org("boras"))


@pytest.fixture
def mark_editor(org):
    return _persona("charlie", Role.EDITOR, org("mark"))


@pytest.fixture
def sjuharad_staff(org):
    return _persona("diana", Role.NODE_STAFF, org("sjuharad"))


@pytest.fixture
def gr_staff(org):
    return _persona("erik", Role.NODE_STAFF, org("goteborgsregionen"))


@pytest.fixture
def administrator(regions):
    return _persona("admin", Role.ADMINISTRATOR, None)


@pytest.fixture
def personas(boras_editor, boras_reader, mark_editor, sjuharad_staff, gr_staff, administrator):
    return {
        "boras_editor": boras_editor,
        "boras_reader": boras_reader,
        "mark_editor": mark_editor,
        "sjuharad_staff": sjuharad_staff,
        "gr_staff": gr_staff,
        "administrator": administrator,
    }
