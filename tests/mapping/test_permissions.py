"""The permission matrix of every mapping view that writes."""

import pytest
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Classification, Item, Kind, Priority, Source


@pytest.fixture
def items(analysis_models, org):
    def make(slug):
        return Item.objects.create(kind=Kind.NEED, text=f"Behov i {slug}", municipality=org(slug))

    return {slug: make(slug) for slug in ("boras", "mark", "harryda")}


def _classify_data():
    model = AnalysisModel.objects.get(version=2)
    return {"themes": [model.themes.first().pk], "level": model.levels.first().pk}


WHO_MAY_CHANGE = {
    # persona → municipalities whose items it may change
    "boras_editor": {"boras"},
    "boras_reader": set(),
    "mark_editor": {"mark"},
    "sjuharad_staff": {"boras", "mark"},
    "gr_staff": {"harryda"},
    "administrator": {"boras", "mark", "harryda"},
}
CASES = [(persona, slug) for persona in WHO_MAY_CHANGE for slug in ("boras", "mark", "harryda")]


@pytest.mark.parametrize(("persona", "slug"), CASES)
def test_editing_an_item_follows_the_permission_rule(client, personas, items, persona, slug):
    client.force_login(personas[persona])
    item = items[slug]
    response = client.post(
        reverse("mapping:item_edit", args=[item.pk]),
        {
            "kind": "behov",
            "text": "Ändrad",
            "municipality": item.municipality.pk,
            "scope": "delregionalt",
        },
    )
    item.refresh_from_db()
    if slug in WHO_MAY_CHANGE[persona]:
        assert response.status_code == 302
        assert (item.text, item.scope) == ("Ändrad", "delregionalt")
    else:
        assert response.status_code == 404
        assert item.text == f"Behov i {slug}"


@pytest.mark.parametrize(("persona", "slug"), CASES)
def test_deleting_an_item_follows_the_permission_rule(client, personas, items, persona, slug):
    client.force_login(personas[persona])
    response = client.post(reverse("mapping:item_delete", args=[items[slug].pk]))
    allowed = slug in WHO_MAY_CHANGE[persona]
    assert response.status_code == (302 if allowed else 404)
    assert Item.objects.filter(pk=items[slug].pk).exists() is not allowed


@pytest.mark.parametrize(("persona", "slug"), CASES)
def test_classifying_an_item_follows_the_permission_rule(client, personas, items, persona, slug):
    client.force_login(personas[persona])
    response = client.post(reverse("mapping:item_classify", args=[items[slug].pk]), _classify_data())
    allowed = slug in WHO_MAY_CHANGE[persona]
    assert response.status_code == (302 if allowed else 404)
    assert Classification.objects.filter(item=items[slug]).exists() is allowed


@pytest.mark.parametrize(("persona", "slug"), CASES)
def test_creating_an_item_is_limited_to_ones_own_municipalities(client, personas, items, org, persona, slug):
    client.force_login(personas[persona])
    response = client.post(
        reverse("mapping:item_create"),
        {
            "kind": "insats",
            "text": "Ny insats",
            "municipality": org(slug).pk,
            "actors": ["skola", "bup"],
        },
    )
    created = Item.objects.filter(text="Ny insats").first()
    if slug in WHO_MAY_CHANGE[persona]:
        assert response.status_code == 302
        assert created.municipality.slug == slug and sorted(created.actor_values) == ["bup", "skola"]
    else:
        assert created is None
        assert response.status_code == (403 if persona == "boras_reader" else 200)


@pytest.mark.parametrize("persona", list(WHO_MAY_CHANGE))
def test_bulk_classification_only_touches_items_in_scope(client, personas, items, persona):
    client.force_login(personas[persona])
    data = {**_classify_data(), "items": [i.pk for i in items.values()]}
    response = client.post(reverse("mapping:unclassified"), data)
    classified = set(Classification.objects.values_list("item__municipality__slug", flat=True))
    expected = WHO_MAY_CHANGE[persona] if WHO_MAY_CHANGE[persona] == set(items) else set()
    # A forged selection outside the scope is refused as a whole; nothing is half-done.
    assert classified == expected
    assert response.status_code in (200, 302, 403)
    if persona == "boras_reader":
        assert response.status_code == 403


def test_bulk_classification_of_own_items_in_one_post(client, boras_editor, items, org):
    more = Item.objects.create(kind=Kind.INTERVENTION, text="Insats", municipality=org("boras"))
    client.force_login(boras_editor)
    data = {**_classify_data(), "items": [items["boras"].pk, more.pk]}
    response = client.post(reverse("mapping:unclassified") + "?municipality=boras", data)
    assert response.status_code == 302
    assert Classification.objects.filter(is_current=True).count() == 2


@pytest.mark.parametrize("persona", list(WHO_MAY_CHANGE))
def test_classifying_priorities_follows_the_permission_rule(client, personas, items, org, persona):
    import datetime

    source = Source.objects.create(municipality=org("boras"), label="Workshop", date=datetime.date(2022, 4, 1))
    priority = Priority.objects.create(municipality=org("boras"), source=source, rank=1, position=1, text="BUP")
    client.force_login(personas[persona])
    theme = AnalysisModel.objects.get(version=2).themes.first()
    response = client.post(reverse("mapping:priority_classify"), {"themes": [theme.pk], "priorities": [priority.pk]})
    allowed = "boras" in WHO_MAY_CHANGE[persona]
    assert priority.themes.exists() is allowed
    assert response.status_code == (302 if allowed else 403 if persona == "boras_reader" else 200)


@pytest.mark.parametrize("persona", list(WHO_MAY_CHANGE))
def test_only_node_staff_and_administrators_create_model_versions(client, personas, analysis_models, persona):
    client.force_login(personas[persona])
    base = AnalysisModel.objects.get(version=2)
    data = {"name": "Version 3", f"theme_{base.themes.first().pk}": "Föräldraskap"}
    data.update({f"theme_{t.pk}": t.name for t in base.themes.all()[1:]})
    data.update({f"level_{lv.pk}": lv.name for lv in base.levels.all()})
    response = client.post(reverse("mapping:model_create", args=[2]), data)
    allowed = persona in ("sjuharad_staff", "gr_staff", "administrator")
    assert AnalysisModel.objects.filter(version=3).exists() is allowed
    assert response.status_code == (302 if allowed else 403)
    response = client.post(reverse("mapping:model_carry_over", args=[2]))
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(
    "name",
    ["mapping:item_create", "mapping:unclassified", "mapping:priority_classify", "mapping:items"],
)
def test_anonymous_users_are_redirected_to_login(client, analysis_models, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


@pytest.mark.parametrize("persona", list(WHO_MAY_CHANGE))
def test_linking_a_priority_to_a_need_follows_the_permission_rule(client, personas, items, org, persona):
    import datetime

    source = Source.objects.create(municipality=org("boras"), label="Workshop", date=datetime.date(2022, 4, 1))
    priority = Priority.objects.create(municipality=org("boras"), source=source, rank=1, position=1, text="Behov")
    client.force_login(personas[persona])
    response = client.post(reverse("mapping:priority_need", args=[priority.pk]), {"need": items["boras"].pk})
    allowed = "boras" in WHO_MAY_CHANGE[persona]
    priority.refresh_from_db()
    assert response.status_code == (302 if allowed else 404)
    assert (priority.need == items["boras"]) is allowed


def test_a_priority_cannot_be_linked_to_another_municipalitys_need(client, sjuharad_staff, items, org):
    import datetime

    source = Source.objects.create(municipality=org("boras"), label="Workshop", date=datetime.date(2022, 4, 1))
    priority = Priority.objects.create(municipality=org("boras"), source=source, rank=1, position=1, text="Behov")
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:priority_need", args=[priority.pk]), {"need": items["mark"].pk})
    assert response.status_code == 200
    priority.refresh_from_db()
    assert priority.need is None
