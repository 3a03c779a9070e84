"""Dot voting: casting and taking back dots, revealing the votes or showing them live,
and what a board shows of them."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.workshops.models import Dot, DotRemoval, Participant, Phase, Workshop
from kunskapsnod.workshops.services.common import (
    WorkshopError,
    checked_request_key,
    facilitator_write,
    lock_participant,
    participant_note,
    require_phase,
    require_running,
)


@transaction.atomic
def cast_dot(*, participant: Participant, note_id: int, request_key: str | None = None) -> Dot | None:
    """Place one of the participant's N dots on a sub-regional note, or on a board sorted by
    theme on any note under a theme (several on one note are allowed). Under the
    participant lock the count is exact; the slot's unique constraint would refuse a dot
    beyond the budget even if the lock were missing. A request sent again with the same
    ``request_key`` returns the dot the first one cast and casts none (its unique
    constraint per participant backs this up), or None when that dot has been taken back
    since by a keyed :func:`remove_dot`."""
    request_key = checked_request_key(request_key)
    participant, workshop = lock_participant(participant)
    mine = list(Dot.objects.filter(participant=participant))  # at most MAX_DOTS rows
    if request_key is not None:
        earlier = next((dot for dot in mine if dot.request_key == request_key), None)
        if earlier is not None:
            return earlier
        if DotRemoval.objects.filter(participant=participant, dot_request_key=request_key).exists():
            return None
    require_phase(workshop, Phase.VOTING)
    note = participant_note(workshop, note_id)
    if not workshop.votes_on(note):
        if workshop.sorts_by_theme:
            raise WorkshopError(_("Pluppar läggs bara på lappar som ligger under ett tema."))
        raise WorkshopError(_("Pluppar läggs bara på delregionala lappar."))
    used = {dot.slot for dot in mine}
    free = [slot for slot in range(1, workshop.dots_per_participant + 1) if slot not in used]
    if not free:
        raise WorkshopError(
            _("Du har redan använt alla dina %(n)s pluppar. Ta bort en plupp för att flytta den.")
            % {"n": workshop.dots_per_participant}
        )
    return Dot.objects.create(participant=participant, note=note, slot=free[0], request_key=request_key or "")


@transaction.atomic
def remove_dot(*, participant: Participant, note_id: int, request_key: str | None = None) -> None:
    """Take back the participant's latest dot on this note. A request sent again with the
    same ``request_key`` takes back nothing more and succeeds as the first did (even if
    the phase has moved on since); the removal is recorded under the participant lock,
    and its unique constraint per participant backs this up."""
    request_key = checked_request_key(request_key)
    participant, workshop = lock_participant(participant)
    if request_key is not None and DotRemoval.objects.filter(participant=participant, request_key=request_key).exists():
        return
    require_phase(workshop, Phase.VOTING)
    dot = Dot.objects.filter(participant=participant, note__workshop=workshop, note_id=note_id).last()
    if dot is None:
        raise WorkshopError(_("Du har ingen plupp på den lappen."))
    if request_key is not None:
        DotRemoval.objects.create(participant=participant, request_key=request_key, dot_request_key=dot.request_key)
    dot.delete()


@facilitator_write
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


@facilitator_write
def set_votes_live(*, actor: User, workshop: Workshop, live: bool) -> Workshop:
    """Show the votes as they come in (``live``), or hide them until revealed."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    require_running(locked)
    locked.votes_live = live
    locked.save(update_fields=["votes_live"])
    return locked


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
