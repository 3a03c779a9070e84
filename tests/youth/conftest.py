"""Youth fixtures: coordinators of Göteborg and Borås (a grant each, no other role
implied), a TOTP-verified client, and generated people ("genererad")."""

import time

import pytest

from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.youth import otp
from kunskapsnod.youth.services.people import grant_coordinator
from personas import PASSWORD
from youth_world import make_person


def _coordinator(username, municipality, administrator):
    user = create_user(
        username=username,
        password=PASSWORD,
        role=Role.READER,
        organisation=municipality,
        email=f"{username}@example.org",
    )
    grant_coordinator(actor=administrator, user=user, municipality=municipality)
    return user


@pytest.fixture
def gbg_coordinator(org, administrator):
    return _coordinator("gunilla", org("goteborg"), administrator)


@pytest.fixture
def boras_coordinator(org, administrator):
    return _coordinator("berit", org("boras"), administrator)


def verify(client, user):
    """Sign ``user`` in with a TOTP-verified session (the code itself: test_otp.py)."""
    client.force_login(user)
    session = client.session
    session[otp.SESSION_KEY] = time.time()
    session.save()
    return client


@pytest.fixture
def verified():
    return verify


@pytest.fixture
def gbg_person(gbg_coordinator, org):
    return make_person(gbg_coordinator, org("goteborg"), 7)
