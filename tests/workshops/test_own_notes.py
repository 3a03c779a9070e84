"""A participant's own notes: edited or deleted until the sorting starts, placed (proposed)
by their author only, never someone else's; the 280-character limit and its counter."""

import pytest

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import NOTE_MAX_LENGTH, Note, Phase


@pytest.fixture
def two(workshop, join):
    """Two participants' browsers, each with one note of their own."""
    clients = {name: join(name) for name in ("Ada", "Bo")}
    for name, client in clients.items():
        assert client.post(f"/w/{workshop.join_code}/lapp/", {"text": f"{name}s lapp"}).status_code == 302
    notes = {name: Note.objects.get(text=f"{name}s lapp") for name in clients}
    return clients, notes


def test_a_participant_edits_and_deletes_their_own_note(workshop, two):
    clients, notes = two
    url = f"/w/{workshop.join_code}/min-lapp/"
    assert clients["Ada"].post(url, {"note": notes["Ada"].pk, "text": " Ny text "}).status_code == 302
    notes["Ada"].refresh_from_db()
    assert notes["Ada"].text == "Ny text"
    assert clients["Ada"].post(url, {"note": notes["Ada"].pk, "action": "delete"}).status_code == 302
    assert not Note.objects.filter(pk=notes["Ada"].pk).exists()


def test_a_participant_cannot_touch_someone_elses_note(workshop, two, advance):
    clients, notes = two
    url = f"/w/{workshop.join_code}/min-lapp/"
    edit = clients["Ada"].post(url, {"note": notes["Bo"].pk, "text": "Kapad"})
    delete = clients["Ada"].post(url, {"note": notes["Bo"].pk, "action": "delete"})
    assert edit.status_code == delete.status_code == 409
    assert "Du kan bara ändra dina egna lappar." in delete.text
    advance(workshop, Phase.SORTING)
    place = clients["Ada"].post(f"/w/{workshop.join_code}/placera/", {"note": notes["Bo"].pk, "placement": "internt"})
    assert place.status_code == 409
    notes["Bo"].refresh_from_db()
    assert (notes["Bo"].text, notes["Bo"].placement) == ("Bos lapp", "unsorted")


def test_notes_are_fixed_once_the_sorting_starts(workshop, two, advance):
    clients, notes = two
    advance(workshop, Phase.SORTING)
    response = clients["Ada"].post(f"/w/{workshop.join_code}/min-lapp/", {"note": notes["Ada"].pk, "action": "delete"})
    assert response.status_code == 409 and "fasen Sortering" in response.text
    assert Note.objects.filter(pk=notes["Ada"].pk).exists()


def test_the_author_proposes_a_placement_until_the_facilitator_moves_the_note(workshop, two, advance, sjuharad_staff):
    clients, notes = two
    advance(workshop, Phase.SORTING)
    url = f"/w/{workshop.join_code}/placera/"
    assert clients["Ada"].post(url, {"note": notes["Ada"].pk, "placement": "delregionalt"}).status_code == 302
    services.place_note_as_facilitator(
        actor=sjuharad_staff, workshop=workshop, note_id=notes["Ada"].pk, placement="internt"
    )
    response = clients["Ada"].post(url, {"note": notes["Ada"].pk, "placement": "delregionalt"})
    assert response.status_code == 409 and "Samtalsledaren har redan placerat lappen." in response.text
    notes["Ada"].refresh_from_db()
    assert notes["Ada"].placement == "internt"


def test_the_board_offers_edits_and_placements_only_on_ones_own_notes(workshop, two, advance):
    clients, notes = two
    page = clients["Ada"].get(f"/w/{workshop.join_code}/").text
    assert f'id="ta-bort-lapp-{notes["Ada"].pk}"' in page and f'id="ta-bort-lapp-{notes["Bo"].pk}"' not in page
    assert page.count("Din lapp</p>") == 1
    advance(workshop, Phase.SORTING)
    page = clients["Ada"].get(f"/w/{workshop.join_code}/").text
    assert f'id="internt-{notes["Ada"].pk}"' in page and f'id="internt-{notes["Bo"].pk}"' not in page


def test_the_note_form_says_the_limit_and_carries_a_counter(workshop, join):
    page = join().get(f"/w/{workshop.join_code}/").text
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in page and 'data-counter="id_text_counter"' in page
    assert "högst 280 tecken" in page and 'data-template="%(n)s av %(max)s tecken"' in page


@pytest.mark.parametrize("length, status", [(280, 302), (281, 400), (100_000, 400)])
def test_a_note_longer_than_280_characters_is_refused_with_its_length(workshop, join, length, status):
    client = join()
    response = client.post(f"/w/{workshop.join_code}/lapp/", {"text": "å" * length})
    assert response.status_code == status
    if status == 400:
        assert f"Lappen är för lång: {length} tecken. Högst 280 tecken är tillåtet." in response.text
        assert not Note.objects.exists()
        # The typed text comes back for shortening; a huge one only in part.
        assert "å" * 281 in response.text and "å" * 1001 not in response.text


def test_an_edit_longer_than_280_characters_is_refused(workshop, two):
    clients, notes = two
    response = clients["Ada"].post(
        f"/w/{workshop.join_code}/min-lapp/", {"note": notes["Ada"].pk, "text": "x" * 100_000}
    )
    assert response.status_code == 400 and "100000 tecken" in response.text
    notes["Ada"].refresh_from_db()
    assert notes["Ada"].text == "Adas lapp"
