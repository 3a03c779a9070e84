"""The ranked result and saving it as the municipality's prioritised needs (mapping)."""

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import Source, Theme
from kunskapsnod.mapping.services import MappingError, save_prioritised_needs
from kunskapsnod.regions.permissions import PermissionDenied, require_change
from kunskapsnod.workshops.models import Note, Workshop
from kunskapsnod.workshops.services.common import InvalidInput, WorkshopError, facilitator_write, lock_workshop


@dataclass(frozen=True)
class RankedNote:
    """One line of a workshop's result. ``rank`` is shared by notes with equal dots."""

    rank: int
    note_id: int
    text: str
    dots: int
    shared: bool = False
    left_out: bool = False
    theme: str = ""  # the note's theme, on a board sorted by theme
    theme_id: int | None = None


@dataclass(frozen=True)
class MappingListStatus:
    """``current``: the municipality's other list that the combined priorities use now
    (None: there is none). ``replaces``: this workshop's list is, or will be once saved,
    the one they use instead."""

    current: Source | None
    replaces: bool


def workshop_ref(workshop: Workshop) -> str:
    """The key of this workshop's list in the mapping module (one list per workshop)."""
    return f"workshop:{workshop.join_code}"


def ranked_results(workshop: Workshop) -> list[RankedNote]:
    """The visible notes that got dots (sub-regional ones, or by theme those under a theme)
    by dot count, the earlier note first among equals."""
    fields = ["pk", "text", "dot_count", "left_out"]
    by_theme = workshop.sorts_by_theme
    rows = Note.objects.filter(workshop=workshop).ranked().values_list(*fields, "theme_id", "theme__name")
    return competition_ranked(
        [
            RankedNote(rank=0, note_id=pk, text=text, dots=dots, left_out=out, **_theme(by_theme, theme_id, name))
            for pk, text, dots, out, theme_id, name in rows
        ]
    )


def _theme(by_theme: bool, theme_id: int | None, name: str | None) -> dict:
    # A board sorted by level may still hold themes from before the facilitator changed it.
    return {"theme_id": theme_id, "theme": name or ""} if by_theme else {}


def competition_ranked(rows: list[RankedNote]) -> list[RankedNote]:
    """Standard competition ranking ("1224") of rows already sorted by dots, most first:
    equal dots share a rank, and the next rank skips as many places as shared it."""
    ranked: list[RankedNote] = []
    for position, row in enumerate(rows, 1):
        tied = bool(ranked) and ranked[-1].dots == row.dots
        ranked.append(replace(row, rank=ranked[-1].rank if tied else position))
    shared = Counter(row.rank for row in ranked)
    return [replace(row, shared=shared[row.rank] > 1) for row in ranked]


@facilitator_write
def save_results(*, actor: User, workshop: Workshop, left_out: Collection[int] = ()) -> list[RankedNote]:
    """Save the reviewed result as the municipality's prioritised needs and return it.

    The list holds the ranked notes with at least one dot, except those in ``left_out``
    (junk, duplicates), ranked again among themselves. Saving again replaces this
    workshop's list and nothing else. The mapping module keeps one rank per line, so notes
    that share a rank here are saved in their order (the earlier note first) with
    consecutive ranks; the shared ranks are shown on the workshop's pages and in its JSON."""
    require_change(actor, workshop.organisation, what="workshoppar")
    locked = lock_workshop(workshop)  # two saves at once: the second waits, then replaces
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
            themes=_themes(kept),
        )
    except (MappingError, PermissionDenied) as exc:
        raise WorkshopError(_("Resultatet kunde inte sparas i kartläggningen: %(e)s") % {"e": exc}) from exc
    _mark_left_out(locked, left_out)
    locked.results_saved_at = timezone.now()
    locked.save(update_fields=["results_saved_at"])
    workshop.refresh_from_db()
    return kept


def _themes(rows: list[RankedNote]) -> list[Theme | None]:
    """The theme of each row (a board sorted by theme), for the mapping's priorities."""
    themes = Theme.objects.in_bulk({row.theme_id for row in rows if row.theme_id is not None})
    return [themes.get(row.theme_id) if row.theme_id is not None else None for row in rows]


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
