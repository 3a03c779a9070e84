"""A workshop's life: created with a join code, joined by participants, moved through its
phases until closed; the demo's example workshop."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.workshops.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_DOTS,
    PHASE_ORDER,
    Note,
    NoteKind,
    Participant,
    Phase,
    SortBy,
    Workshop,
)
from kunskapsnod.workshops.services.board import sorting_model
from kunskapsnod.workshops.services.common import InvalidInput, WorkshopError, facilitator_write, lock_workshop
from kunskapsnod.workshops.services.notes import clean_note_text


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


@facilitator_write
def create_workshop(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    dots_per_participant: int = 5,
    note_kind: str = NoteKind.NEED,
    sort_by: str = SortBy.LEVEL,
) -> Workshop:
    """Create a workshop in the notes phase with a fresh, unique join code. ``sort_by``:
    the board's columns are the levels or the themes of the newest analysis model."""
    require_change(actor, organisation, what="workshoppar")
    title = title.strip()
    if not title:
        raise InvalidInput(_("Ge workshoppen en rubrik."))
    if not 1 <= dots_per_participant <= MAX_DOTS:
        raise InvalidInput(_("Antalet pluppar ska vara mellan 1 och %(max)s.") % {"max": MAX_DOTS})
    if note_kind not in NoteKind.values:
        raise InvalidInput(_("Okänd typ av lappar."))
    model = sorting_model(sort_by)
    return Workshop.objects.create(
        title=title,
        organisation=organisation,
        facilitator=actor,
        join_code=_unused_join_code(),
        dots_per_participant=dots_per_participant,
        note_kind=note_kind,
        sort_by=sort_by,
        analysis_model=model,
    )


def _unused_join_code() -> str:
    """31**6 ≈ 887 million codes: a clash is rare, and the unique constraint backs this up."""
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(join_code=code).exists():
            return code


@facilitator_write
def set_phase(*, actor: User, workshop: Workshop, phase: str, refuse_empty_voting: bool = False) -> Workshop:
    """Move the workshop forward to ``phase``. Phases never go back: dots cast under one
    sorting must not survive a re-sorting. Ending the voting saves nothing elsewhere: the
    facilitator reviews the result and saves it with :func:`save_results`.
    ``refuse_empty_voting``: refuse to start a voting with no note to vote on (only
    sub-regional notes get dots, or by theme sorted ones); the board asks this unless the
    facilitator confirmed."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    if phase not in Phase.values:
        raise InvalidInput(_("Okänd fas."))
    if PHASE_ORDER.index(phase) <= PHASE_ORDER.index(locked.phase):
        raise WorkshopError(
            _("Workshoppen är redan i fasen %(phase)s eller senare.") % {"phase": locked.get_phase_display()}
        )
    if refuse_empty_voting and phase == Phase.VOTING and not Note.objects.filter(workshop=locked).votable().exists():
        raise WorkshopError(_nothing_to_vote_on(locked))
    if PHASE_ORDER.index(locked.phase) < PHASE_ORDER.index(Phase.VOTING) <= PHASE_ORDER.index(phase):
        locked.joining_open = False  # no fresh dots for newcomers (see Workshop.joining_open)
    locked.phase = phase
    locked.timer_ends_at = locked.timer_remaining = None  # a timer belongs to its phase
    if phase == Phase.CLOSED:
        locked.closed_at = timezone.now()
    locked.save(update_fields=["phase", "closed_at", "joining_open", "timer_ends_at", "timer_remaining"])
    workshop.refresh_from_db()
    return locked


def _nothing_to_vote_on(workshop: Workshop) -> str:
    if workshop.sorts_by_theme:
        return _(
            "Det finns inget att rösta på: ingen lapp ligger under ett tema. Flytta minst en "
            "lapp till ett tema innan röstningen börjar (bara lappar under ett tema får pluppar)."
        )
    return _(
        "Det finns inget att rösta på: ingen lapp ligger under Delregionalt. Flytta minst en "
        "lapp dit innan röstningen börjar (bara delregionala lappar får pluppar)."
    )


@facilitator_write
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
