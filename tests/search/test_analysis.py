"""The Swedish analysis: words → terms (no database)."""

import pytest

from kunskapsnod.search.analysis import fold, normalize, search_terms, split_compound, terms, words


def test_it_folds_swedish_letters_and_other_diacritics():
    assert fold("Närvaro i Åmål, Öckerö och Malmö") == "narvaro i amal, ockero och malmo"
    assert fold("café Ærø") == "cafe aro"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("skola", "skolan"),
        ("skola", "skolor"),
        ("frånvaro", "frånvaron"),
        ("närvaro", "narvaro"),
        ("insats", "insatser"),
        ("insats", "insatsen"),
        ("kompetens", "kompetensen"),
        ("hälsa", "hälsans"),
        ("psykiatri", "psykiatrin"),
        ("ungdom", "ungdomar"),
        ("nyanlända", "nyanländ"),
    ],
)
def test_it_gives_inflected_forms_one_term(one, other):
    assert normalize(one) == normalize(other)


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("skolfrånvaro", ("skola", "frånvaro")),
        ("ungdomsgård", ("ungdom", "gård")),
        ("elevhälsans", ("elev", "hälsans")),
        ("kvinnojour", ("kvinna", "jour")),
        ("skolpliktsbevakning", ("skola", "plikt", "skolplikt", "bevakning")),
        ("föräldraskapsstöd", ("föräldra", "föräldraskap", "stöd")),
    ],
)
def test_it_splits_compounds_with_swedish_linking_forms(compound, parts):
    assert split_compound(compound) == parts


@pytest.mark.parametrize("word", ["samverkan", "förskola", "ungdom", "kommunen", "information", "nyanlända"])
def test_it_leaves_words_in_their_own_right_whole(word):
    assert split_compound(word) == ()


def test_it_finds_a_compound_by_its_part():
    assert normalize("frånvaro") in terms("Skolfrånvaro")
    assert normalize("frånvaro") in terms("FRÅNVAROUTREDNINGAR i skolan")


def test_it_lets_foraldrastod_meet_foraldraskapsstod_on_both_parts():
    shared = set(terms("föräldrastöd")) & set(terms("föräldraskapsstöd"))
    assert shared == {"foraldr", "stod"}


def test_it_reads_a_word_cut_short_before_och():
    assert "studievagledning" in terms("studie- och yrkesvägledning")
    assert "barnpsykiatri" in terms("barn- och ungdomspsykiatri")


def test_it_drops_function_words_punctuation_and_single_letters():
    assert terms("och att i på för, det! x ... --") == []
    assert terms("Är det så?") == []


def test_it_keeps_abbreviations_and_numbers():
    assert terms("SIP, KAA-ansvar 2022") == ["sip", "kaa", "ansv", "2022"]


def test_it_gives_positions_of_the_words_it_keeps():
    text = "Stöd till föräldrar"
    assert [text[w.start : w.end] for w in words(text)] == ["Stöd", "föräldrar"]


def test_it_indexes_the_exact_spelling_beside_the_folded_one():
    assert search_terms("Närvaro") == [("narvaro", False), ("närvaro", False)]
    assert search_terms("narvaro") == [("narvaro", False)]
    assert ("franvaro", True) in search_terms("skolfrånvaro")


def test_it_survives_long_and_strange_text():
    text = "ö" * 10_000 + " \x00 \ud800 " + "a-" * 5000 + "😀 ١٢٣"
    assert isinstance(terms(text), list)
