"""Facet counts as the page and the API show them: labels, counts, links that add or
remove a value (so every combination is a plain URL that works without JavaScript)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kunskapsnod.mapping.models import AgeGroup, Level, Theme
from kunskapsnod.regions.models import Organisation
from kunskapsnod.search.models import DocumentKind

TITLES = {
    "kind": _("Typ"),
    "theme": _("Tema"),
    "level": _("Nivå"),
    "municipality": _("Kommun"),
    "association": _("Kommunalförbund"),
    "target": _("Målgrupp"),
    "year": _("År"),
}
# Facet values shown before "more" would be needed; the rest are rare.
SHOWN = 12


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    title: str
    values: list[FacetValue]


def _labels(name: str, values: list) -> dict:
    if name == "kind":
        return {v: DocumentKind(v).label for v in values if v in DocumentKind.values}
    if name == "target":
        return {v: AgeGroup(v).label for v in values if v in AgeGroup.values}
    if name == "theme":
        return dict(Theme.objects.filter(pk__in=values).values_list("pk", "name"))
    if name == "level":
        return dict(Level.objects.filter(pk__in=values).values_list("pk", "name"))
    if name in ("municipality", "association"):
        return dict(Organisation.objects.filter(pk__in=values).values_list("pk", "name"))
    return {v: str(v) for v in values}


def build(counts: dict[str, Counter], filters: dict[str, list], params: QueryDict) -> list[Facet]:
    """Each facet's values, the chosen ones first, then by count."""
    facets = []
    for name, title in TITLES.items():
        counter = counts.get(name, Counter())
        chosen = [str(v) for v in filters.get(name, [])]
        values = list(dict.fromkeys([*filters.get(name, []), *(v for v, _n in counter.most_common(SHOWN))]))
        labels = _labels(name, values)
        shown = [
            FacetValue(str(v), str(labels[v]), counter.get(v, 0), str(v) in chosen, _toggle(params, name, str(v)))
            for v in values
            if v in labels
        ]
        if shown:
            facets.append(Facet(name, str(title), shown))
    return facets


def _toggle(params: QueryDict, name: str, value: str) -> str:
    """The query string with ``value`` of facet ``name`` added, or removed if chosen."""
    query = params.copy()
    query.pop("sida", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + query.urlencode()
