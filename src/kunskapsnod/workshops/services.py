"""Every write of the live workshops, and the reads that need more than one query.

Facilitator writes take ``actor=`` and check :func:`can_change` on the workshop's
organisation. Participant writes take the ``participant`` (anonymous, from the session).

Concurrency. On SQLite every transaction starts with BEGIN IMMEDIATE (settings), so
writers are serialised. On PostgreSQL the rules are:

* every participant write first locks its own Participant row (SELECT ... FOR UPDATE) and
  only then reads the workshop's phase and the note, in fresh statements, so two clicks by
  the same participant are serialised and the dot count read under the lock is exact;
* every facilitator write that can change what a participant may do (phase, hide, merge)
  locks the Workshop row and then all its Participant rows, so it waits for votes in
  flight and votes arriving later see its result. The Workshop lock (FOR UPDATE) also
  blocks new participants and notes, whose foreign keys need a KEY SHARE lock on it.

Lock order is always workshop → participant, so the two never deadlock.
"""

import functools
import hashlib
import secrets
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import timedelta

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import Source
from kunskapsnod.mapping.services import MappingError, save_prioritised_needs
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import PermissionDenied, require_change
from kunskapsnod.workshops.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_DOTS,
    NOTE_MAX_LENGTH,
    PHASE_ORDER,
    Dot,
    Note,
    NoteKind,
    Participant,
    Phase,
    Placement,
    Workshop,
)

NOTES_PER_PARTICIPANT = 50
TIMER_MAX_SECONDS = 3 * 60 * 60


class WorkshopError(Exception):
    """A request the workshop cannot accept now; the message is shown to the user as is.

    ``status`` is the HTTP status a view answers with: 400 for bad input, 409 for a
    request that does not fit the workshop's state (wrong phase, no dots left, ...)."""

    status = 409


class InvalidInput(WorkshopError):
    status = 400


@dataclass(frozen=True)
class RankedNote:
    """One line of a workshop's result. ``rank`` is shared by notes with equal dots."""

    rank: int
    note_id: int
    text: str
    dots: int
    shared: bool = False
    left_out: bool = False


@dataclass(frozen=True)
class MappingListStatus:
    """``current``: the municipality's other list that the combined priorities use now
    (None: there is none). ``replaces``: this workshop's list is, or will be once saved,
    the one they use instead."""

    current: Source | None
    replaces: bool


# --- facilitator writes -----------------------------------------------------------------


def _facilitator_write(func):
    """One transaction, with the actor recorded on every audit row written inside it."""

    @functools.wraps(func)
    def wrapper(*, actor: User, **kwargs):
        with set_actor(actor), transaction.atomic():
            return func(actor=actor, **kwargs)

    return wrapper


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


@_facilitator_write
def create_workshop(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    dots_per_participant: int = 5,
    note_kind: str = NoteKind.NEED,
) -> Workshop:
    """Create a workshop in the notes phase with a fresh, unique join code."""
    require_change(actor, organisation, what="workshoppar")
    title = title.strip()
    if not title:
        raise InvalidInput(_("Ge workshoppen en rubrik."))
    if not 1 <= dots_per_participant <= MAX_DOTS:
        raise InvalidInput(_("Antalet pluppar ska vara mellan 1 och %(max)s.") % {"max": MAX_DOTS})
    if note_kind not in NoteKind.values:
        raise InvalidInput(_("Okänd typ av lappar."))
    return Workshop.objects.create(
        title=title,
        organisation=organisation,
        facilitator=actor,
        join_code=_unused_join_code(),
        dots_per_participant=dots_per_participant,
        note_kind=note_kind,
    )


def _unused_join_code() -> str:
    """31**6 ≈ 887 million codes: a clash is rare, and the unique constraint backs this up."""
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(join_code=code).exists():
            return code


def _lock_workshop(workshop: Workshop) -> Workshop:
    """Lock the workshop and all its participants (see the module docstring)."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    list(Participant.objects.select_for_update().filter(workshop=locked).values_list("pk", flat=True))
    return locked


@_facilitator_write
def set_phase(*, actor: User, workshop: Workshop, phase: str, refuse_empty_voting: bool = False) -> Workshop:
    """Move the workshop forward to ``phase``. Phases never go back: dots cast under one
    sorting must not survive a re-sorting. Ending the voting saves nothing elsewhere: the
    facilitator reviews the result and saves it with :func:`save_results`.
    ``refuse_empty_voting``: refuse to start a voting with no note to vote on (only
    sub-regional notes get dots); the board asks this unless the facilitator confirmed."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)
    if phase not in Phase.values:
        raise InvalidInput(_("Okänd fas."))
    if PHASE_ORDER.index(phase) <= PHASE_ORDER.index(locked.phase):
        raise WorkshopError(
            _("Workshoppen är redan i fasen %(phase)s eller senare.") % {"phase": locked.get_phase_display()}
        )
    if refuse_empty_voting and phase == Phase.VOTING and not Note.objects.filter(workshop=locked).votable().exists():
        raise WorkshopError(
            _(
                "Det finns inget att rösta på: ingen lapp ligger under Delregionalt. Flytta minst en "
                "lapp dit innan röstningen börjar (bara delregionala lappar får pluppar)."
            )
        )
    if PHASE_ORDER.index(locked.phase) < PHASE_ORDER.index(Phase.VOTING) <= PHASE_ORDER.index(phase):
        locked.joining_open = False  # no fresh dots for newcomers (see Workshop.joining_open)
    locked.phase = phase
    locked.timer_ends_at = locked.timer_remaining = None  # a timer belongs to its phase
    if phase == Phase.CLOSED:
        locked.closed_at = timezone.now()
    locked.save(update_fields=["phase", "closed_at", "joining_open", "timer_ends_at", "timer_remaining"])
    workshop.refresh_from_db()
    return locked


@_facilitator_write
def set_joining(*, actor: User, workshop: Workshop, open: bool) -> Workshop:
    """Close the workshop to new participants, or open it again. Those who have joined
    keep taking part either way."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)  # waits for joins in flight
    if locked.is_closed:
        raise WorkshopError(_("Workshoppen är stängd."))
    locked.joining_open = open
    locked.save(update_fields=["joining_open"])
    workshop.refresh_from_db()
    return locked


def close_workshop(*, actor: User, workshop: Workshop) -> Workshop:
    return set_phase(actor=actor, workshop=workshop, phase=Phase.CLOSED)


def workshop_ref(workshop: Workshop) -> str:
    """The key of this workshop's list in the mapping module (one list per workshop)."""
    return f"workshop:{workshop.join_code}"


@_facilitator_write
def save_results(*, actor: User, workshop: Workshop, left_out: Collection[int] = ()) -> list[RankedNote]:
    """Save the reviewed result as the municipality's prioritised needs and return it.

    The list holds the ranked notes with at least one dot, except those in ``left_out``
    (junk, duplicates), ranked again among themselves. Saving again replaces this
    workshop's list and nothing else. The mapping module keeps one rank per line, so notes
    that share a rank here are saved in their order (the earlier note first) with
    consecutive ranks; the shared ranks are shown on the workshop's pages and in its JSON."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)  # two saves at once: the second waits, then replaces
    if not locked.shows_results:
        raise WorkshopError(_("Resultatet kan sparas först när röstningen är avslutad."))
    if not locked.saves_prioritised_needs:
        raise WorkshopError(_("Bara en kommuns workshop om behov sparas som prioriterade behov."))
    candidates = [row for row in ranked_results(locked) if row.dots > 0]
    left_out = set(left_out)
    kept = competition_ranked([row for row in candidates if row.note_id not in left_out])
    if not kept:
        raise InvalidInput(_("Välj minst en lapp med pluppar att spara."))
    try:
        save_prioritised_needs(
            actor=actor,
            municipality=locked.organisation,
            source_label=f"Workshop: {locked.title}",
            source_date=timezone.localdate(locked.created_at),
            ranked=[(row.text, row.dots) for row in kept],
            workshop_ref=workshop_ref(locked),
        )
    except (MappingError, PermissionDenied) as exc:
        raise WorkshopError(_("Resultatet kunde inte sparas i kartläggningen: %(e)s") % {"e": exc}) from exc
    _mark_left_out(locked, left_out)
    locked.results_saved_at = timezone.now()
    locked.save(update_fields=["results_saved_at"])
    workshop.refresh_from_db()
    return kept


def _mark_left_out(workshop: Workshop, left_out: set[int]) -> None:
    """Note by note (a handful), so that the audit log records each decision."""
    for note in Note.objects.filter(workshop=workshop):
        if note.left_out != (note.pk in left_out):
            note.left_out = note.pk in left_out
            note.save(update_fields=["left_out", "updated_at"])


def mapping_list_status(workshop: Workshop) -> "MappingListStatus":
    """Which of the municipality's lists the combined sub-regional priorities use. That
    view (mapping) takes each municipality's newest list: the latest date, then the one
    saved last. This workshop's list is dated with the workshop's day."""
    ref = workshop_ref(workshop)
    lists = Source.objects.filter(municipality=workshop.organisation)
    # The mapping's own rule (SourceQuerySet.current_lists), once without this workshop's
    # list and once with it; a source of interventions and needs only is no list.
    current = lists.exclude(workshop_ref=ref).current_lists().first()
    if current is None:
        return MappingListStatus(current=None, replaces=True)
    if lists.filter(workshop_ref=ref).ranked_lists().exists():
        return MappingListStatus(current=current, replaces=lists.current_lists().first() != current)
    # Not saved yet: it would be dated with the workshop's day and saved last.
    return MappingListStatus(current=current, replaces=timezone.localdate(workshop.created_at) >= current.date)


def _facilitator_note(workshop: Workshop, note_id: int) -> Note:
    note = Note.objects.filter(workshop=workshop, pk=note_id).first()
    if note is None:
        raise InvalidInput(_("Lappen finns inte i den här workshoppen."))
    return note


@_facilitator_write
def hide_note(*, actor: User, workshop: Workshop, note_id: int, hidden: bool = True) -> Note:
    """Hide (or show again) a note. Dots on a hidden note are given back to their owners."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; lappar kan inte längre döljas."))
    note = _facilitator_note(locked, note_id)
    note.hidden = hidden
    note.save(update_fields=["hidden", "updated_at"])
    if hidden:
        note.dots.all().delete()
    return note


@_facilitator_write
def merge_notes(*, actor: User, workshop: Workshop, source_id: int, target_id: int) -> Note:
    """Merge a duplicate ``source`` into ``target``; its dots (those merged into it too)
    follow. A participant's dots on both simply add up on the target: each dot keeps its
    slot, so no participant's total changes and it stays within the budget. The notes
    merged into ``source`` stay merged into it (a tree), so that :func:`unmerge_note`
    can give each group back what it had."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; lappar kan inte längre slås samman."))
    source, target = _facilitator_note(locked, source_id), _facilitator_note(locked, target_id)
    if source.pk == target.pk:
        raise InvalidInput(_("Välj två olika lappar att slå samman."))
    if target.merged_into_id or target.hidden or source.merged_into_id:
        raise WorkshopError(_("Lappen är redan sammanslagen eller dold."))
    Dot.objects.filter(note=source, moved_from__isnull=True).update(moved_from=source)
    Dot.objects.filter(note=source).update(note=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    return target


@_facilitator_write
def unmerge_note(*, actor: User, workshop: Workshop, note_id: int) -> Note:
    """Undo a merge: the note is on the board again with the notes merged into it, and
    the dots cast on any of them come back from wherever the merge carried them."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; sammanslagningar kan inte längre ångras."))
    note = _facilitator_note(locked, note_id)
    if note.merged_into_id is None:
        raise WorkshopError(_("Lappen är inte sammanslagen med någon annan."))
    group = _merge_group(locked, note)
    Dot.objects.filter(moved_from__in=group).update(note=note)
    Dot.objects.filter(note=note, moved_from=note).update(moved_from=None)
    note.merged_into = None
    note.save(update_fields=["merged_into", "updated_at"])
    return note


def _merge_group(workshop: Workshop, root: Note) -> set[int]:
    """``root`` and every note merged into it, directly or through others."""
    children: dict[int | None, list[int]] = {}
    merged = Note.objects.filter(workshop=workshop, merged_into__isnull=False)
    for pk, parent in merged.values_list("pk", "merged_into"):
        children.setdefault(parent, []).append(pk)
    group, todo = {root.pk}, [root.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in group:
                group.add(child)
                todo.append(child)
    return group


@_facilitator_write
def place_note_as_facilitator(*, actor: User, workshop: Workshop, note_id: int, placement: str) -> Note:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = _lock_workshop(workshop)
    if locked.phase not in (Phase.NOTES, Phase.SORTING):
        raise WorkshopError(_("Lapparna kan bara sorteras före röstningen."))
    note = _facilitator_note(locked, note_id)
    note.placed_by_facilitator = True
    return _set_placement(note, placement, "placed_by_facilitator")


def _require_running(workshop: Workshop) -> None:
    if workshop.is_closed:
        raise WorkshopError(_("Workshoppen är stängd."))


def _timer_seconds(seconds: int) -> int:
    if not 1 <= seconds <= TIMER_MAX_SECONDS:
        raise InvalidInput(_("Tiden ska vara mellan 1 sekund och %(h)s timmar.") % {"h": TIMER_MAX_SECONDS // 3600})
    return seconds


def _save_timer(workshop: Workshop, *, ends_at=None, remaining: int | None = None) -> Workshop:
    workshop.timer_ends_at, workshop.timer_remaining = ends_at, remaining
    workshop.save(update_fields=["timer_ends_at", "timer_remaining"])
    return workshop


@_facilitator_write
def start_timer(*, actor: User, workshop: Workshop, seconds: int) -> Workshop:
    """Start (or restart) the countdown of the current phase. Every board computes the
    time left from the deadline stored here and the server's clock, so all show the same."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_running(locked)
    return _save_timer(locked, ends_at=timezone.now() + timedelta(seconds=_timer_seconds(seconds)))


@_facilitator_write
def pause_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if locked.timer_ends_at is None:
        raise WorkshopError(_("Ingen tid går just nu."))
    left = max(0, round((locked.timer_ends_at - timezone.now()).total_seconds()))
    return _save_timer(locked, remaining=left)


@_facilitator_write
def resume_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_running(locked)
    if locked.timer_remaining is None:
        raise WorkshopError(_("Tiden är inte pausad."))
    return _save_timer(locked, ends_at=timezone.now() + timedelta(seconds=locked.timer_remaining))


@_facilitator_write
def extend_timer(*, actor: User, workshop: Workshop, seconds: int) -> Workshop:
    """Add time to a running or paused countdown (an expired one starts again from now)."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_running(locked)
    seconds = _timer_seconds(seconds)
    if locked.timer_remaining is not None:
        return _save_timer(locked, remaining=min(locked.timer_remaining + seconds, TIMER_MAX_SECONDS))
    if locked.timer_ends_at is None:
        raise WorkshopError(_("Starta tiden först."))
    ends_at = max(locked.timer_ends_at, timezone.now()) + timedelta(seconds=seconds)
    return _save_timer(locked, ends_at=min(ends_at, timezone.now() + timedelta(seconds=TIMER_MAX_SECONDS)))


@_facilitator_write
def stop_timer(*, actor: User, workshop: Workshop) -> Workshop:
    require_change(actor, workshop.organisation, what="workshoppar")
    return _save_timer(Workshop.objects.select_for_update().get(pk=workshop.pk))


@_facilitator_write
def reveal_votes(*, actor: User, workshop: Workshop) -> Workshop:
    """Show the dots per note on the boards and the projector (hidden until now)."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if locked.phase != Phase.VOTING and not locked.shows_results:
        raise WorkshopError(_("Rösterna kan visas först när röstningen har börjat."))
    if locked.votes_revealed_at is None:
        locked.votes_revealed_at = timezone.now()
        locked.save(update_fields=["votes_revealed_at"])
    return locked


@_facilitator_write
def set_votes_live(*, actor: User, workshop: Workshop, live: bool) -> Workshop:
    """Show the votes as they come in (``live``), or hide them until revealed."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_running(locked)
    locked.votes_live = live
    locked.save(update_fields=["votes_live"])
    return locked


@_facilitator_write
def add_facilitator_note(*, actor: User, workshop: Workshop, text: str) -> Note:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_phase(locked, Phase.NOTES, Phase.SORTING)
    return Note.objects.create(workshop=locked, author_user=actor, text=clean_note_text(text), kind=locked.note_kind)


@transaction.atomic
def create_example_workshop(*, organisation: Organisation, title: str, texts: list[str]) -> Workshop:
    """A workshop in the notes phase holding the given notes, without facilitator: the
    demo's example (run by whoever may change the organisation). Idempotent by title."""
    existing = Workshop.objects.filter(organisation=organisation, title=title).first()
    if existing is not None:
        return existing
    workshop = Workshop.objects.create(
        title=title, organisation=organisation, join_code=_unused_join_code(), dots_per_participant=5
    )
    Note.objects.bulk_create(Note(workshop=workshop, text=clean_note_text(t)) for t in texts)
    return workshop


# --- participant writes -------------------------------------------------------------------


@transaction.atomic
def join_workshop(*, workshop: Workshop, display_name: str = "") -> Participant:
    """A new anonymous participant, while the workshop is open for new participants. The
    workshop row is locked (FOR NO KEY UPDATE: notes and votes are not blocked), so a join
    either lands before the facilitator closes joining or is refused."""
    locked = Workshop.objects.select_for_update(no_key=True).get(pk=workshop.pk)
    if locked.is_closed:
        raise WorkshopError(_("Workshoppen är stängd."))
    if not locked.joining_open:
        raise WorkshopError(joining_closed_message(locked))
    name = display_name.strip()
    if len(name) > 60:
        raise InvalidInput(_("Namnet får vara högst 60 tecken."))
    return Participant.objects.create(workshop=locked, token=secrets.token_urlsafe(32), display_name=name)


def joining_closed_message(workshop: Workshop) -> str:
    if PHASE_ORDER.index(workshop.phase) >= PHASE_ORDER.index(Phase.VOTING):
        reason = _("Röstningen har börjat, så det går inte längre att gå med som ny deltagare.")
    else:
        reason = _("Samtalsledaren har stängt workshoppen för nya deltagare.")
    return " ".join(
        [
            reason,
            _(
                "Har du redan gått med? Öppna workshoppen i samma webbläsare som förut, så kommer du "
                "tillbaka till din tavla. Annars kan du be samtalsledaren om hjälp."
            ),
        ]
    )


def _locked(participant: Participant) -> tuple[Participant, Workshop]:
    """Lock the participant row first, then read the workshop in a fresh statement."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    return locked, Workshop.objects.get(pk=locked.workshop_id)


def _require_phase(workshop: Workshop, *phases: str) -> None:
    if workshop.phase in phases:
        return
    if workshop.is_closed:
        raise WorkshopError(_("Workshoppen är stängd; inget ändrades."))
    raise WorkshopError(
        _("Det går inte nu: workshoppen är i fasen %(phase)s.") % {"phase": workshop.get_phase_display()}
    )


def clean_note_text(text: str) -> str:
    """Stored as typed (escaped on output), only trimmed; never empty, never too long."""
    text = (text or "").strip().replace("\r\n", "\n")
    if not text:
        raise InvalidInput(_("Lappen är tom. Skriv något innan du lägger till den."))
    if len(text) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("Lappen är för lång: %(n)s tecken. Högst %(max)s tecken är tillåtet.")
            % {"n": len(text), "max": NOTE_MAX_LENGTH}
        )
    return text


@transaction.atomic
def add_note(*, participant: Participant, text: str) -> Note:
    """Add a note to the board. A participant may add at most NOTES_PER_PARTICIPANT notes,
    so one phone cannot flood the wall."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.NOTES)
    text = clean_note_text(text)
    if Note.objects.filter(author=participant).count() >= NOTES_PER_PARTICIPANT:
        raise WorkshopError(
            _("Du har redan skrivit %(n)s lappar, det är max per deltagare.") % {"n": NOTES_PER_PARTICIPANT}
        )
    return Note.objects.create(workshop=workshop, author=participant, text=text, kind=workshop.note_kind)


def _participant_note(workshop: Workshop, note_id: int) -> Note:
    note = Note.objects.filter(workshop=workshop, pk=note_id).first()
    if note is None:
        raise InvalidInput(_("Lappen finns inte i den här workshoppen."))
    if note.hidden or note.merged_into_id:
        raise WorkshopError(_("Lappen är dold eller sammanslagen med en annan lapp."))
    return note


def _set_placement(note: Note, placement: str, *fields: str) -> Note:
    if placement not in Placement.values:
        raise InvalidInput(_("Okänd placering."))
    note.placement = placement
    note.save(update_fields=["placement", "updated_at", *fields])
    return note


def _own_note(participant: Participant, workshop: Workshop, note_id: int) -> Note:
    """The participant's own note; another's is refused with a message saying why."""
    note = _participant_note(workshop, note_id)
    if note.author_id != participant.pk:
        raise WorkshopError(_("Du kan bara ändra dina egna lappar."))
    return note


@transaction.atomic
def place_note(*, participant: Participant, note_id: int, placement: str) -> Note:
    """The author proposes where their own note belongs. Once the facilitator has moved
    the note, the facilitator's placement stands."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.SORTING)
    note = _own_note(participant, workshop, note_id)
    if note.placed_by_facilitator:
        raise WorkshopError(_("Samtalsledaren har redan placerat lappen."))
    return _set_placement(note, placement)


@transaction.atomic
def edit_note(*, participant: Participant, note_id: int, text: str) -> Note:
    """The author rewrites their own note, until the sorting starts."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.NOTES)
    note = _own_note(participant, workshop, note_id)
    note.text = clean_note_text(text)
    note.save(update_fields=["text", "updated_at"])
    return note


@transaction.atomic
def delete_note(*, participant: Participant, note_id: int) -> None:
    """The author takes back their own note, until the sorting starts."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.NOTES)
    _own_note(participant, workshop, note_id).delete()


@transaction.atomic
def cast_dot(*, participant: Participant, note_id: int) -> Dot:
    """Place one of the participant's N dots on a sub-regional note (several on one note
    are allowed). Under the participant lock the count is exact; the slot's unique
    constraint would refuse a dot beyond the budget even if the lock were missing."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.VOTING)
    note = _participant_note(workshop, note_id)
    if note.placement != Placement.SUBREGIONAL:
        raise WorkshopError(_("Pluppar läggs bara på delregionala lappar."))
    used = set(Dot.objects.filter(participant=participant).values_list("slot", flat=True))
    free = [slot for slot in range(1, workshop.dots_per_participant + 1) if slot not in used]
    if not free:
        raise WorkshopError(
            _("Du har redan använt alla dina %(n)s pluppar. Ta bort en plupp för att flytta den.")
            % {"n": workshop.dots_per_participant}
        )
    return Dot.objects.create(participant=participant, note=note, slot=free[0])


@transaction.atomic
def remove_dot(*, participant: Participant, note_id: int) -> None:
    """Take back the participant's latest dot on this note."""
    participant, workshop = _locked(participant)
    _require_phase(workshop, Phase.VOTING)
    dot = Dot.objects.filter(participant=participant, note__workshop=workshop, note_id=note_id).last()
    if dot is None:
        raise WorkshopError(_("Du har ingen plupp på den lappen."))
    dot.delete()


# --- reads ---------------------------------------------------------------------------------


def ranked_results(workshop: Workshop) -> list[RankedNote]:
    """Sub-regional, visible notes by dot count, the earlier note first among equals."""
    rows = Note.objects.filter(workshop=workshop).ranked().values_list("pk", "text", "dot_count", "left_out")
    return competition_ranked(
        [RankedNote(rank=0, note_id=pk, text=text, dots=dots, left_out=out) for pk, text, dots, out in rows]
    )


def competition_ranked(rows: list[RankedNote]) -> list[RankedNote]:
    """Standard competition ranking ("1224") of rows already sorted by dots, most first:
    equal dots share a rank, and the next rank skips as many places as shared it."""
    ranked: list[RankedNote] = []
    for position, row in enumerate(rows, 1):
        tied = bool(ranked) and ranked[-1].dots == row.dots
        ranked.append(replace(row, rank=ranked[-1].rank if tied else position))
    shared = Counter(row.rank for row in ranked)
    return [replace(row, shared=shared[row.rank] > 1) for row in ranked]


def board_version(workshop: Workshop, participant: Participant | None = None) -> str:
    """A short fingerprint of what a board shows, so that a poll whose board has not
    changed can be answered with 204 and no rendering. Notes change through save()
    (updated_at); dots are counted per participant (their board) or per workshop."""
    notes = Note.objects.filter(workshop=workshop).aggregate(n=Count("pk"), last=Max("updated_at"))
    dots = Dot.objects.filter(participant=participant) if participant else Dot.objects.filter(note__workshop=workshop)
    dot_state = dots.aggregate(n=Count("pk"), last=Max("pk"), notes=Sum("note_id"))
    people = "" if participant else workshop.participants.count()
    state = (
        f"{workshop.phase}|{workshop.joining_open}|{workshop.results_saved_at}|{workshop.votes_live}|"
        f"{workshop.votes_revealed_at}|{workshop.timer_ends_at}|{workshop.timer_remaining}"
    )
    raw = f"{state}|{notes}|{dot_state}|{people}"
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True)
class VotingSummary:
    voters: int
    dots: int


def voting_summary(workshop: Workshop) -> VotingSummary:
    """How many have voted and how many dots are cast: what a board shows while the
    votes are hidden."""
    row = Dot.objects.filter(note__workshop=workshop).aggregate(
        voters=Count("participant", distinct=True), dots=Count("pk")
    )
    return VotingSummary(voters=row["voters"], dots=row["dots"])


def dots_by_note(participant: Participant) -> dict[int, int]:
    counts: dict[int, int] = {}
    for note_id in Dot.objects.filter(participant=participant).values_list("note_id", flat=True):
        counts[note_id] = counts.get(note_id, 0) + 1
    return counts
