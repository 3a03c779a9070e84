"""Versions of the analysis model: loading the shipped ones, deriving a new version from
an old one, and carrying classifications over to the new version."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    Level,
    LevelMapping,
    Theme,
    ThemeMapping,
)
from kunskapsnod.mapping.services.common import MappingError
from kunskapsnod.regions.permissions import require_node_staff
from kunskapsnod.search import services as search


@transaction.atomic
def load_analysis_models(path: Path) -> int:
    """Load the versions in analysmodell.json; existing versions are left as they are.

    Version 2 is recorded as made from version 1. Only themes and levels with the same
    name in both are mapped: the report says what was removed and added, not where the
    renamed themes went, so no further mapping is invented. Returns how many were new."""
    document = json.loads(path.read_text("utf-8"))
    keywords = keyword_lists(path.with_name(KEYWORDS_FILE))
    created, previous = 0, None
    for entry in sorted(document["analysmodeller"], key=lambda e: e["version"]):
        model = AnalysisModel.objects.filter(version=entry["version"]).first()
        if model is None:
            model = _create_version(entry, previous)
            created += 1
        _fill_keywords(model, keywords.get(model.version, {}))
        previous = model
    return created


# The node's own keyword lists per theme and level (data/README.md), beside analysmodell.json.
KEYWORDS_FILE = "analysmodell-nyckelord.json"


def keyword_lists(path: Path) -> dict[int, dict[str, dict[str, str]]]:
    """{version: {"teman": {name: words}, "nivaer": {name: words}}}; empty without the file."""
    if not path.exists():
        return {}
    document = json.loads(path.read_text("utf-8"))
    return {int(version): lists for version, lists in document.get("versioner", {}).items()}


def _fill_keywords(model: AnalysisModel, lists: dict[str, dict[str, str]]) -> None:
    """Give themes and levels without keywords the shipped ones; staff's edits stay."""
    for queryset, key in ((model.themes.filter(keywords=""), "teman"), (model.levels.filter(keywords=""), "nivaer")):
        for choice in queryset:
            words = lists.get(key, {}).get(choice.name, "")
            if words:
                choice.keywords = words
                choice.save(update_fields=["keywords"])


def _create_version(entry: dict, previous: AnalysisModel | None) -> AnalysisModel:
    model = AnalysisModel.objects.create(
        version=entry["version"],
        name=entry["namn"],
        created_from=previous,
        notes="\n".join(entry.get("andringar_fran_v1", [])),
    )
    descriptions = entry.get("nivabeskrivningar", {})
    for order, name in enumerate(entry["teman"], start=1):
        Theme.objects.create(model=model, name=name, order=order)
    for order, name in enumerate(entry["nivaer"], start=1):
        Level.objects.create(model=model, name=name, order=order, description=descriptions.get(name, ""))
    if previous is not None:
        _map_same_names(previous, model)
    return model


def _map_same_names(old: AnalysisModel, new: AnalysisModel) -> None:
    new_themes = {t.name: t for t in new.themes.all()}
    for theme in old.themes.all():
        if theme.name in new_themes:
            ThemeMapping.objects.create(old=theme, new=new_themes[theme.name])
    new_levels = {level.name: level for level in new.levels.all()}
    for level in old.levels.all():
        if level.name in new_levels:
            LevelMapping.objects.create(old=level, new=new_levels[level.name])


@transaction.atomic
def create_model_version(
    *,
    actor: User,
    base: AnalysisModel,
    name: str,
    notes: str = "",
    theme_names: dict[int, str],
    new_themes: Sequence[str] = (),
    level_names: dict[int, str],
    new_levels: Sequence[str] = (),
) -> AnalysisModel:
    """A new version from ``base``. ``theme_names`` gives each old theme's name in the new
    version: the same name keeps it, another renames it, one name for several old themes
    merges them, an empty name removes it. ``new_themes`` adds themes. Levels likewise.
    Every kept old theme/level is mapped to its successor."""
    require_node_staff(actor, what="analysmodellen")
    if not name.strip():
        raise MappingError(_("namn saknas"))
    themes = _successors(base.themes.all(), theme_names, new_themes, "tema")
    levels = _successors(base.levels.all(), level_names, new_levels, "nivå")
    if not themes or not levels:
        raise MappingError(_("den nya versionen måste ha minst ett tema och en nivå"))
    version = (AnalysisModel.objects.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    model = AnalysisModel.objects.create(version=version, name=name.strip(), created_from=base, notes=notes)
    _create_with_mappings(model, Theme, ThemeMapping, themes)
    _create_with_mappings(model, Level, LevelMapping, levels)
    search.reindex_all()  # the search facets show the newest version's themes and levels
    return model


def _successors(old_rows, names: dict[int, str], added: Sequence[str], what: str) -> dict[str, list]:
    """New name → the old rows it succeeds (empty list for an added one), in order."""
    result: dict[str, list] = {}
    for row in old_rows:
        new_name = " ".join(names.get(row.pk, row.name).split())
        if new_name:
            result.setdefault(new_name, []).append(row)
    for new_name in (" ".join(n.split()) for n in added):
        if not new_name:
            continue
        if new_name in result:
            raise MappingError(
                _("%(what)s %(name)r finns redan i den nya versionen") % {"what": _(what), "name": new_name}
            )
        result[new_name] = []
    return result


def _create_with_mappings(model, row_class, mapping_class, successors: dict[str, list]) -> None:
    for order, (name, old_rows) in enumerate(successors.items(), start=1):
        fields = {"description": old_rows[0].description} if row_class is Level and old_rows else {}
        new = row_class.objects.create(model=model, name=name, order=order, **fields)
        for old in old_rows:
            mapping_class.objects.create(old=old, new=new)


@dataclass(frozen=True)
class CarryOverSummary:
    carried: int
    already: int
    unmapped: int


@transaction.atomic
def carry_over_classifications(*, actor: User, source: AnalysisModel, target: AnalysisModel) -> CarryOverSummary:
    """Give every item classified in ``source`` a classification in ``target`` through the
    theme and level mappings. The old classification stays; items already classified in
    ``target`` are left alone; items whose themes or level have no successor stay
    unclassified in ``target`` (counted as ``unmapped``)."""
    require_node_staff(actor, what="analysmodellen")
    theme_map = _mapping(ThemeMapping, source, target)
    level_map = {old: news[0] for old, news in _mapping(LevelMapping, source, target).items() if news}
    done = set(Classification.objects.current().filter(model=target).values_list("item_id", flat=True))
    carried = already = unmapped = 0
    old_rows = Classification.objects.current().filter(model=source).prefetch_related("themes")
    for old in old_rows:
        if old.item_id in done:
            already += 1
            continue
        themes = {new for theme in old.themes.all() for new in theme_map.get(theme.pk, [])}
        level = level_map.get(old.level_id)
        if not themes or level is None:
            unmapped += 1
            continue
        new = Classification.objects.create(
            item_id=old.item_id, model=target, level_id=level, derived_from=old, created_by=actor
        )
        new.themes.set(sorted(themes))
        carried += 1
    if target == AnalysisModel.objects.order_by("-version").first():
        search.reindex_items(Classification.objects.current().filter(model=target).values_list("item_id", flat=True))
    return CarryOverSummary(carried=carried, already=already, unmapped=unmapped)


def _mapping(mapping_class, source: AnalysisModel, target: AnalysisModel) -> dict[int, list[int]]:
    """Old id → new ids, following the chain of versions between source and target."""
    rows = mapping_class.objects.values_list("old_id", "new_id", "new__model__version")
    edges: dict[int, list[tuple[int, int]]] = {}
    for old, new, version in rows:
        edges.setdefault(old, []).append((new, version))
    old_class = Theme if mapping_class is ThemeMapping else Level
    result = {}
    for start in old_class.objects.filter(model=source).values_list("pk", flat=True):
        frontier, reached = [start], set()
        while frontier:
            node = frontier.pop()
            for new, version in edges.get(node, []):
                if version == target.version:
                    reached.add(new)
                elif version < target.version:
                    frontier.append(new)
        result[start] = sorted(reached)
    return result


@transaction.atomic
def set_version_mappings(
    *,
    actor: User,
    target: AnalysisModel,
    themes: dict[int, list[int]],
    levels: dict[int, int | None],
) -> None:
    """Set which themes and levels of the version ``target`` was made from lead to which of
    its own (old id → new ids; a level to at most one). Replaces the existing mappings
    between the two versions; classifications are untouched until they are carried over."""
    require_node_staff(actor, what="analysmodellen")
    base = target.created_from
    if base is None:
        raise MappingError(_("version %(v)s är inte skapad från en annan version") % {"v": target.version})
    old_themes = set(base.themes.values_list("pk", flat=True))
    new_themes = set(target.themes.values_list("pk", flat=True))
    old_levels = set(base.levels.values_list("pk", flat=True))
    new_levels = set(target.levels.values_list("pk", flat=True))
    if not set(themes) <= old_themes or not {n for ns in themes.values() for n in ns} <= new_themes:
        raise MappingError(_("teman måste höra till de två versionerna"))
    if not set(levels) <= old_levels or not {n for n in levels.values() if n} <= new_levels:
        raise MappingError(_("nivåer måste höra till de två versionerna"))
    ThemeMapping.objects.filter(old__model=base, new__model=target).delete()
    LevelMapping.objects.filter(old__model=base, new__model=target).delete()
    for old, news in themes.items():
        for new in sorted(set(news)):
            ThemeMapping.objects.create(old_id=old, new_id=new)
    for old, new_level in levels.items():
        if new_level:
            LevelMapping.objects.create(old_id=old, new_id=new_level)
