"""Ties in the result: equal dots share a rank (standard competition ranking, 1, 1, 3)."""

import re

from django.test import Client

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase


def _tied_workshop(workshop, advance, sjuharad_staff):
    """Dots: A 2, B 2, C 1, D 0 (A written before B)."""
    notes = {}
    for text in "ABCD":
        notes[text] = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=text)
        services.place_note_as_facilitator(
            actor=sjuharad_staff, workshop=workshop, note_id=notes[text].pk, placement="delregionalt"
        )
    participant, other = services.join_workshop(workshop=workshop), services.join_workshop(workshop=workshop)
    advance(workshop, Phase.VOTING)
    for text in ("B", "A", "C"):
        services.cast_dot(participant=participant, note_id=notes[text].pk)
    for text in ("A", "B"):
        services.cast_dot(participant=other, note_id=notes[text].pk)
    advance(workshop, Phase.RESULTS)
    return workshop


def test_notes_with_equal_dots_share_a_rank_and_the_next_rank_skips(workshop, advance, sjuharad_staff):
    _tied_workshop(workshop, advance, sjuharad_staff)
    rows = services.ranked_results(workshop)
    assert [(r.rank, r.text, r.dots, r.shared) for r in rows] == [
        (1, "A", 2, True),
        (1, "B", 2, True),
        (3, "C", 1, False),
        (4, "D", 0, False),
    ]


def test_a_single_note_and_all_equal_notes_are_ranked_consistently():
    row = services.RankedNote
    assert [r.rank for r in services.competition_ranked([row(0, 1, "x", 5)])] == [1]
    equal = services.competition_ranked([row(0, i, str(i), 0) for i in range(3)])
    assert [(r.rank, r.shared) for r in equal] == [(1, True)] * 3
    assert [
        r.rank for r in services.competition_ranked([row(0, i, "t", d) for i, d in enumerate([3, 2, 2, 2, 1])])
    ] == [
        1,
        2,
        2,
        2,
        5,
    ]


def test_the_results_page_shows_shared_ranks(workshop, advance, sjuharad_staff):
    _tied_workshop(workshop, advance, sjuharad_staff)
    page = Client().get(f"/w/{workshop.join_code}/resultat/").text
    ranks = re.findall(r'<tr><td class="num">(\d+)( <span class="shared-rank">\(delad\)</span>)?</td>', page)
    assert ranks == [("1", ' <span class="shared-rank">(delad)</span>')] * 2 + [("3", ""), ("4", "")]
    assert "Lappar med lika många pluppar delar plats." in page


def test_the_results_json_gives_shared_ranks(workshop, advance, sjuharad_staff):
    _tied_workshop(workshop, advance, sjuharad_staff)
    data = Client().get(f"/api/workshops/{workshop.join_code}/results").json()
    assert [(r["rank"], r["shared_rank"], r["text"]) for r in data["results"]] == [
        (1, True, "A"),
        (1, True, "B"),
        (3, False, "C"),
        (4, False, "D"),
    ]


def test_the_results_page_explains_shared_ranks_only_when_there_are_ties(voting_workshop, advance):
    participant = services.join_workshop(workshop=voting_workshop)
    services.cast_dot(participant=participant, note_id=voting_workshop.notes.get(text="KAA").pk)
    advance(voting_workshop, Phase.RESULTS)
    page = Client().get(f"/w/{voting_workshop.join_code}/resultat/").text
    assert "(delad)" not in page and "delar plats" not in page
