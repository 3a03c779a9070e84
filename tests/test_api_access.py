"""Which parts of the JSON API are public, and the one error shape."""

import pytest


@pytest.mark.parametrize("url", ["/api/municipalities", "/api/associations", "/api/openapi.json"])
def test_public_data_needs_no_login(client, regions, url):
    assert client.get(url).status_code == 200


STATISTICS_API = ["/api/indicators", "/api/values?kpi=N15428", "/api/municipalities/1490/profile"]


@pytest.mark.parametrize("url", [*STATISTICS_API, "/api/municipalities/1490/similar"])
def test_the_statistics_api_needs_no_login_when_statistics_are_public(client, regions, settings, url):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", STATISTICS_API)
def test_the_statistics_api_needs_a_login_when_statistics_are_not_public(client, regions, boras_reader, url):
    anonymous = client.get(url)
    assert (anonymous.status_code, anonymous.json()) == (401, {"error": "Logga in för att läsa detta"})
    client.force_login(boras_reader)
    assert client.get(url).status_code == 200


def test_the_nodes_mapping_needs_a_signed_in_user(client, regions, boras_reader):
    anonymous = client.get("/api/mapping/items")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"error": "Logga in för att läsa detta"}
    client.force_login(boras_reader)
    # Signed in, the answer is about the data (here: no analysis model loaded), not the login.
    assert client.get("/api/mapping/items").json() == {"error": "Ingen analysmodell är inläst"}


def test_an_unknown_address_answers_json(client, regions, settings):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True
    response = client.get("/api/municipalities/9999/profile")
    assert response.status_code == 404
    assert "error" in response.json()


def test_municipalities_carry_their_associations(client, regions):
    kungsbacka = next(m for m in client.get("/api/municipalities").json() if m["kolada_id"] == "1384")
    assert kungsbacka["associations"] == ["goteborgsregionen"]


def _directives(policy: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.strip() for part in (p.strip() for p in policy.split(";")) if part}


def test_the_strict_policy_holds_outside_the_admin(client, boras_reader):
    client.force_login(boras_reader)
    policy = _directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_the_admin_may_use_inline_styles_but_no_inline_scripts(client, administrator):
    client.force_login(administrator)
    policy = _directives(client.get("/admin/").headers["Content-Security-Policy"])
    assert policy["style-src"] == "style-src 'self' 'unsafe-inline'"
    assert policy["script-src"] == "script-src 'self'"
