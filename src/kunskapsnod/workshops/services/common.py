"""What every workshop write shares: the errors it raises, the facilitator's transaction
with the actor recorded, the locks and the lookups of a note in a workshop.

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
import re

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.workshops.models import REQUEST_KEY_MAX_LENGTH, Note, Participant, Workshop


class WorkshopError(Exception):
    """A request the workshop cannot accept now; the message is shown to the user as is.

    ``status`` is the HTTP status a view answers with: 400 for bad input, 409 for a
    request that does not fit the workshop's state (wrong phase, no dots left, ...)."""

    status = 409


class InvalidInput(WorkshopError):
    status = 400


_REQUEST_KEY = re.compile(rf"[A-Za-z0-9_-]{{8,{REQUEST_KEY_MAX_LENGTH}}}")


def checked_request_key(key: str | None) -> str | None:
    """A click's request key (see models.REQUEST_KEY_MAX_LENGTH), or None when the request
    carries none (an older page, a script): then nothing is deduplicated."""
    if not key:
        return None
    if not _REQUEST_KEY.fullmatch(key):
        raise InvalidInput(_("Ogiltig nyckel för begäran: 8–64 bokstäver a–z, siffror, - eller _."))
    return key


def facilitator_write(func):
    """One transaction, with the actor recorded on every audit row written inside it."""

    @functools.wraps(func)
    def wrapper(*, actor: User, **kwargs):
        with set_actor(actor), transaction.atomic():
            return func(actor=actor, **kwargs)

    return wrapper


def lock_workshop(workshop: Workshop) -> Workshop:
    """Lock the workshop and all its participants (see the module docstring)."""
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    list(Participant.objects.select_for_update().filter(workshop=locked).values_list("pk", flat=True))
    return locked


def lock_participant(participant: Participant) -> tuple[Participant, Workshop]:
    """Lock the participant row first, then read the workshop in a fresh statement."""
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    return locked, Workshop.objects.get(pk=locked.workshop_id)


def require_phase(workshop: Workshop, *phases: str) -> None:
    if workshop.phase in phases:
        return
    if workshop.is_closed:
        raise WorkshopError(_("Workshoppen är stängd; inget ändrades."))
    raise WorkshopError(
        _("Det går inte nu: workshoppen är i fasen %(phase)s.") % {"phase": workshop.get_phase_display()}
    )


def require_running(workshop: Workshop) -> None:
    if workshop.is_closed:
        raise WorkshopError(_("Workshoppen är stängd."))


def facilitator_note(workshop: Workshop, note_id: int) -> Note:
    """Any note of this workshop (hidden and merged ones too); another workshop's is refused."""
    note = Note.objects.filter(workshop=workshop, pk=note_id).first()
    if note is None:
        raise InvalidInput(_("Lappen finns inte i den här workshoppen."))
    return note


def participant_note(workshop: Workshop, note_id: int) -> Note:
    """A note a participant may act on: on the board, not hidden or merged away."""
    note = facilitator_note(workshop, note_id)
    if note.hidden or note.merged_into_id:
        raise WorkshopError(_("Lappen är dold eller sammanslagen med en annan lapp."))
    return note


def own_note(participant: Participant, workshop: Workshop, note_id: int) -> Note:
    """The participant's own note; another's is refused with a message saying why."""
    note = participant_note(workshop, note_id)
    if note.author_id != participant.pk:
        raise WorkshopError(_("Du kan bara ändra dina egna lappar."))
    return note
