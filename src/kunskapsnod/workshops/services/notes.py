"""Notes written, edited and deleted by participants (their own, until the sorting
starts) and added by the facilitator."""

from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.workshops.models import NOTE_MAX_LENGTH, Note, Participant, Phase, Workshop
from kunskapsnod.workshops.services.common import (
    InvalidInput,
    WorkshopError,
    checked_request_key,
    facilitator_write,
    lock_participant,
    own_note,
    require_phase,
)

NOTES_PER_PARTICIPANT = 50


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
def add_note(*, participant: Participant, text: str, request_key: str | None = None) -> Note:
    """Add a note to the board. A participant may add at most NOTES_PER_PARTICIPANT notes,
    so one phone cannot flood the wall. A request sent again with the same ``request_key``
    returns the note the first one added (even if the phase has moved on since)."""
    request_key = checked_request_key(request_key)
    participant, workshop = lock_participant(participant)
    if request_key is not None:
        earlier = Note.objects.filter(author=participant, request_key=request_key).first()
        if earlier is not None:
            return earlier
    require_phase(workshop, Phase.NOTES)
    text = clean_note_text(text)
    if Note.objects.filter(author=participant).count() >= NOTES_PER_PARTICIPANT:
        raise WorkshopError(
            _("Du har redan skrivit %(n)s lappar, det är max per deltagare.") % {"n": NOTES_PER_PARTICIPANT}
        )
    return Note.objects.create(
        workshop=workshop, author=participant, text=text, kind=workshop.note_kind, request_key=request_key or ""
    )


@transaction.atomic
def edit_note(*, participant: Participant, note_id: int, text: str) -> Note:
    """The author rewrites their own note, until the sorting starts."""
    participant, workshop = lock_participant(participant)
    require_phase(workshop, Phase.NOTES)
    note = own_note(participant, workshop, note_id)
    note.text = clean_note_text(text)
    note.save(update_fields=["text", "updated_at"])
    return note


@transaction.atomic
def delete_note(*, participant: Participant, note_id: int) -> None:
    """The author takes back their own note, until the sorting starts."""
    participant, workshop = lock_participant(participant)
    require_phase(workshop, Phase.NOTES)
    own_note(participant, workshop, note_id).delete()


@facilitator_write
def add_facilitator_note(*, actor: User, workshop: Workshop, text: str) -> Note:
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require_phase(locked, Phase.NOTES, Phase.SORTING)
    return Note.objects.create(workshop=locked, author_user=actor, text=clean_note_text(text), kind=locked.note_kind)
