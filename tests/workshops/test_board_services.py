"""The board's facilitator writes: undoing a merge, the timer, hiding and revealing votes;
and what each bumps in the board's version (what polls and the stream watch)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kunskapsnod.regions.permissions import PermissionDenied
from kunskapsnod.workshops import services
from kunskapsnod.workshops.clustering import similar_groups
from kunskapsnod.workshops.models import Dot, Note, Phase


def _notes(workshop, *texts):
    return [Note.objects.get(workshop=workshop, text=t) for t in texts]


def test_undoing_a_merge_gives_each_note_its_own_dots_back(voting_workshop, sjuharad_staff):
    samverkan, kaa = _notes(voting_workshop, "Samverkan", "KAA")
    voters = [services.join_workshop(workshop=voting_workshop) for _ in range(3)]
    for voter, note in zip(voters, [samverkan, kaa, kaa], strict=True):
        services.cast_dot(participant=voter, note_id=note.pk)
    services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=samverkan.pk)
    assert samverkan.dots.count() == 3

    services.unmerge_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=kaa.pk)
    kaa.refresh_from_db()
    assert kaa.merged_into is None
    assert (samverkan.dots.count(), kaa.dots.count()) == (1, 2)
    assert not Dot.objects.filter(moved_from__isnull=False).exists()


def test_undoing_the_outer_merge_of_a_chain_keeps_the_inner_one(workshop, sjuharad_staff):
    a, b, c = (services.add_facilitator_note(actor=sjuharad_staff, workshop=workshop, text=t) for t in "abc")
    services.merge_notes(actor=sjuharad_staff, workshop=workshop, source_id=a.pk, target_id=b.pk)
    services.merge_notes(actor=sjuharad_staff, workshop=workshop, source_id=b.pk, target_id=c.pk)
    services.unmerge_note(actor=sjuharad_staff, workshop=workshop, note_id=b.pk)
    assert sorted(Note.objects.filter(workshop=workshop).active().values_list("text", flat=True)) == ["b", "c"]
    a.refresh_from_db()
    assert a.merged_into_id == b.pk


def test_undo_is_refused_for_a_note_that_is_not_merged_and_to_other_municipalities(
    voting_workshop, sjuharad_staff, mark_editor
):
    samverkan, kaa = _notes(voting_workshop, "Samverkan", "KAA")
    with pytest.raises(services.WorkshopError, match="inte sammanslagen"):
        services.unmerge_note(actor=sjuharad_staff, workshop=voting_workshop, note_id=kaa.pk)
    services.merge_notes(actor=sjuharad_staff, workshop=voting_workshop, source_id=kaa.pk, target_id=samverkan.pk)
    with pytest.raises(PermissionDenied):
        services.unmerge_note(actor=mark_editor, workshop=voting_workshop, note_id=kaa.pk)


@pytest.fixture
def clock(monkeypatch):
    """The services' clock, stopped at now; clock.shift(seconds) moves it."""

    class Clock:
        now = timezone.now()

        def shift(self, seconds):
            self.now += timedelta(seconds=seconds)

    stopped = Clock()
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped


def test_the_timer_starts_pauses_resumes_and_extends(workshop, sjuharad_staff, clock):
    start = clock.now
    w = services.start_timer(actor=sjuharad_staff, workshop=workshop, seconds=300)
    assert w.timer_ends_at == start + timedelta(seconds=300)
    clock.shift(100)
    w = services.pause_timer(actor=sjuharad_staff, workshop=workshop)
    assert (w.timer_ends_at, w.timer_remaining) == (None, 200)
    clock.shift(1000)  # paused: nothing runs out
    w = services.extend_timer(actor=sjuharad_staff, workshop=workshop, seconds=60)
    assert w.timer_remaining == 260
    w = services.resume_timer(actor=sjuharad_staff, workshop=workshop)
    assert w.timer_ends_at == clock.now + timedelta(seconds=260) and w.timer_remaining is None
    clock.shift(10)
    w = services.extend_timer(actor=sjuharad_staff, workshop=workshop, seconds=60)
    assert w.timer_ends_at == clock.now + timedelta(seconds=310)


def test_a_new_phase_clears_the_timer_and_bad_times_are_refused(workshop, sjuharad_staff, advance):
    services.start_timer(actor=sjuharad_staff, workshop=workshop, seconds=60)
    advance(workshop, Phase.SORTING)
    assert workshop.timer_ends_at is None and workshop.timer_remaining is None
    for seconds in (0, -5, services.TIMER_MAX_SECONDS + 1):
        with pytest.raises(services.InvalidInput):
            services.start_timer(actor=sjuharad_staff, workshop=workshop, seconds=seconds)
    with pytest.raises(services.WorkshopError, match="Ingen tid"):
        services.pause_timer(actor=sjuharad_staff, workshop=workshop)


def test_votes_are_hidden_until_revealed_unless_shown_live(voting_workshop, sjuharad_staff):
    assert not voting_workshop.shows_votes
    services.set_votes_live(actor=sjuharad_staff, workshop=voting_workshop, live=True)
    voting_workshop.refresh_from_db()
    assert voting_workshop.shows_votes
    services.set_votes_live(actor=sjuharad_staff, workshop=voting_workshop, live=False)
    services.reveal_votes(actor=sjuharad_staff, workshop=voting_workshop)
    voting_workshop.refresh_from_db()
    assert voting_workshop.shows_votes and voting_workshop.votes_revealed_at is not None


def test_votes_cannot_be_revealed_before_the_voting(workshop, sjuharad_staff, mark_editor):
    with pytest.raises(services.WorkshopError):
        services.reveal_votes(actor=sjuharad_staff, workshop=workshop)
    with pytest.raises(PermissionDenied):
        services.set_votes_live(actor=mark_editor, workshop=workshop, live=True)


def test_the_voting_summary_counts_voters_not_the_distribution(voting_workshop):
    samverkan, kaa = _notes(voting_workshop, "Samverkan", "KAA")
    a, b = (services.join_workshop(workshop=voting_workshop) for _ in range(2))
    for participant, note in ((a, samverkan), (a, kaa), (b, kaa)):
        services.cast_dot(participant=participant, note_id=note.pk)
    assert services.voting_summary(voting_workshop) == services.VotingSummary(voters=2, dots=3)


@pytest.mark.parametrize(
    "change",
    [
        lambda w, staff: services.start_timer(actor=staff, workshop=w, seconds=60),
        lambda w, staff: services.set_votes_live(actor=staff, workshop=w, live=True),
        lambda w, staff: services.reveal_votes(actor=staff, workshop=w),
        lambda w, staff: services.merge_notes(
            actor=staff, workshop=w, source_id=_notes(w, "KAA")[0].pk, target_id=_notes(w, "Samverkan")[0].pk
        ),
    ],
)
def test_every_change_the_room_sees_changes_the_board_version(voting_workshop, sjuharad_staff, change):
    participant = services.join_workshop(workshop=voting_workshop)
    before = (services.board_version(voting_workshop), services.board_version(voting_workshop, participant))
    change(voting_workshop, sjuharad_staff)
    voting_workshop.refresh_from_db()
    after = (services.board_version(voting_workshop), services.board_version(voting_workshop, participant))
    assert before[0] != after[0] and before[1] != after[1]


def test_similar_notes_are_grouped_and_different_ones_are_not():
    groups = similar_groups(
        [
            (1, "Fler fritidsgårdar i centrum"),
            (2, "Läxhjälp på biblioteket"),
            (3, "Fritidsgårdar i centrum behövs"),
            (4, "Nätverk för KAA-samordnare"),
            (5, "KAA-samordnare behöver ett nätverk"),
            (6, "Lxhjälp på bibliotket"),  # a typo of 2
        ]
    )
    assert sorted(groups) == [[1, 3], [2, 6], [4, 5]]
    assert similar_groups([(1, "Skolnärvaro"), (2, "Psykisk hälsa")]) == []
