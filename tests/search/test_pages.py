"""The search page /sok/, its JSON twin /api/search and the synonym list."""

import pytest

from kunskapsnod.search.models import Synonym

PAGE = "/sok/"
API = "/api/search"


def test_a_visitor_searches_the_published_knowledge_bank(client, make_entry, make_item):
    make_entry("Läxhjälp på biblioteket", status="publicerad")
    make_item("Läxhjälp i kartläggningen")
    page = client.get(PAGE, {"q": "läxhjälp"}).content.decode()
    assert "Läxhjälp på biblioteket" in page
    assert "Läxhjälp i kartläggningen" not in page
    assert "1 träff för ”läxhjälp”" in page
    assert "Logga in för att söka i kartläggningen också" not in page  # there were hits


def test_a_signed_in_user_gets_hits_facets_and_pages(client, make_item, boras_reader):
    for n in range(25):
        make_item(f"Läxhjälp nummer {n}", municipality="boras" if n % 2 else "mark")
    client.force_login(boras_reader)
    page = client.get(PAGE, {"q": "läxhjälp"}).content.decode()
    assert "25 träffar" in page and "Sida 1 av 2" in page
    assert "<mark>Läxhjälp</mark>" in page
    assert 'href="?q=l%C3%A4xhj%C3%A4lp&amp;municipality=' in page
    second = client.get(PAGE, {"q": "läxhjälp", "sida": "2"}).content.decode()
    assert "Sida 2 av 2" in second


def test_facets_combine_in_the_url(client, make_item, boras_reader, org):
    make_item("Läxhjälp i Borås")
    make_item("Läxhjälp i Mark", municipality="mark", kind="behov")
    client.force_login(boras_reader)
    page = client.get(PAGE, {"q": "läxhjälp", "kind": ["behov", "insats"], "municipality": org("mark").pk})
    text = page.content.decode()
    assert "1 träff" in text and "<mark>Läxhjälp</mark> i Mark" in text and "<mark>Läxhjälp</mark> i Borås" not in text
    assert 'aria-current="true"' in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Skriv ett eller flera ord i sökrutan"),
        ("?!…;;", "Sökfrågan innehåller inga sökbara ord"),
        ("x" * 10_000, "de första 200 tecknen användes"),
    ],
)
def test_a_query_without_words_or_far_too_long_gets_a_clear_answer(client, regions, query, message):
    response = client.get(PAGE, {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_nonsense_filters_and_pages_are_ignored(client, make_entry):
    make_entry("Läxhjälp", status="publicerad")
    params = {"q": "läxhjälp", "kind": "roman", "theme": "²", "year": "99999999999999999999", "sida": "-3"}
    response = client.get(PAGE, params)
    assert response.status_code == 200 and "1 träff" in response.content.decode()


def test_hostile_text_stays_inert(client, make_entry):
    make_entry('<img src=x onerror="alert(1)"> Läxhjälp', status="publicerad", summary="<script>alert(2)</script>")
    page = client.get(PAGE, {"q": "läxhjälp <b>"}).content.decode()
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x" in page


def test_the_api_returns_ranked_hits_with_facets(client, make_item, make_entry, boras_reader):
    make_item("Samarbete med BUP")
    make_entry("BUP och skolan", status="publicerad")
    client.force_login(boras_reader)
    data = client.get(API, {"q": "BUP", "kind": "insats"}).json()
    assert data["count"] == 1
    [hit] = data["hits"]
    assert hit["kind"] == "insats" and hit["title"] == "Samarbete med BUP" and hit["municipality"] == "Borås"
    assert hit["score"] > 0 and hit["url"].startswith("/kartlaggning/poster/")
    assert {v["value"]: v["count"] for v in data["facets"]["kind"]} == {"insats": 1}


def test_the_api_answers_a_visitor_with_published_entries_only(client, make_item, make_entry):
    make_item("Samarbete med BUP")
    make_entry("BUP och skolan", status="publicerad")
    make_entry("BUP i utkast")
    data = client.get(API, {"q": "bup"}).json()
    assert [h["title"] for h in data["hits"]] == ["BUP och skolan"]


@pytest.mark.parametrize("query", ["", "...", "och"])
def test_the_api_says_why_a_query_cannot_be_run(client, regions, query):
    response = client.get(API, {"q": query})
    assert response.status_code == 400 and "error" in response.json()


def test_the_api_bounds_offset_and_limit(client, regions):
    assert client.get(API, {"q": "bup", "offset": 10**6}).status_code == 422
    assert client.get(API, {"q": "bup", "limit": 0}).status_code == 422


def test_node_staff_edit_the_synonym_list(client, sjuharad_staff):
    client.force_login(sjuharad_staff)
    response = client.post("/sok/synonymer/", {"term": "SLS", "meaning": "sommarlovskola"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="SLS")
    client.post(f"/sok/synonymer/{synonym.pk}/", {"term": "SLS", "meaning": "sommarlovsskola"})
    assert Synonym.objects.get(term="SLS").meaning == "sommarlovsskola"
    client.post(f"/sok/synonymer/{synonym.pk}/ta-bort/")
    assert not Synonym.objects.filter(term="SLS").exists()


def test_an_editor_reads_the_synonym_list_but_may_not_change_it(client, boras_editor):
    Synonym.objects.update_or_create(term="BUP", defaults={"meaning": "barn- och ungdomspsykiatri"})
    client.force_login(boras_editor)
    page = client.get("/sok/synonymer/").content.decode()
    assert "barn- och ungdomspsykiatri" in page and '<form method="post" class="card"' not in page
    assert client.post("/sok/synonymer/", {"term": "SLS", "meaning": "sommarlovskola"}).status_code == 403
    assert not Synonym.objects.filter(term="SLS").exists()


def test_a_synonym_without_letters_is_refused_with_a_message(client, sjuharad_staff):
    client.force_login(sjuharad_staff)
    page = client.post("/sok/synonymer/", {"term": "!!!", "meaning": "något"}).content.decode()
    assert "Ordet måste innehålla bokstäver eller siffror." in page


def test_the_shipped_list_holds_the_pre_studys_abbreviations(db):
    terms = set(Synonym.objects.values_list("term", flat=True))
    assert {"SYV", "BUP", "KAA", "NPF", "SIP", "SSPF", "UVAS", "LSS"} <= terms
