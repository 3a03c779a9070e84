"""GET /api/municipalities/{kolada_id}/profile and /similar: read-only JSON, public when
statistics are (KUNSKAPSNOD_PUBLIC_STATISTICS; test_api_access.py covers both ways)."""

import pytest
from real_kolada import csv_values, kolada_module, kolada_values  # noqa: F401

pytestmark = pytest.mark.usefixtures("kolada_values")


@pytest.fixture(autouse=True)
def _public_statistics(settings):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True


def _kpi(body, code):
    return next(i for i in body["indicators"] if i["kpi"] == code)


def test_the_profile_needs_no_login_and_gives_the_page_figures(client):
    response = client.get("/api/municipalities/1490/profile")
    assert response.status_code == 200
    body = response.json()
    uvas = _kpi(body, "N02797")
    assert (body["name"], body["association"]) == ("Borås", "Boråsregionen Sjuhärad")
    assert uvas["value"]["value"] == pytest.approx(csv_values("N02797", 2018)["1490"])
    assert uvas["rank"] == {"position": 22, "out_of": 49}
    assert uvas["association"]["members_with_value"] == 8
    assert "ovägda medelvärdet" in body["method"]


def test_the_profile_reports_suppressed_values_as_null_with_status(client):
    body = client.get("/api/municipalities/1401/profile").json()
    suppressed = _kpi(body, "N15563")
    assert suppressed["value"] == {"value": None, "status": "Privacy"}
    assert suppressed["rank"] is None


def test_the_profile_marks_the_discontinued_series_historical(client):
    body = client.get("/api/municipalities/1490/profile").json()
    assert _kpi(body, "N02904")["historical"] is True
    assert _kpi(body, "N02797")["historical"] is False


def test_an_unknown_municipality_is_a_404_with_the_error_shape(client):
    response = client.get("/api/municipalities/9999/profile")
    assert response.status_code == 404
    assert "error" in response.json()


def test_similar_lists_neighbours_by_distance_with_kolada_groups(client):
    body = client.get("/api/municipalities/1490/similar").json()
    distances = [n["distance"] for n in body["neighbours"]]
    assert distances == sorted(distances) and len(distances) == 8
    assert "1490" not in {n["municipality"] for n in body["neighbours"]}
    assert {s["kpi"] for s in body["structural"]} == {"N02902", "N02904"}
    assert "G35884" in {g["id"] for g in body["kolada_groups"]}
    assert "euklidiska" in body["method"]


def test_similar_accepts_a_chosen_profile_and_outcome(client):
    body = client.get("/api/municipalities/1490/similar?structural=N02902&outcome=N02797").json()
    assert [s["kpi"] for s in body["structural"]] == ["N02902"]
    assert body["outcome"] == "N02797"
    assert body["outcome_period"] == 2018


def test_the_profile_api_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get("/api/municipalities/1490/profile")
