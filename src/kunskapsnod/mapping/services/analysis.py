"""Reads behind the analysis pages: the theme × level matrix, the gap ranking and the
combined sub-regional priorities. Each is a fixed, small number of queries whatever the
number of municipalities or items."""

import math
from dataclasses import dataclass, field

from django.db.models import Count

from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    Item,
    Kind,
    Level,
    Priority,
    Source,
    Theme,
)
from kunskapsnod.mapping.services.common import normalise

HEAT_STEPS = 5


@dataclass
class Cell:
    theme: Theme
    level: Level
    interventions: int = 0
    needs: int = 0
    heat_interventions: int = 0
    heat_needs: int = 0

    @property
    def gap(self) -> int:
        """Needs minus interventions: positive where much is needed and little is done."""
        return self.needs - self.interventions

    @property
    def needs_per_intervention(self) -> float:
        return round(self.needs / (self.interventions + 1), 2)


@dataclass
class Matrix:
    model: AnalysisModel
    themes: list[Theme]
    levels: list[Level]
    rows: list[tuple[Theme, list[Cell]]]
    unclassified: dict[str, int]

    @property
    def cells(self) -> list[Cell]:
        return [cell for _theme, cells in self.rows for cell in cells]

    @property
    def has_classified(self) -> bool:
        """Whether anything in scope is classified in this version; if not, every cell is 0."""
        return any(cell.interventions or cell.needs for cell in self.cells)

    @property
    def unclassified_total(self) -> int:
        return sum(self.unclassified.values())


def build_matrix(*, model: AnalysisModel, municipalities) -> Matrix:
    """Counts of interventions and needs per theme × level in one model version. An item
    classified under two themes counts in both rows. ``municipalities`` None means all
    (items belong to municipalities only), which saves the join on the item's municipality."""
    themes = list(model.themes.all())
    levels = list(model.levels.all())
    grid = {(t.pk, lv.pk): Cell(t, lv) for t in themes for lv in levels}
    links = Classification.themes.through.objects.filter(classification__is_current=True, classification__model=model)
    if municipalities is not None:
        links = links.filter(classification__item__municipality__in=municipalities)
    # One current classification per item and version, one link per theme: each link row
    # is one item in one theme, so a plain count needs no DISTINCT.
    counts = (
        links.values("theme_id", "classification__level_id", "classification__item__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        cell = grid.get((row["theme_id"], row["classification__level_id"]))
        if cell is not None:
            attribute = "interventions" if row["classification__item__kind"] == Kind.INTERVENTION else "needs"
            setattr(cell, attribute, row["n"])
    _set_heat(list(grid.values()))
    items = Item.objects.all() if municipalities is None else Item.objects.filter(municipality__in=municipalities)
    return Matrix(
        model=model,
        themes=themes,
        levels=levels,
        rows=[(t, [grid[(t.pk, lv.pk)] for lv in levels]) for t in themes],
        unclassified=_by_kind(items.unclassified_in(model)),
    )


def _by_kind(items) -> dict[str, int]:
    counts = {row["kind"]: row["n"] for row in items.order_by().values("kind").annotate(n=Count("pk"))}
    return {kind.value: counts.get(kind.value, 0) for kind in Kind}


def _set_heat(cells: list[Cell]) -> None:
    """Intensity 0–5 relative to the largest count of the same kind in the matrix."""
    top_i = max((c.interventions for c in cells), default=0)
    top_n = max((c.needs for c in cells), default=0)
    for cell in cells:
        cell.heat_interventions = _step(cell.interventions, top_i)
        cell.heat_needs = _step(cell.needs, top_n)


def _step(value: int, top: int) -> int:
    return 0 if value == 0 or top == 0 else math.ceil(HEAT_STEPS * value / top)


@dataclass
class GapRow:
    label: str
    interventions: int
    needs: int
    cell: Cell | None = None

    @property
    def gap(self) -> int:
        return self.needs - self.interventions


def gap_ranking(matrix: Matrix) -> dict[str, list]:
    """Cells, themes and levels ranked by gap (needs − interventions), largest first;
    ties by more needs."""

    def ranked(rows):
        return sorted(rows, key=lambda r: (-r.gap, -r.needs, r.label))

    cells = [GapRow(f"{c.theme.name} – {c.level.name}", c.interventions, c.needs, c) for c in matrix.cells]
    themes = [GapRow(t.name, sum(c.interventions for c in cs), sum(c.needs for c in cs)) for t, cs in matrix.rows]
    levels = [
        GapRow(
            lv.name,
            sum(cs[i].interventions for _t, cs in matrix.rows),
            sum(cs[i].needs for _t, cs in matrix.rows),
        )
        for i, lv in enumerate(matrix.levels)
    ]
    return {"cells": ranked(cells), "themes": ranked(themes), "levels": ranked(levels)}


# --- Combined priorities ------------------------------------------------------------------


@dataclass
class RankedNeed:
    text: str
    entries: list[tuple[Priority, int, float]] = field(default_factory=list)  # priority, n, points

    @property
    def municipality_count(self) -> int:
        return len({p.municipality_id for p, _n, _pts in self.entries})

    @property
    def score(self) -> float:
        return round(sum(points for _p, _n, points in self.entries), 2)


@dataclass
class ThemeGroup:
    theme: Theme | None  # None: "Ej klassificerade"
    needs: list[RankedNeed]

    @property
    def municipality_count(self) -> int:
        return len({p.municipality_id for need in self.needs for p, _n, _pts in need.entries})

    @property
    def score(self) -> float:
        return round(sum(need.score for need in self.needs), 2)


@dataclass
class PriorityOverview:
    model: AnalysisModel
    groups: list[ThemeGroup]
    lists: list[tuple]  # (municipality, source, number of priorities)


def borda_points(rank: int, n: int) -> float:
    """Normalised Borda: (n − r + 1) / n. Every municipality's first priority is worth 1
    point and its last 1/n, so a long list does not outweigh a short one at the top."""
    return (n - rank + 1) / n


def current_list_sources(municipalities=None) -> dict[int, int]:
    """Municipality id → source id of its current ranked list: the newest one (latest
    date, then the one saved last). The combined view uses these lists and no others, and
    the counts on the other pages count them, so the pages agree."""
    return dict(_sources_in(municipalities).current_lists().values_list("municipality_id", "pk"))


def _sources_in(municipalities):
    return Source.objects.all() if municipalities is None else Source.objects.filter(municipality__in=municipalities)


def combined_priorities(*, model: AnalysisModel, municipalities) -> PriorityOverview:
    """Each municipality's latest ranked list, grouped by theme (of ``model``) and, within a
    theme, by identical text (case and spacing ignored)."""
    top = (
        Priority.objects.filter(parent__isnull=True, source__in=_sources_in(municipalities).current_lists())
        .select_related("municipality", "source", "need")
        .prefetch_related("themes")
        .order_by("municipality__name", "rank")
    )
    lists: dict[int, list[Priority]] = {}
    for priority in top:
        lists.setdefault(priority.source_id, []).append(priority)
    groups: dict[int | None, dict[str, RankedNeed]] = {}
    themes = {t.pk: t for t in model.themes.all()}
    for priorities in lists.values():
        n = len(priorities)
        for priority in priorities:
            keys: list[int | None] = [t.pk for t in priority.themes.all() if t.pk in themes] or [None]
            assert priority.rank is not None, "top-level priorities are ranked (priority_rank_on_top_level_only)"
            for key in keys:
                need = groups.setdefault(key, {}).setdefault(normalise(priority.text), RankedNeed(priority.text))
                need.entries.append((priority, n, borda_points(priority.rank, n)))
    ordered = [ThemeGroup(themes.get(key) if key else None, _sorted_needs(needs)) for key, needs in groups.items()]
    ordered.sort(key=lambda g: (g.theme is None, -g.municipality_count, -g.score, g.theme.name if g.theme else ""))
    summary = [(ps[0].municipality, ps[0].source, len(ps)) for ps in lists.values()]
    return PriorityOverview(model=model, groups=ordered, lists=summary)


def _sorted_needs(needs: dict[str, RankedNeed]) -> list[RankedNeed]:
    return sorted(needs.values(), key=lambda n: (-n.municipality_count, -n.score, n.text))
