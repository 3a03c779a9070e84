"""The board: where notes lie (placed by the facilitator, proposed by their authors),
hidden notes, merges and their undo, and the fingerprint of what a board shows."""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import AnalysisModel, Theme
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.text import parse_id
from kunskapsnod.workshops.models import UNSORTED, Dot, Note, Participant, Phase, Placement, SortBy, Workshop
from kunskapsnod.workshops.services.common import (
    InvalidInput,
    WorkshopError,
    facilitator_note,
    facilitator_write,
    lock_participant,
    lock_workshop,
    own_note,
    require_phase,
)


@dataclass(frozen=True)
class Column:
    """A column of the board. ``key`` is what a move posts as the note's placement:
    unsorted, internt or delregionalt by level; unsorted or a theme's id by theme."""

    key: str
    label: str


def workshop_themes(workshop: Workshop) -> list[Theme]:
    """The themes a board sorted by theme has as columns, in the analysis model's order."""
    if not workshop.sorts_by_theme:
        return []
    return list(Theme.objects.filter(model_id=workshop.analysis_model_id).order_by("order", "name", "pk"))


def board_columns(workshop: Workshop) -> list[Column]:
    """The board's columns, Osorterat first."""
    unsorted = Column(UNSORTED, _("Osorterat"))
    if workshop.sorts_by_theme:
        return [unsorted, *(Column(str(theme.pk), theme.name) for theme in workshop_themes(workshop))]
    return [unsorted, *(Column(value, str(label)) for value, label in Placement.choices if value != UNSORTED)]


def sorting_model(sort_by: str) -> AnalysisModel | None:
    """The analysis model whose themes a board sorted this way has as columns (None: by
    level). By theme it is the newest version; without one there are no themes to sort by."""
    if sort_by not in SortBy.values:
        raise InvalidInput(_("Okänt sätt att sortera lapparna."))
    if sort_by == SortBy.LEVEL:
        return None
    model = latest_model()
    if model is None:
        raise InvalidInput(_("Det finns ingen analysmodell med teman att sortera efter ännu."))
    return model


@facilitator_write
def set_sort_by(*, actor: User, workshop: Workshop, sort_by: str) -> Workshop:
    """Sort the board by level or by the themes of the newest analysis model, until the
    sorting starts. Notes keep both their level and their theme, so changing back and
    forth loses nothing; themes of another model version are cleared."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    model = sorting_model(sort_by)
    if locked.phase != Phase.NOTES:
        raise WorkshopError(_("Hur lapparna sorteras väljs innan sorteringen börjar; nu går det inte att ändra."))
    locked.sort_by = sort_by
    if model is not None:
        locked.analysis_model = model
        stale = Note.objects.filter(workshop=locked, theme__isnull=False).exclude(theme__model=model)
        stale.update(theme=None)  # the workshop's save below tells the live boards
    locked.save(update_fields=["sort_by", "analysis_model"])
    workshop.refresh_from_db()
    return locked


def _theme_of_column(workshop: Workshop, key: str) -> Theme | None:
    if key == UNSORTED:
        return None
    theme_id = parse_id(key)
    theme = Theme.objects.filter(model_id=workshop.analysis_model_id, pk=theme_id).first() if theme_id else None
    if theme is None:
        raise InvalidInput(_("Okänd placering."))
    return theme


def _set_placement(workshop: Workshop, note: Note, placement: str, *fields: str) -> Note:
    """Put the note in the column whose key is ``placement`` (see :class:`Column`)."""
    if workshop.sorts_by_theme:
        note.theme = _theme_of_column(workshop, placement)
        note.save(update_fields=["theme", "updated_at", *fields])
        return note
    if placement not in Placement.values:
        raise InvalidInput(_("Okänd placering."))
    note.placement = placement
    note.save(update_fields=["placement", "updated_at", *fields])
    return note


@facilitator_write
def place_note_as_facilitator(*, actor: User, workshop: Workshop, note_id: int, placement: str) -> Note:
    """Move a note to the column whose key is ``placement`` (:class:`Column`), before the voting."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    if locked.phase not in (Phase.NOTES, Phase.SORTING):
        raise WorkshopError(_("Lapparna kan bara sorteras före röstningen."))
    note = facilitator_note(locked, note_id)
    note.placed_by_facilitator = True
    return _set_placement(locked, note, placement, "placed_by_facilitator")


@transaction.atomic
def place_note(*, participant: Participant, note_id: int, placement: str) -> Note:
    """The author proposes where their own note belongs. Once the facilitator has moved
    the note, the facilitator's placement stands."""
    participant, workshop = lock_participant(participant)
    require_phase(workshop, Phase.SORTING)
    note = own_note(participant, workshop, note_id)
    if note.placed_by_facilitator:
        raise WorkshopError(_("Samtalsledaren har redan placerat lappen."))
    return _set_placement(workshop, note, placement)


@facilitator_write
def hide_note(*, actor: User, workshop: Workshop, note_id: int, hidden: bool = True) -> Note:
    """Hide (or show again) a note. Dots on a hidden note are given back to their owners."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; lappar kan inte längre döljas."))
    note = facilitator_note(locked, note_id)
    note.hidden = hidden
    note.save(update_fields=["hidden", "updated_at"])
    if hidden:
        note.dots.all().delete()
    return note


@facilitator_write
def merge_notes(*, actor: User, workshop: Workshop, source_id: int, target_id: int) -> Note:
    """Merge a duplicate ``source`` into ``target``; its dots (those merged into it too)
    follow. A participant's dots on both simply add up on the target: each dot keeps its
    slot, so no participant's total changes and it stays within the budget. The notes
    merged into ``source`` stay merged into it (a tree), so that :func:`unmerge_note`
    can give each group back what it had."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; lappar kan inte längre slås samman."))
    source, target = facilitator_note(locked, source_id), facilitator_note(locked, target_id)
    if source.pk == target.pk:
        raise InvalidInput(_("Välj två olika lappar att slå samman."))
    if target.merged_into_id or target.hidden or source.merged_into_id:
        raise WorkshopError(_("Lappen är redan sammanslagen eller dold."))
    Dot.objects.filter(note=source, moved_from__isnull=True).update(moved_from=source)
    Dot.objects.filter(note=source).update(note=target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    return target


@facilitator_write
def unmerge_note(*, actor: User, workshop: Workshop, note_id: int) -> Note:
    """Undo a merge: the note is on the board again with the notes merged into it, and
    the dots cast on any of them come back from wherever the merge carried them."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)
    if locked.shows_results:
        raise WorkshopError(_("Resultatet är klart; sammanslagningar kan inte längre ångras."))
    note = facilitator_note(locked, note_id)
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


def board_version(workshop: Workshop, participant: Participant | None = None) -> str:
    """A short fingerprint of what a board shows, so that a poll whose board has not
    changed can be answered with 204 and no rendering. Notes change through save()
    (updated_at); dots are counted per participant (their board) or per workshop."""
    notes = Note.objects.filter(workshop=workshop).aggregate(n=Count("pk"), last=Max("updated_at"))
    dots = Dot.objects.filter(participant=participant) if participant else Dot.objects.filter(note__workshop=workshop)
    dot_state = dots.aggregate(n=Count("pk"), last=Max("pk"), notes=Sum("note_id"))
    people = "" if participant else workshop.participants.count()
    state = (
        f"{workshop.phase}|{workshop.sort_by}|{workshop.analysis_model_id}|{workshop.joining_open}|{workshop.results_saved_at}|{workshop.votes_live}|"
        f"{workshop.votes_revealed_at}|{workshop.timer_ends_at}|{workshop.timer_remaining}"
    )
    raw = f"{state}|{notes}|{dot_state}|{people}"
    return hashlib.blake2b(raw.encode(), digest_size=8).hexdigest()
