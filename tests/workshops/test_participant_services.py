import pytest

from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Dot, Note, Phase


@pytest.fixture
def participant(voting_workshop):
    return services.join_workshop(workshop=voting_workshop, display_name="Anna")


def _note(workshop, text):
    return workshop.notes.get(text=text)


def test_a_participant_may_put_several_dots_on_one_note(voting_workshop, participant):
    kaa = _note(voting_workshop, "KAA")
    for _ in range(3):
        services.cast_dot(participant=participant, note_id=kaa.pk)
    assert kaa.dots.count() == 3
    assert sorted(participant.dots.values_list("slot", flat=True)) == [1, 2, 3]


def test_it_refuses_more_than_n_dots(voting_workshop, participant):
    kaa = _note(voting_workshop, "KAA")
    for _ in range(3):
        services.cast_dot(participant=participant, note_id=kaa.pk)
    with pytest.raises(services.WorkshopError, match="alla dina 3 pluppar"):
        services.cast_dot(participant=participant, note_id=_note(voting_workshop, "Samverkan").pk)
    assert participant.dots.count() == 3


def test_a_removed_dot_can_be_placed_again(voting_workshop, participant):
    kaa, samverkan = _note(voting_workshop, "KAA"), _note(voting_workshop, "Samverkan")
    for _ in range(3):
        services.cast_dot(participant=participant, note_id=kaa.pk)
    services.remove_dot(participant=participant, note_id=kaa.pk)
    services.cast_dot(participant=participant, note_id=samverkan.pk)
    assert (kaa.dots.count(), samverkan.dots.count()) == (2, 1)


def test_it_refuses_to_remove_a_dot_that_is_not_there(voting_workshop, participant):
    other = services.join_workshop(workshop=voting_workshop)
    kaa = _note(voting_workshop, "KAA")
    services.cast_dot(participant=other, note_id=kaa.pk)
    with pytest.raises(services.WorkshopError, match="ingen plupp"):
        services.remove_dot(participant=participant, note_id=kaa.pk)
    assert kaa.dots.count() == 1


def test_it_refuses_dots_on_internal_notes(voting_workshop, participant):
    with pytest.raises(services.WorkshopError, match="delregionala"):
        services.cast_dot(participant=participant, note_id=_note(voting_workshop, "Intern").pk)
    assert not Dot.objects.exists()


@pytest.mark.parametrize("how", ["hidden", "merged"])
def test_it_refuses_dots_on_hidden_or_merged_notes(voting_workshop, participant, sjuharad_staff, how):
    kaa, samverkan = _note(voting_workshop, "KAA"), _note(voting_workshop, "Samverkan")
    if how == "hidden":
        services.hide_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=kaa.pk)
    else:
        services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=samverkan.pk)
    with pytest.raises(services.WorkshopError, match="dold eller sammanslagen"):
        services.cast_dot(participant=participant, note_id=kaa.pk)
    assert not Dot.objects.exists()


def test_it_refuses_a_note_of_another_workshop(voting_workshop, participant, org, sjuharad_staff):
    other = services.create_workshop(actor=sjuharad_staff, organisation=org("mark"), title="Mark")
    foreign = services.add_facilitator_note(actor=sjuharad_staff, workshop=other, text="Annan")
    with pytest.raises(services.InvalidInput):
        services.cast_dot(participant=participant, note_id=foreign.pk)
    assert not Dot.objects.exists()


@pytest.mark.parametrize("phase", [Phase.RESULTS, Phase.CLOSED])
def test_it_refuses_dots_after_voting(voting_workshop, participant, advance, phase):
    advance(voting_workshop, phase)
    with pytest.raises(services.WorkshopError):
        services.cast_dot(participant=participant, note_id=_note(voting_workshop, "KAA").pk)
    assert not Dot.objects.exists()


def test_it_refuses_dots_before_voting(workshop):
    participant = services.join_workshop(workshop=workshop)
    note = services.add_note(participant=participant, text="Tidigt")
    with pytest.raises(services.WorkshopError, match="fasen Lappar"):
        services.cast_dot(participant=participant, note_id=note.pk)


def test_notes_are_stored_as_typed_but_trimmed(workshop):
    participant = services.join_workshop(workshop=workshop)
    note = services.add_note(participant=participant, text="  <b>Fritids</b> & skola \n")
    assert note.text == "<b>Fritids</b> & skola"
    assert note.author == participant and note.kind == "behov"


@pytest.mark.parametrize(("text", "message"), [("", "tom"), ("   \n", "tom"), ("x" * 501, "501 tecken")])
def test_it_refuses_empty_and_too_long_notes(workshop, text, message):
    participant = services.join_workshop(workshop=workshop)
    with pytest.raises(services.InvalidInput, match=message):
        services.add_note(participant=participant, text=text)
    assert not Note.objects.exists()


def test_a_note_of_exactly_280_characters_is_accepted(workshop):
    participant = services.join_workshop(workshop=workshop)
    assert len(services.add_note(participant=participant, text="å" * 280).text) == 280


def test_notes_are_refused_after_the_notes_phase(workshop, advance):
    participant = services.join_workshop(workshop=workshop)
    advance(workshop, Phase.SORTING)
    with pytest.raises(services.WorkshopError):
        services.add_note(participant=participant, text="Sent")
    assert not Note.objects.exists()


def test_participants_sort_notes_only_in_the_sorting_phase(workshop, advance):
    participant = services.join_workshop(workshop=workshop)
    note = services.add_note(participant=participant, text="Lapp")
    with pytest.raises(services.WorkshopError):
        services.place_note(participant=participant, note_id=note.pk, placement="internt")
    advance(workshop, Phase.SORTING)
    services.place_note(participant=participant, note_id=note.pk, placement="internt")
    note.refresh_from_db()
    assert note.placement == "internt"
    with pytest.raises(services.InvalidInput):
        services.place_note(participant=participant, note_id=note.pk, placement="överallt")


def test_nobody_joins_a_closed_workshop(workshop, advance):
    advance(workshop, Phase.CLOSED)
    with pytest.raises(services.WorkshopError):
        services.join_workshop(workshop=workshop)


def test_sorting_and_hiding_change_the_board_version(workshop, advance, sjuharad_staff):
    participant = services.join_workshop(workshop=workshop)
    note = services.add_note(participant=participant, text="Lapp")
    advance(workshop, Phase.SORTING)
    versions = [services.board_version(workshop, participant)]
    services.place_note(participant=participant, note_id=note.pk, placement="internt")
    versions.append(services.board_version(workshop, participant))
    services.hide_note(actor=sjuharad_staff, workshop=workshop, note_id=note.pk)
    versions.append(services.board_version(workshop, participant))
    assert len(set(versions)) == 3


def test_one_participant_cannot_flood_the_wall(workshop, monkeypatch):
    monkeypatch.setattr(services.notes, "NOTES_PER_PARTICIPANT", 3)
    participant = services.join_workshop(workshop=workshop)
    for i in range(3):
        services.add_note(participant=participant, text=f"Lapp {i}")
    with pytest.raises(services.WorkshopError, match="redan skrivit 3 lappar"):
        services.add_note(participant=participant, text="En till")
    assert Note.objects.count() == 3
