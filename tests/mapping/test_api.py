import pytest

from kunskapsnod.mapping.models import AnalysisModel, Item
from kunskapsnod.mapping.services import classify_items


@pytest.fixture
def client(client, boras_reader):
    """The mapping API answers signed-in users only (tests/test_api.py covers the refusal)."""
    client.force_login(boras_reader)
    return client


def _get(client, name, **params):
    return client.get(f"/api/mapping/{name}", params)


@pytest.mark.parametrize("name", ["items", "matrix", "gap", "priorities", "models"])
def test_anonymous_callers_get_a_json_401(db, name):
    from django.test import Client

    response = Client().get(f"/api/mapping/{name}")
    assert response.status_code == 401
    assert "error" in response.json()


def test_items_filter_by_municipality_and_kind(client, imported):
    body = _get(client, "items", municipality="boras", kind="behov").json()
    assert body["count"] == 35
    assert {i["municipality"] for i in body["items"]} == {"boras"}


def test_items_filter_by_theme(client, imported, sjuharad_staff):
    v2 = AnalysisModel.objects.get(version=2)
    theme = v2.themes.first()
    items = list(Item.objects.filter(municipality__slug="mark")[:2])
    classify_items(actor=sjuharad_staff, items=items, model=v2, themes=[theme], level=v2.levels.first())
    body = _get(client, "items", theme=theme.pk).json()
    assert body["count"] == 2
    assert body["items"][0]["classifications"][0]["themes"] == [theme.name]


def test_an_unknown_municipality_is_a_clear_error(client, imported):
    response = _get(client, "items", municipality="atlantis")
    assert response.status_code == 400
    assert response.json()["error"].startswith("municipality:")


def test_the_matrix_for_an_association(client, imported):
    body = _get(client, "matrix", association="sjuharad").json()
    assert body["version"] == 2
    assert len(body["cells"]) == 5 * 3
    assert body["unclassified"] == {"insats": 188 + 8, "behov": 114}


def test_the_priorities_state_their_method(client, imported):
    body = _get(client, "priorities", association="sjuharad").json()
    assert "Borda" in body["method"]
    assert body["groups"][0]["theme"] is None


def test_the_models_list_both_versions(client, imported):
    assert [m["version"] for m in _get(client, "models").json()] == [1, 2]


@pytest.mark.parametrize("name", ["items", "matrix", "gap", "priorities"])
def test_the_api_takes_a_fixed_number_of_queries(client, imported, django_assert_max_num_queries, name):
    with django_assert_max_num_queries(12):
        assert _get(client, name, association="sjuharad").status_code == 200


def test_items_filter_by_scope_actor_and_age_group(client, imported):
    need = Item.objects.filter(municipality__slug="mark", kind="behov").first()
    need.scope, need.target_age = "delregionalt", "13-15"
    need.save()
    need.actor_links.create(actor="bup")
    for params in ({"scope": "delregionalt"}, {"target_age": "13-15"}, {"actor": "bup"}):
        body = _get(client, "items", **params).json()
        assert [i["id"] for i in body["items"]] == [need.pk], params
