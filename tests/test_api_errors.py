"""The API answers its documented {"error": ...} JSON for every failure, with a 4xx for
bad input (issue 8: offsets beyond 2**63 answered Django's HTML 500 page)."""

import pytest
from django.test import Client

HUGE = [str(2**63), str(2**64), "9" * 40, "-1", "²", "1e3", ""]


@pytest.fixture
def reader(boras_reader):
    client = Client()
    client.force_login(boras_reader)
    return client


@pytest.mark.parametrize("path", ["/api/values", "/api/indicators", "/api/mapping/items", "/api/knowledge/entries"])
@pytest.mark.parametrize("offset", HUGE)
def test_an_offset_out_of_range_is_a_clear_4xx(reader, path, offset):
    response = reader.get(path, {"offset": offset})
    if offset == "":
        assert response.status_code in (200, 422, 404)
        return
    assert response.status_code == 422, (path, offset, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert "error" in response.json()


def test_an_unexpected_error_answers_json_500_and_is_logged(regions, monkeypatch, caplog):
    from kunskapsnod.regions import api as regions_api

    def broken(org):
        raise RuntimeError("något gick sönder")

    monkeypatch.setattr(regions_api, "_out", broken)
    response = Client(raise_request_exception=False).get("/api/associations")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": "Ett oväntat fel uppstod. Felet är loggat."}
    assert "något gick sönder" in caplog.text


@pytest.mark.parametrize("path", ["/api/finns-inte", "/api/indicators/..%2F..%2Fetc/ranking", "/api/mapping"])
def test_an_api_path_that_matches_no_route_answers_json_404(regions, path):
    response = Client().get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "Hittades inte"}


@pytest.mark.parametrize("path", ["/w/AB%00CD/", "/statistik/N15%00428/", "/api/workshops/A%00B/results"])
def test_a_nul_in_the_url_is_no_server_error(regions, path):
    """PostgreSQL refuses NUL in a lookup; the URL's parts are cleaned like the forms'."""
    assert Client().get(path).status_code < 500
