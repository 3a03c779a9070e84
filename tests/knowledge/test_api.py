"""The JSON twin: /api/knowledge/entries and /api/knowledge/entries/{id} answer only what
the caller may read, with the one error shape {"error": ...}."""

import pytest

LIST = "/api/knowledge/entries"


def _titles(response) -> set[str]:
    return {entry["title"] for entry in response.json()["entries"]}


def test_visitors_get_published_entries_only(client, make_entry):
    make_entry("boras", title="Publicerad", status="publicerad")
    make_entry("boras", title="Utkast")
    make_entry("boras", title="Arkiverad", status="arkiverad")
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert _titles(response) == {"Publicerad"}


def test_an_editor_also_gets_the_drafts_of_their_municipality_only(client, make_entry, boras_editor):
    make_entry("boras", title="Borås utkast")
    make_entry("mark", title="Marks utkast")
    client.force_login(boras_editor)
    assert _titles(client.get(LIST)) == {"Borås utkast"}


def test_the_list_takes_the_pages_filters(client, make_entry, current_model, org):
    theme = current_model.themes.first()
    make_entry("boras", title="Metod", kind="metod", status="publicerad", themes=[theme])
    make_entry("mark", title="Projekt", kind="projekt", status="publicerad", municipalities=[org("svenljunga")])
    assert _titles(client.get(LIST, {"kind": "metod"})) == {"Metod"}
    assert _titles(client.get(LIST, {"theme": theme.pk})) == {"Metod"}
    assert _titles(client.get(LIST, {"municipality": "svenljunga"})) == {"Projekt"}


def test_a_bad_filter_is_a_json_error(client, regions):
    response = client.get(LIST, {"kind": "roman"})
    assert response.status_code == 400
    assert "kind" in response.json()["error"]


def test_one_entry_with_its_body_as_markdown_and_as_safe_html(client, make_entry, org):
    entry = make_entry(
        "sjuharad",
        kind="projekt",
        status="publicerad",
        body="**Fet** <script>x</script>",
        funder="ESF-rådet",
        budget=1000,
        links=[("https://example.org", "Sajt")],
    )
    data = client.get(f"{LIST}/{entry.pk}").json()
    assert data["title"] == entry.title and data["owner"] == "sjuharad"
    assert data["body"] == "**Fet** <script>x</script>"
    assert data["body_html"] == "<p><strong>Fet</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"
    assert data["project"]["funder"] == "ESF-rådet" and data["project"]["budget"] == 1000
    assert data["links"] == [{"url": "https://example.org", "label": "Sajt"}]


@pytest.mark.parametrize("persona", [None, "boras_reader", "mark_editor"])
def test_a_draft_is_404_to_whoever_may_not_read_it(client, make_entry, personas, persona):
    entry = make_entry("boras")
    if persona:
        client.force_login(personas[persona])
    response = client.get(f"{LIST}/{entry.pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"error"}
    assert response.json() == client.get(f"{LIST}/999999").json()  # missing and hidden look alike


def test_the_list_costs_a_fixed_number_of_queries(client, make_entry, current_model, django_assert_max_num_queries):
    for n in range(8):
        make_entry("boras", title=f"Post {n}", status="publicerad", themes=list(current_model.themes.all()[:2]))
    with django_assert_max_num_queries(10):
        assert len(client.get(LIST).json()["entries"]) == 8
