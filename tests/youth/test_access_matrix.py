"""The authorization matrix over every page and API route of the youth module: every
role of every other municipality, a coordinator of another municipality (with TOTP) and
users of Göteborg without the grant (its editor, node staff, an administrator) read 0 of
Göteborg's records and change nothing."""

import pytest
from django.urls import reverse

from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.youth.models import AccessLog, Person
from personas import PASSWORD
from urlwalk import url_patterns
from youth_world import MARKER, youth_kwargs, youth_world

API_ROUTES = [
    "/api/youth/people", "/api/youth/people/{pk}", "/api/youth/people/{pk}/log", "/api/youth/flags",
    "/api/youth/kaa/counts", "/api/youth/dashboard?organisation={org}", "/api/youth/absence/summary",
    "/api/youth/thresholds", "/api/youth/scales", "/api/youth/enrolments/{enrolment}", "/api/youth/conflicts",
    "/api/youth/conflicts?person={pk}",
]  # fmt: skip


@pytest.fixture
def world(gbg_coordinator, org):
    return youth_world(gbg_coordinator, org("goteborg"))


@pytest.fixture
def outsiders(personas, boras_coordinator, org):
    goteborg = org("goteborg")
    same_municipality = {
        f"goteborg_{role}": create_user(username=f"gbg-{role}", password=PASSWORD, role=role, organisation=goteborg)
        for role in (Role.READER, Role.EDITOR)
    }
    return {**personas, **same_municipality, "boras_coordinator": boras_coordinator}


def response_text(client, url) -> str:
    return client.get(url).content.decode()


def _youth_urls(world):
    for name, _pattern in url_patterns():
        if name.startswith("youth:"):
            kwargs = youth_kwargs(name, world) if _pattern.pattern.converters else {}
            yield name, reverse(name, kwargs=kwargs)


def test_it_covers_every_youth_url(world):
    names = {name for name, _url in _youth_urls(world)}
    assert {"youth:person", "youth:people", "youth:absence", "youth:dashboard", "youth:person_log"} <= names


def test_no_one_but_goteborgs_coordinators_reads_or_changes_goteborgs_records(client, world, outsiders, verified, org):
    people_before = list(Person.objects.values())
    leaks = []
    for label, user in outsiders.items():
        verified(client, user)  # even with a verified TOTP session: the grant is what counts
        for _name, url in _youth_urls(world):
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"name": "x", "status": "avslutad", "code": "123456"})
                if MARKER in response.content.decode() or response.status_code >= 500:
                    leaks.append(f"{label} {method.upper()} {url}: {response.status_code}")
        for route in API_ROUTES:
            url = route.format(
                pk=world["youth_person"].pk, org=org("goteborg").pk, enrolment=world["youth_enrolment"].pk
            )
            if MARKER in response_text(client, url) or (client.get(url).status_code == 200 and "}" in route):
                leaks.append(f"{label} GET {route}: {response.status_code}")
    assert leaks == []
    assert list(Person.objects.values()) == people_before
    outsider_ids = [u.pk for u in outsiders.values()]
    assert not AccessLog.objects.filter(user__in=outsider_ids, person__isnull=False).exists()


def test_goteborgs_coordinator_reads_the_record(client, world, gbg_coordinator, verified):
    verified(client, gbg_coordinator)
    assert MARKER in client.get(reverse("youth:person", kwargs={"pk": world["youth_person"].pk})).content.decode()
    assert client.get(f"/api/youth/people/{world['youth_person'].pk}").json()["name"].startswith(MARKER)


@pytest.mark.parametrize("persona", ["administrator", "gr_staff"])
def test_no_role_implies_the_permission(client, world, personas, persona, verified):
    verified(client, personas[persona])
    assert client.get(reverse("youth:person", kwargs={"pk": world["youth_person"].pk})).status_code in (403, 404)
    assert client.get(reverse("youth:people")).status_code == 403
