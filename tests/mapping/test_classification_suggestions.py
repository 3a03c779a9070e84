"""Classification suggestions over the real 2022 pre-study: a theme and a level with the
reason for every unclassified item; nothing counts until a person accepts it; accepting,
changing and rejecting are recorded (who, when, from a suggestion) and a rejected theme is
not suggested again."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    ClassificationSuggestion,
    Item,
)
from kunskapsnod.mapping.services import classify_items, export_document, save_item
from kunskapsnod.mapping.services.analysis import build_matrix
from kunskapsnod.mapping.suggestions import suggest_for

URL = reverse("mapping:suggestions")


@pytest.fixture
def v2(imported):
    return AnalysisModel.objects.get(version=2)


@pytest.fixture
def staff(client, sjuharad_staff):
    client.force_login(sjuharad_staff)
    return client


def _item(text):
    return Item.objects.get(text=text)


def _suggestion(v2, item):
    return suggest_for(v2, [item])[0]


def test_it_suggests_a_theme_and_level_with_the_matching_words(staff, v2):
    page = staff.get(URL, {"municipality": "ulricehamn"}).content.decode()
    item = Item.objects.get(text="Föräldrastöd", municipality__slug="ulricehamn")
    assert f'id="forslag-{item.pk}"' in page
    suggestion = _suggestion(v2, item)
    assert suggestion.theme.name == "Föräldrar som resurs"
    assert "föräldrastöd" in suggestion.themes[0].words
    assert "ord som hör till temat: föräldrastöd" in page
    assert len(suggestion.themes) == 3


def test_it_uses_similar_items_a_person_already_classified(v2, sjuharad_staff):
    leisure = v2.themes.get(name="Meningsfull fritid")
    classify_items(
        actor=sjuharad_staff, items=[_item("Ungdomsgård")], model=v2, themes=[leisure], level=v2.levels.first()
    )
    municipality = _item("Ungdomsgård").municipality
    new = Item(kind="insats", text="Ungdomsgården har öppet på kvällarna", municipality=municipality)
    suggestion = _suggestion(v2, save_item(actor=sjuharad_staff, item=new))
    assert suggestion.theme == leisure
    assert _item("Ungdomsgård").pk in suggestion.themes[0].neighbours


def test_nothing_counts_in_the_matrix_the_gap_or_the_export_until_accepted(staff, v2):
    staff.get(URL)
    assert not build_matrix(model=v2, municipalities=None).has_classified
    assert [row for row in _exported_rows() if row.get("klassificering")] == []
    assert "ingen post här är klassificerad" in staff.get(reverse("mapping:gap")).content.decode()
    item = _item("Föräldraskapsstödjande insatser.")
    staff.post(f"{URL}?municipality=svenljunga", {"atgard": f"godkann-{item.pk}"})
    matrix = build_matrix(model=v2, municipalities=None)
    assert sum(c.interventions for c in matrix.cells) == 1
    exported = [row for row in _exported_rows() if row.get("klassificering")]
    assert [row["text"] for row in exported] == [item.text]


def _exported_rows():
    document = export_document(None)
    return [row for group in document.get("insatser_steg1", []) for row in group.get("insatser", [])]


def test_accepting_records_who_when_and_that_it_was_a_suggestion(staff, v2, sjuharad_staff):
    item = _item("Föräldraskapsstödjande insatser.")
    response = staff.post(f"{URL}?municipality=svenljunga", {"atgard": f"godkann-{item.pk}"})
    assert response.status_code == 302
    classification = Classification.objects.get(item=item, model=v2, is_current=True)
    assert [t.name for t in classification.themes.all()] == ["Föräldrar som resurs"]
    assert classification.created_by == sjuharad_staff
    suggestion = classification.suggestion
    assert suggestion.decision == "godkant" and suggestion.decided_by == sjuharad_staff
    assert suggestion.decided_at is not None and "föräldraskapsstödjande" in suggestion.reason
    logged = LogEntry.objects.get_for_object(suggestion).get()
    assert logged.actor == sjuharad_staff
    assert {e.actor for e in LogEntry.objects.get_for_object(classification)} == {sjuharad_staff}
    page = staff.get(reverse("mapping:item", args=[item.pk])).content.decode()
    assert "från förslag, godkänt av en person" in page
    listed = staff.get("/api/mapping/items", {"municipality": "svenljunga"}).json()["items"]
    row = next(i for i in listed if i["id"] == item.pk)
    assert row["classifications"] == [
        {"version": 2, "themes": ["Föräldrar som resurs"], "level": classification.level.name, "from_suggestion": True}
    ]


def test_changing_the_theme_before_accepting_is_recorded_as_changed(staff, v2):
    item = _item("Föräldraskapsstödjande insatser.")
    health = v2.themes.get(name="Hälsa för lärande")
    staff.post(URL, {"atgard": f"godkann-{item.pk}", f"tema-{item.pk}": health.pk})
    classification = Classification.objects.get(item=item, model=v2)
    assert list(classification.themes.all()) == [health]
    assert classification.suggestion.decision == "andrat"
    assert classification.suggestion.theme.name == "Föräldrar som resurs"  # what was suggested


def test_a_rejected_theme_is_remembered_and_not_suggested_again(staff, v2):
    item = _item("Föräldraskapsstödjande insatser.")
    staff.post(URL, {"atgard": f"avvisa-{item.pk}"})
    assert not Classification.objects.filter(item=item).exists()
    assert ClassificationSuggestion.objects.get(item=item).decision == "avvisat"
    again = _suggestion(v2, Item.objects.get(pk=item.pk))
    assert again.theme.name != "Föräldrar som resurs"
    assert all(r.choice.name != "Föräldrar som resurs" for r in again.themes)


def test_staff_accept_the_chosen_items_or_the_whole_page_at_once(staff, v2):
    items = list(Item.objects.filter(municipality__slug="ulricehamn").order_by("kind", "pk")[:3])
    staff.post(f"{URL}?municipality=ulricehamn", {"atgard": "godkann-valda", "val": [i.pk for i in items[:2]]})
    assert Classification.objects.filter(model=v2).count() == 2
    remaining = Item.objects.filter(municipality__slug="ulricehamn").unclassified_in(v2)
    staff.post(f"{URL}?municipality=ulricehamn", {"atgard": "godkann-sidan", "sidan": [i.pk for i in remaining]})
    assert not Item.objects.filter(municipality__slug="ulricehamn").unclassified_in(v2).exists()
    assert ClassificationSuggestion.objects.filter(decision="godkant").count() == 15


def test_a_reader_is_refused_and_nothing_is_written(client, boras_reader, v2):
    client.force_login(boras_reader)
    item = Item.objects.filter(municipality__slug="boras").first()
    page = client.get(URL, {"municipality": "boras"}).content.decode()
    assert "Godkänn" not in page
    assert client.post(URL, {"atgard": f"godkann-{item.pk}"}).status_code == 403
    assert not ClassificationSuggestion.objects.exists() and not Classification.objects.exists()


def test_an_editor_cannot_decide_for_another_municipality(client, mark_editor, v2):
    client.force_login(mark_editor)
    item = Item.objects.filter(municipality__slug="boras").first()
    client.post(URL, {"atgard": "godkann-valda", "val": [item.pk]})
    assert not Classification.objects.exists()
    page = client.get(URL, {"municipality": "boras"}).content.decode()
    assert f'name="val" value="{item.pk}"' not in page


def test_the_json_twin_lists_suggestions_with_their_reason(staff, v2):
    data = staff.get("/api/mapping/suggestions", {"municipality": "svenljunga"}).json()
    assert data["version"] == 2 and data["count"] == Item.objects.filter(municipality__slug="svenljunga").count()
    row = next(s for s in data["suggestions"] if s["text"] == "Föräldraskapsstödjande insatser.")
    assert row["theme"] == "Föräldrar som resurs" and row["level"]
    assert "föräldraskapsstödjande" in row["reason"]
    assert len(row["alternatives"]) == 3


def test_the_page_costs_a_bounded_number_of_queries(staff, v2, django_assert_max_num_queries):
    staff.get(URL)  # warm the suggester
    with django_assert_max_num_queries(25):
        assert staff.get(URL).status_code == 200
