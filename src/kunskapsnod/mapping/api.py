"""JSON twins of the mapping pages, over the same forms and services."""

from ninja import Router, Schema
from ninja.errors import HttpError

from kunskapsnod.apiparams import Offset
from kunskapsnod.mapping.forms import ItemFilterForm, ScopeForm
from kunskapsnod.mapping.models import AnalysisModel, Item
from kunskapsnod.mapping.services.analysis import build_matrix, combined_priorities, gap_ranking
from kunskapsnod.mapping.suggestions import reason, suggest_for, suggester_for, unclassified_items

router = Router(tags=["kartläggning"])
MAX_ITEMS = 500
MAX_SUGGESTIONS = 100


class ClassificationOut(Schema):
    version: int
    themes: list[str]
    level: str
    from_suggestion: bool  # accepted (or changed) from a classification suggestion by a person


class ItemOut(Schema):
    id: int
    kind: str
    text: str
    municipality: str
    source: str | None
    source_date: str | None
    parent_id: int | None
    scope: str
    target_age: str
    actors: list[str]
    classifications: list[ClassificationOut]


class ItemPage(Schema):
    count: int
    offset: int
    items: list[ItemOut]


def _form(form_class, request):
    form = form_class(request.GET)
    if form.is_bound and not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise HttpError(400, f"{field}: {' '.join(errors)}")
    if form.model() is None:
        raise HttpError(404, "Ingen analysmodell är inläst")
    return form


@router.get("/mapping/items", response=ItemPage)
def items(request, offset: Offset = 0):
    """Interventions and needs, filtered as the list page (municipality, association, kind,
    theme, level, actor, scope, target_age, source, q, unclassified, version); at most 500 per call."""
    form = _form(ItemFilterForm, request)
    queryset = form.filter(
        Item.objects.select_related("municipality", "source").prefetch_related(
            "actor_links", "classifications__themes", "classifications__level", "classifications__model"
        )
    ).order_by("pk")
    rows = list(queryset[offset : offset + MAX_ITEMS])
    return {"count": queryset.count(), "offset": offset, "items": [_item(i) for i in rows]}


def _item(item: Item) -> dict:
    current = [c for c in item.classifications.all() if c.is_current]
    return {
        "id": item.pk,
        "kind": item.kind,
        "text": item.text,
        "municipality": item.municipality.slug,
        "source": item.source.label if item.source else None,
        "source_date": item.source.date.isoformat() if item.source else None,
        "parent_id": item.parent_id,
        "scope": item.scope,
        "target_age": item.target_age,
        "actors": item.actor_values,
        "classifications": [
            {
                "version": c.model.version,
                "themes": [t.name for t in c.themes.all()],
                "level": c.level.name,
                "from_suggestion": c.suggestion_id is not None,
            }
            for c in sorted(current, key=lambda c: c.model.version)
        ],
    }


@router.get("/mapping/matrix")
def matrix(request):
    """Theme × level counts of interventions and needs for a municipality, an association
    or all municipalities, in one version of the analysis model (default: the latest)."""
    form = _form(ScopeForm, request)
    table = build_matrix(model=form.model(), municipalities=form.municipalities())
    return {
        "version": table.model.version,
        "scope": form.scope_label(),
        "themes": [t.name for t in table.themes],
        "levels": [lv.name for lv in table.levels],
        "cells": [
            {"theme": c.theme.name, "level": c.level.name, "interventions": c.interventions, "needs": c.needs}
            for c in table.cells
        ],
        "unclassified": table.unclassified,
    }


@router.get("/mapping/gap")
def gap(request):
    """Cells, themes and levels ranked by gap = needs − interventions."""
    form = _form(ScopeForm, request)
    ranking = gap_ranking(build_matrix(model=form.model(), municipalities=form.municipalities()))
    return {
        "method": "gap = needs - interventions; ties: more needs first",
        **{
            key: [{"label": r.label, "needs": r.needs, "interventions": r.interventions, "gap": r.gap} for r in rows]
            for key, rows in ranking.items()
        },
    }


@router.get("/mapping/priorities")
def priorities(request):
    """Each municipality's latest ranked list combined by theme with a normalised Borda
    score: rank r in a list of n gets (n - r + 1) / n points."""
    form = _form(ScopeForm, request)
    overview = combined_priorities(model=form.model(), municipalities=form.municipalities())
    return {
        "version": overview.model.version,
        "method": "normalised Borda: (n - r + 1) / n per municipality list, summed",
        "groups": [
            {
                "theme": group.theme.name if group.theme else None,
                "municipalities": group.municipality_count,
                "score": group.score,
                "needs": [
                    {
                        "text": need.text,
                        "municipalities": need.municipality_count,
                        "score": need.score,
                        "ranks": [
                            {"municipality": p.municipality.slug, "rank": p.rank, "of": n} for p, n, _ in need.entries
                        ],
                    }
                    for need in group.needs
                ],
            }
            for group in overview.groups
        ],
    }


@router.get("/mapping/models")
def models(request):
    """The versions of the analysis model with their themes and levels."""
    return [
        {
            "version": m.version,
            "name": m.name,
            "created_from": m.created_from.version if m.created_from else None,
            "themes": [t.name for t in m.themes.all()],
            "levels": [lv.name for lv in m.levels.all()],
        }
        for m in AnalysisModel.objects.select_related("created_from").prefetch_related("themes", "levels")
    ]


class RankedOut(Schema):
    theme: str
    score: float
    words: list[str]
    similar_items: list[int]


class SuggestionOut(Schema):
    item: int
    kind: str
    text: str
    municipality: str
    theme: str
    level: str
    score: float
    reason: str
    alternatives: list[RankedOut]
    level_words: list[str]


class SuggestionPage(Schema):
    version: int
    count: int
    offset: int
    suggestions: list[SuggestionOut]


@router.get("/mapping/suggestions", response=SuggestionPage)
def suggestions(request, offset: Offset = 0):
    """The suggestions page's twin: a theme and a level for each unclassified item in scope
    (municipality, association, version), with the reason; at most 100 per call. Nothing
    here counts anywhere until a person accepts it on the page."""
    form = _form(ScopeForm, request)
    model = form.model()
    queryset = unclassified_items(model, form.municipalities())
    page = list(queryset[offset : offset + MAX_SUGGESTIONS])
    texts = {e.key: e.text for e in suggester_for(model).examples.values()}
    return {
        "version": model.version,
        "count": queryset.count(),
        "offset": offset,
        "suggestions": [
            {
                "item": s.item.pk,
                "kind": s.item.kind,
                "text": s.item.text,
                "municipality": s.item.municipality.slug,
                "theme": s.theme.name,
                "level": s.level.choice.name,
                "score": s.score,
                "reason": reason(s, texts),
                "alternatives": [
                    {
                        "theme": r.choice.name,
                        "score": round(r.score, 3),
                        "words": r.words,
                        "similar_items": r.neighbours,
                    }
                    for r in s.themes
                ],
                "level_words": s.level.words,
            }
            for s in suggest_for(model, page)
        ],
    }


def _ranked(ranked) -> dict:
    return {
        "theme": ranked.choice.name,
        "score": round(ranked.score, 3),
        "words": ranked.words,
        "similar_items": ranked.neighbours,
    }
