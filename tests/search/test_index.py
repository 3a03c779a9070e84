"""The index follows every write at once, and ranking reads Swedish as it is written."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from kunskapsnod.mapping.services import classify_items, delete_item, save_item
from kunskapsnod.search.models import Document, Posting, Synonym
from kunskapsnod.search.query import search
from kunskapsnod.search.services import delete_synonym, reindex_all, save_synonym


def _texts(user, query, **filters):
    return [hit.document.title for hit in search(user, query, filters=filters).hits]


def test_it_finds_an_item_as_soon_as_the_service_saved_it(make_item, boras_reader):
    make_item("Problematisk skolfrånvaro i grundskolan")
    assert _texts(boras_reader, "frånvaro") == ["Problematisk skolfrånvaro i grundskolan"]


def test_it_follows_an_edit_and_a_deletion(make_item, administrator, boras_reader):
    item = make_item("Läxhjälp på biblioteket")
    item.text = "Studiestöd på fritidsgården"
    save_item(actor=administrator, item=item)
    assert _texts(boras_reader, "läxhjälp") == []
    assert _texts(boras_reader, "fritidsgård") == ["Studiestöd på fritidsgården"]
    delete_item(actor=administrator, item=item)
    assert _texts(boras_reader, "fritidsgård") == []
    assert not Posting.objects.exists()


def test_a_part_is_found_through_its_parent(make_item, org):
    parent = make_item("Skolpliktsbevakning")
    make_item("Frånvaroutredningar i skolan", parent=parent)
    hits = search(AnonymousUser(), "x").hits  # noqa: F841  (visitors see no mapping)
    assert Document.objects.count() == 1
    assert "Frånvaroutredningar" in Document.objects.get().text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("narvaro", "Närvaroteam i skolan"),
        ("skolfrånvaro", "Arbete mot frånvaro i skolan"),
        ("föräldraskapsstöd", "Föräldrastöd i grupp"),
        ("nyanländ", "Mottagande av nyanlända elever"),
        ("elevhälsan", "Elevhälsans arbete"),
    ],
)
def test_it_reads_swedish_as_it_is_written(make_item, boras_reader, query, found):
    for text in ("Närvaroteam i skolan", "Arbete mot frånvaro i skolan", "Föräldrastöd i grupp"):
        make_item(text)
    make_item("Mottagande av nyanlända elever")
    make_item("Elevhälsans arbete")
    make_item("Ungdomsgård på helger")
    assert found in _texts(boras_reader, query)
    assert "Ungdomsgård på helger" not in _texts(boras_reader, query)


def test_it_ranks_the_spelling_with_a_ring_above_the_folded_one(make_item, boras_reader):
    make_item("Skapa rutiner för elever")
    make_item("Skåp för elever")
    assert _texts(boras_reader, "skåp")[0] == "Skåp för elever"


def test_it_ranks_the_whole_compound_above_its_parts(make_item, boras_reader):
    make_item("Frånvaro i skolan följs upp")
    make_item("Skolfrånvaro följs upp")
    assert _texts(boras_reader, "skolfrånvaro") == ["Skolfrånvaro följs upp", "Frånvaro i skolan följs upp"]


def test_an_abbreviation_finds_what_it_stands_for_and_back(make_item, boras_reader):
    make_item("Samarbete med barn- och ungdomspsykiatrin")
    make_item("Kortare väntetid till BUP")
    assert set(_texts(boras_reader, "BUP")) == {
        "Samarbete med barn- och ungdomspsykiatrin",
        "Kortare väntetid till BUP",
    }
    assert "Kortare väntetid till BUP" in _texts(boras_reader, "barn- och ungdomspsykiatri")


def test_an_edit_of_the_synonym_list_counts_from_the_next_query(make_item, boras_reader, sjuharad_staff):
    make_item("Lovskola i sommar")
    assert _texts(boras_reader, "SLS") == []
    synonym = save_synonym(actor=sjuharad_staff, synonym=Synonym(term="SLS", meaning="sommarlovskola; lovskola"))
    assert _texts(boras_reader, "SLS") == ["Lovskola i sommar"]
    delete_synonym(actor=sjuharad_staff, synonym=synonym)
    assert _texts(boras_reader, "SLS") == []


def test_visitors_find_published_entries_only(make_entry, make_item):
    make_entry("Läxhjälp publicerad", status="publicerad")
    make_entry("Läxhjälp utkast")
    make_entry("Läxhjälp arkiverad", status="arkiverad")
    make_item("Läxhjälp i kartläggningen")
    assert _texts(AnonymousUser(), "läxhjälp") == ["Läxhjälp publicerad"]


def test_a_draft_is_found_only_by_those_who_may_change_its_owner(
    make_entry, boras_editor, boras_reader, mark_editor, sjuharad_staff
):
    make_entry("Läxhjälp utkast", owner="boras")
    assert _texts(boras_editor, "läxhjälp") == ["Läxhjälp utkast"]
    assert _texts(sjuharad_staff, "läxhjälp") == ["Läxhjälp utkast"]
    assert _texts(boras_reader, "läxhjälp") == []
    assert _texts(mark_editor, "läxhjälp") == []


def test_publishing_makes_an_entry_public_at_once(make_entry, administrator):
    from kunskapsnod.knowledge.services import publish_entry

    entry = make_entry("Mentorskap för nyanlända")
    assert _texts(AnonymousUser(), "mentorskap") == []
    publish_entry(actor=administrator, entry=entry)
    assert _texts(AnonymousUser(), "mentorskap") == ["Mentorskap för nyanlända"]


def test_facets_count_and_narrow(make_item, make_entry, model, administrator, boras_reader, org):
    theme = model.themes.first()
    level = model.levels.first()
    first = make_item("Läxhjälp i Borås")
    make_item("Läxhjälp i Mark", municipality="mark", kind="behov")
    make_entry("Läxhjälp som metod", status="publicerad")
    classify_items(actor=administrator, items=[first], model=model, themes=[theme], level=level)
    results = search(boras_reader, "läxhjälp")
    assert results.total == 3
    assert results.facets["kind"] == {"insats": 1, "behov": 1, "metod": 1}
    assert results.facets["municipality"][org("mark").pk] == 1
    assert results.facets["association"][org("sjuharad").pk] == 3
    assert results.facets["theme"] == {theme.pk: 1}
    assert _texts(boras_reader, "läxhjälp", theme=[theme.pk]) == ["Läxhjälp i Borås"]
    assert _texts(boras_reader, "läxhjälp", level=[level.pk]) == ["Läxhjälp i Borås"]
    assert len(_texts(boras_reader, "läxhjälp", kind=["insats", "behov"])) == 2
    assert _texts(boras_reader, "läxhjälp", kind=["insats", "behov"], municipality=[org("mark").pk]) == [
        "Läxhjälp i Mark"
    ]


def test_it_pages_through_many_hits(make_item, boras_reader):
    for n in range(7):
        make_item(f"Läxhjälp nummer {n}")
    first = search(boras_reader, "läxhjälp", limit=5)
    second = search(boras_reader, "läxhjälp", offset=5, limit=5)
    assert first.total == second.total == 7
    assert len(first.hits) == 5 and len(second.hits) == 2
    assert not {h.document.pk for h in first.hits} & {h.document.pk for h in second.hits}


@pytest.mark.parametrize(
    ("query", "problem"), [("", "empty"), ("   ", "empty"), ("?!… --- ;;", "no_words"), ("och att", "no_words")]
)
def test_a_query_without_words_says_so(regions, query, problem):
    assert search(AnonymousUser(), query).problem == problem


def test_a_very_long_query_is_cut_and_answered(make_item, boras_reader):
    make_item("Läxhjälp")
    results = search(boras_reader, "läxhjälp " + "ö" * 10_000)
    assert results.truncated and [h.document.title for h in results.hits] == ["Läxhjälp"]


def test_a_snippet_marks_the_words_and_escapes_the_text(make_item, boras_reader):
    make_item('Stöd <script>alert("x")</script> för föräldrar')
    hit = search(boras_reader, "föräldrar").hits[0]
    snippet = str(hit.heading) + str(hit.snippet)  # an item's heading is its text
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>föräldrar</mark>" in snippet


def test_reindexing_everything_is_idempotent(make_item, make_entry):
    make_item("Läxhjälp")
    make_entry("Läxhjälp som metod", status="publicerad")
    before = sorted(Posting.objects.values_list("term", "frequency"))
    call_command("reindex_search", stdout=__import__("io").StringIO())
    reindex_all()
    assert Document.objects.count() == 2
    assert sorted(Posting.objects.values_list("term", "frequency")) == before


def test_a_search_takes_a_fixed_number_of_queries(make_item, boras_editor, django_assert_max_num_queries):
    for n in range(30):
        make_item(f"Läxhjälp och studiestöd {n}")
    with django_assert_max_num_queries(8):
        search(boras_editor, "läxhjälp studiestöd", limit=20)


def test_a_very_common_term_is_read_best_first_and_the_best_scored_again(make_item, boras_reader, monkeypatch):
    from kunskapsnod.search import query

    for name, value in {"BUDGET": 4, "PER_TERM": 4, "MIN_PER_TERM": 2, "RESCORE": 3, "COUNT_CAP": 8}.items():
        monkeypatch.setattr(query, name, value)
    for n in range(10):
        make_item(f"Läxhjälp på fritidsgården, ett långt stycke text om helt andra saker nummer {n}")
    make_item("Läxhjälp")
    make_item("Läxhjälp och studiestöd på biblioteket nummer 99")
    results = search(boras_reader, "läxhjälp studiestöd")
    assert results.capped and results.total == 8
    titles = [hit.document.title for hit in results.hits]
    assert titles[0] == "Läxhjälp och studiestöd på biblioteket nummer 99"
    assert "Läxhjälp" in titles[:3]


def test_the_statistics_follow_every_write(make_item, make_entry, administrator):
    from kunskapsnod.search.models import Statistic, TermStatistic

    item = make_item("Läxhjälp i Borås")
    entry = make_entry("Läxhjälp som metod")
    assert Statistic.objects.filter(documents__gt=0).count() == 2
    assert TermStatistic.objects.get(term="laxhjalp", visibility=1).documents == 1
    delete_item(actor=administrator, item=item)
    assert TermStatistic.objects.get(term="laxhjalp", visibility=1).documents == 0
    from kunskapsnod.knowledge.services import publish_entry

    publish_entry(actor=administrator, entry=entry)
    assert TermStatistic.objects.get(term="laxhjalp", visibility=0).documents == 1
    assert TermStatistic.objects.get(term="laxhjalp", visibility=2, owner_id=entry.owner_id).documents == 0
    reindex_all()
    assert sorted(TermStatistic.objects.filter(term="laxhjalp").values_list("visibility", "documents")) == [(0, 1)]


def test_the_facets_follow_a_new_version_of_the_analysis_model(make_item, model, administrator, boras_reader):
    from kunskapsnod.mapping.services import carry_over_classifications, create_model_version

    item = make_item("Läxhjälp i Borås")
    theme, level = model.themes.first(), model.levels.first()
    classify_items(actor=administrator, items=[item], model=model, themes=[theme], level=level)
    assert search(boras_reader, "läxhjälp").facets["theme"] == {theme.pk: 1}
    newer = create_model_version(
        actor=administrator,
        base=model,
        name="Version 3",
        theme_names={t.pk: t.name for t in model.themes.all()},
        level_names={lv.pk: lv.name for lv in model.levels.all()},
    )
    assert search(boras_reader, "läxhjälp").facets["theme"] == {}
    carry_over_classifications(actor=administrator, source=model, target=newer)
    assert search(boras_reader, "läxhjälp").facets["theme"] == {newer.themes.get(name=theme.name).pk: 1}
