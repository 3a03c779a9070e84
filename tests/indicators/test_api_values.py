import pytest


@pytest.fixture(autouse=True)
def _public_statistics(settings):
    # Read as a visitor does where statistics are public (test_api_access.py: the setting).
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True


@pytest.fixture
def values(stored_values):
    """The 9,480 values of values.csv, imported once for this module (conftest.py)."""
    return stored_values


def test_indicators_lists_the_default_set_in_order(client, indicators, django_assert_num_queries):
    with django_assert_num_queries(2):
        body = client.get("/api/indicators?default=true").json()
    assert body["count"] == 40
    first = body["items"][0]
    assert (first["code"], first["discontinued_after"], first["successor_code"]) == ("N02904", 2019, "N66077")
    assert body["items"][2]["higher_is_better"] is False


def test_indicators_search_titles(client, indicators):
    body = client.get("/api/indicators?q=varken arbetar eller studerar").json()
    assert "N02797" in [item["code"] for item in body["items"]]
    assert client.get("/api/indicators?q=N17461").json()["items"][0]["code"] == "N17461"


def test_indicators_are_paginated(client, indicators):
    body = client.get("/api/indicators?limit=50&offset=100").json()
    assert body["count"] == 6_100 and len(body["items"]) == 50 and body["offset"] == 100


def test_values_filter_by_kpi_municipality_period_and_gender(client, values, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get("/api/values?kpi=N15563&municipality=1401&period=2020&gender=K")
    body = response.json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "kpi": "N15563",
            "municipality": "1401",
            "period": 2020,
            "gender": "K",
            "value": None,
            "status": "Privacy",
            "source": "goeranh/fs_website2:data/kommunblad/gymbeh.xlsx@9d3f3e5",
        }
    ]


def test_values_for_an_association_cover_its_members(client, values, django_assert_num_queries):
    with django_assert_num_queries(5):
        body = client.get("/api/values?kpi=N02797&municipality=sjuharad&period=2018&gender=T").json()
    assert sorted(item["municipality"] for item in body["items"]) == [
        "1442",
        "1443",
        "1452",
        "1463",
        "1465",
        "1466",
        "1490",
        "1491",
    ]


def test_values_are_paginated_with_a_stable_order(client, values):
    first = client.get("/api/values?kpi=N02797&limit=100").json()
    second = client.get("/api/values?kpi=N02797&limit=100&offset=100").json()
    assert first["count"] == second["count"] == 1_783
    assert not {str(i) for i in first["items"]} & {str(i) for i in second["items"]}


def test_values_refuse_an_unknown_municipality_with_one_error_shape(client, values):
    response = client.get("/api/values?municipality=atlantis")
    assert response.status_code == 404
    assert "atlantis" in response.json()["error"]


def test_values_refuse_a_bad_gender_or_limit(client, values):
    assert client.get("/api/values?gender=X").status_code == 422
    assert client.get("/api/values?limit=100000").status_code == 422


def test_the_api_is_public_when_statistics_are(client, values, settings):
    assert client.get("/api/values?kpi=N02797&limit=1").status_code == 200
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = False
    assert client.get("/api/values?kpi=N02797&limit=1").status_code == 401
