import pytest

from kunskapsnod.mapping.models import Priority
from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Dot, Note, Phase


@pytest.mark.parametrize("persona", ["sjuharad_staff", "boras_editor", "administrator"])
def test_it_lets_staff_and_editors_of_the_municipality_create_a_workshop(personas, org, persona):
    workshop = services.create_workshop(actor=personas[persona], organisation=org("boras"), title="Behov")
    assert workshop.phase == Phase.NOTES
    assert workshop.facilitator == personas[persona]


@pytest.mark.parametrize("persona", ["boras_reader", "mark_editor", "gr_staff"])
def test_it_refuses_a_workshop_for_someone_elses_municipality(personas, org, persona):
    with pytest.raises(PermissionDenied):
        services.create_workshop(actor=personas[persona], organisation=org("boras"), title="Behov")


def test_it_lets_node_staff_run_a_workshop_for_their_association(org, sjuharad_staff):
    workshop = services.create_workshop(actor=sjuharad_staff, organisation=org("sjuharad"), title="Nätverk")
    assert workshop.organisation.slug == "sjuharad"


@pytest.mark.parametrize(("title", "dots"), [("", 5), ("  ", 5), ("Ok", 0), ("Ok", 21)])
def test_it_refuses_invalid_workshop_settings(org, sjuharad_staff, title, dots):
    with pytest.raises(services.InvalidInput):
        services.create_workshop(
            actor=sjuharad_staff, organisation=org("boras"), title=title, dots_per_participant=dots
        )


def test_it_refuses_a_phase_change_by_someone_else(workshop, mark_editor):
    with pytest.raises(PermissionDenied):
        services.set_phase(actor=mark_editor, workshop=workshop, phase=Phase.SORTING)
    workshop.refresh_from_db()
    assert workshop.phase == Phase.NOTES


def test_phases_only_move_forward(workshop, advance, sjuharad_staff):
    advance(workshop, Phase.VOTING)
    with pytest.raises(services.WorkshopError):
        services.set_phase(actor=sjuharad_staff, workshop=workshop, phase=Phase.SORTING)
    workshop.refresh_from_db()
    assert workshop.phase == Phase.VOTING


def test_closing_records_when(workshop, sjuharad_staff):
    services.close_workshop(actor=sjuharad_staff, workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.is_closed and workshop.closed_at is not None


def _vote(workshop, *note_texts):
    participant = services.join_workshop(workshop=workshop)
    for text in note_texts:
        services.cast_dot(participant=participant, note_id=workshop.notes.get(text=text).pk)
    return participant


@pytest.mark.parametrize("phase", [Phase.RESULTS, Phase.CLOSED])
def test_ending_the_voting_saves_nothing_until_the_facilitator_reviews_it(voting_workshop, advance, phase):
    _vote(voting_workshop, "KAA", "Samverkan")
    advance(voting_workshop, phase)
    assert voting_workshop.results_saved_at is None
    assert not Priority.objects.exists()


def test_merging_moves_the_dots_and_keeps_each_budget(voting_workshop, sjuharad_staff):
    participant = _vote(voting_workshop, "KAA", "KAA", "Samverkan")
    kaa, samverkan = (voting_workshop.notes.get(text=t) for t in ("KAA", "Samverkan"))
    services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=samverkan.pk)
    kaa.refresh_from_db()
    assert kaa.merged_into == samverkan
    assert Dot.objects.filter(note=samverkan, participant=participant).count() == 3
    assert participant.dots.count() == 3 <= voting_workshop.dots_per_participant
    with pytest.raises(services.WorkshopError):
        services.cast_dot(participant=participant, note_id=samverkan.pk)
    assert [r.dots for r in services.ranked_results(voting_workshop)] == [3]


def test_it_refuses_to_merge_a_note_into_itself_or_a_merged_note(voting_workshop, sjuharad_staff):
    kaa, samverkan = (voting_workshop.notes.get(text=t) for t in ("KAA", "Samverkan"))
    with pytest.raises(services.InvalidInput):
        services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=kaa.pk)
    services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=samverkan.pk)
    with pytest.raises(services.WorkshopError):
        services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=samverkan.pk, target_id=kaa.pk)


def test_merging_a_note_carries_the_notes_merged_into_it(workshop, sjuharad_staff):
    a, b, c = (services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=t) for t in "abc")
    services.merge_notes(actor=sjuharad_staff, workshop=workshop, source_id=a.pk, target_id=b.pk)
    services.merge_notes(actor=sjuharad_staff, workshop=workshop, source_id=b.pk, target_id=c.pk)
    a.refresh_from_db()
    assert a.merge_root() == c
    assert [n.text for n in Note.objects.filter(workshop=workshop).active()] == ["c"]


def test_hiding_a_note_gives_its_dots_back(voting_workshop, sjuharad_staff):
    participant = _vote(voting_workshop, "KAA", "KAA")
    kaa = voting_workshop.notes.get(text="KAA")
    services.hide_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=kaa.pk)
    assert participant.dots.count() == 0
    assert [r.text for r in services.ranked_results(voting_workshop)] == ["Samverkan"]


def test_hiding_is_refused_to_other_municipalities(voting_workshop, mark_editor):
    kaa = voting_workshop.notes.get(text="KAA")
    with pytest.raises(PermissionDenied):
        services.hide_note(actor=mark_editor, workshop=voting_workshop, note_id=kaa.pk)
    kaa.refresh_from_db()
    assert not kaa.hidden


def test_facilitator_writes_are_in_the_audit_log(workshop, sjuharad_staff):
    from auditlog.models import LogEntry

    note = services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text="Lapp")
    services.hide_note(actor=sjuharad_staff, workshop=workshop, note_id=note.pk)
    entries = LogEntry.objects.get_for_object(note)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {sjuharad_staff}
    assert LogEntry.objects.get_for_object(workshop).get().actor == sjuharad_staff
