"""Ranked priorities (workshop step 2): saving a workshop's list, classifying priorities,
and the combined sub-regional view."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import TEXT_MAX, AnalysisModel, Item, Kind, Priority, Source, Theme
from kunskapsnod.mapping.services.common import MappingError, normalise
from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.permissions import require_change
from kunskapsnod.search import services as search


@transaction.atomic
def save_prioritised_needs(
    *,
    actor: User,
    municipality: Organisation,
    source_label: str,
    source_date: datetime.date,
    ranked: list[tuple[str, int]],
    workshop_ref: str,
    themes: Sequence[Theme | None] = (),
) -> list[Priority]:
    """Save a workshop's result as the municipality's prioritised needs.

    ``ranked`` is (text, dot count) in rank order: the first gets rank 1. Saving again
    with the same ``workshop_ref`` replaces that workshop's list (and nothing else).
    A priority is linked to the municipality's need with the same text when there is one.
    ``themes`` (a workshop sorted by theme): the theme of each row of ``ranked``, or None;
    the priority is classified in it, as :func:`classify_priorities` would."""
    require_change(actor, municipality, what="kartläggningen")
    if not municipality.is_municipality:
        raise MappingError(_("%(name)s är inte en kommun") % {"name": municipality})
    if not workshop_ref.strip():
        raise MappingError(_("workshop_ref saknas"))
    rows = [_checked_row(index, text, dots) for index, (text, dots) in enumerate(ranked)]
    if themes and len(themes) != len(rows):
        raise MappingError(_("themes måste ha ett tema (eller None) per rad i ranked"))
    source = Source.objects.select_for_update().filter(workshop_ref=workshop_ref).first()
    if source is not None and source.municipality_id != municipality.pk:
        require_change(actor, source.municipality, what="kartläggningen")
    if source is None:
        source = Source(workshop_ref=workshop_ref)
    source.municipality, source.label, source.date = (
        municipality,
        source_label.strip()[:300],
        source_date,
    )
    source.full_clean()
    source.save()
    source.priorities.all().delete()
    needs = _needs_by_text(municipality)
    saved = [
        Priority.objects.create(
            municipality=municipality,
            source=source,
            rank=rank,
            position=rank,
            text=text,
            dots=dots,
            need=needs.get(normalise(text)),
        )
        for rank, (text, dots) in enumerate(rows, start=1)
    ]
    for priority, theme in zip(saved, themes, strict=False):
        if theme is not None:
            priority.themes.add(theme)  # through the manager: the audit log records it
    search.reindex_municipalities([municipality.pk])  # also drops the replaced list's rows
    return saved


def _checked_row(index: int, text, dots) -> tuple[str, int]:
    if not isinstance(text, str) or not text.strip():
        raise MappingError(_("%(where)s: text saknas") % {"where": f"ranked[{index}]"})
    if len(text) > TEXT_MAX:
        raise MappingError(
            _("%(where)s: texten är längre än %(n)s tecken") % {"where": f"ranked[{index}]", "n": TEXT_MAX}
        )
    if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
        raise MappingError(_("%(where)s: antal pluppar måste vara ett heltal ≥ 0") % {"where": f"ranked[{index}]"})
    return text.strip(), dots


def _needs_by_text(municipality: Organisation) -> dict[str, Item]:
    needs = Item.objects.needs().filter(municipality=municipality).order_by("-pk")
    return {normalise(need.text): need for need in needs}


@transaction.atomic
def classify_priorities(*, actor: User, priorities: list[Priority], model: AnalysisModel, themes: list[Theme]) -> int:
    """Set the themes (of one model version) of several priorities; themes from other
    versions stay. Returns how many priorities were changed."""
    if any(theme.model_id != model.pk for theme in themes):
        raise MappingError(_("alla teman måste höra till den valda versionen av analysmodellen"))
    for municipality in {p.municipality for p in priorities}:
        require_change(actor, municipality, what="kartläggningen")
    for priority in priorities:
        old = list(priority.themes.exclude(model=model))
        priority.themes.set([*old, *themes])
    search.reindex_priorities(priorities)
    return len(priorities)


@transaction.atomic
def link_priority_to_need(*, actor: User, priority: Priority, need: Item | None) -> Priority:
    """Link a priority to the need it stands for (or unlink it with None). The need must be
    one of the same municipality's needs."""
    require_change(actor, priority.municipality, what="kartläggningen")
    if need is not None and (need.kind != Kind.NEED or need.municipality_id != priority.municipality_id):
        raise MappingError(_("prioriteringen kan bara kopplas till ett behov i samma kommun"))
    priority.need = need
    priority.save(update_fields=["need"])
    return priority
