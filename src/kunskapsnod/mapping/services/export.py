"""Export of the mapping to the pre-study document shape (and from there to CSV/Excel).

Blocks are sorted in Python (municipality name, date, label) so the output is the same
on SQLite and PostgreSQL whatever their collations."""

import datetime
from collections import defaultdict
from typing import Any

from kunskapsnod.mapping.models import Classification, Item, Priority, Source
from kunskapsnod.mapping.services.document import ITEM_SECTIONS, PRIORITY_SECTION, SECTIONS

_NO_DATE = datetime.date.max


def export_document(municipalities=None) -> dict:
    """Everything in the mapping (or for some municipalities) as one document."""
    items = Item.objects.select_related("municipality", "source").prefetch_related("actor_links")
    priorities = Priority.objects.select_related("municipality", "source").prefetch_related("themes__model")
    if municipalities is not None:
        items = items.filter(municipality__in=municipalities)
        priorities = priorities.filter(municipality__in=municipalities)
    classifications = _classifications(items)
    citation = _citation()
    document: dict = {"kalla": citation}
    for section in ITEM_SECTIONS:
        kind = SECTIONS[section][0]
        document[section] = _item_blocks(section, [i for i in items if i.kind == kind], classifications, citation)
    document[PRIORITY_SECTION] = _priority_blocks(list(priorities), citation)
    return document


def _citation() -> str:
    source = Source.objects.exclude(citation="").order_by("pk").first()
    return source.citation if source else ""


def _classifications(items) -> dict[int, list[dict]]:
    result: dict[int, list[dict]] = defaultdict(list)
    rows = (
        Classification.objects.current()
        .filter(item__in=items)
        .select_related("model", "level")
        .prefetch_related("themes")
        .order_by("item_id", "model__version")
    )
    for c in rows:
        themes = [t.name for t in sorted(c.themes.all(), key=lambda t: (t.order, t.name))]
        result[c.item_id].append({"version": c.model.version, "teman": themes, "niva": c.level.name})
    return result


def _block_key(item) -> tuple:
    source = item.source
    return (
        item.municipality.name,
        source.date if source else _NO_DATE,
        source.label if source else "",
        (source.workshop_ref or "") if source else "",
        source.pk if source else 0,
    )


def _block_head(section: str, item, citation: str) -> dict:
    source = item.source
    head = {"kommun": item.municipality.name, "datum": source.date.isoformat() if source else None}
    if source and source.label != SECTIONS[section][2]:
        head["kalla"] = source.label
    if source and source.workshop_ref:
        head["workshop"] = source.workshop_ref
    # Provenance per block: items typed by hand or saved from a workshop did not come
    # from the document the top-level "kalla" names.
    own = source.citation if source else ""
    if own != citation:
        head["dokumentkalla"] = own
    return head


def _grouped(rows, key):
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return [groups[k] for k in sorted(groups)]


def _item_blocks(section: str, items: list[Item], classifications, citation: str) -> list[dict]:
    list_key = SECTIONS[section][1]
    parts = defaultdict(list)
    for item in items:
        if item.parent_id:
            parts[item.parent_id].append(item)
    blocks = []
    for group in _grouped([i for i in items if not i.parent_id], _block_key):
        entries = [
            _item_entry(item, classifications, sorted(parts[item.pk], key=_order), top=True)
            for item in sorted(group, key=_order)
        ]
        blocks.append({**_block_head(section, group[0], citation), list_key: entries})
    return blocks


def _order(row) -> tuple:
    return (row.position, row.pk)


def _item_entry(item: Item, classifications, parts: list[Item], *, top: bool):
    extras: dict[str, Any] = {}
    if item.actor_values:
        extras["aktorer"] = sorted(item.actor_values)
    if item.target_age:
        extras["malgrupp"] = item.target_age
    if item.scope:
        extras["omfang"] = item.scope
    if classifications.get(item.pk):
        extras["klassificering"] = classifications[item.pk]
    if not top and not extras:
        return item.text  # a plain sub-item, as in the pre-study file
    entry: dict = {"text": item.text}
    if parts:
        entry["delar"] = [_item_entry(p, classifications, [], top=False) for p in parts]
    return {**entry, **extras}


def _priority_blocks(priorities: list[Priority], citation: str) -> list[dict]:
    parts = defaultdict(list)
    for p in priorities:
        if p.parent_id:
            parts[p.parent_id].append(p)
    blocks = []
    for group in _grouped([p for p in priorities if not p.parent_id], _block_key):
        entries = [_priority_entry(p, sorted(parts[p.pk], key=_order)) for p in sorted(group, key=_order)]
        blocks.append({**_block_head(PRIORITY_SECTION, group[0], citation), "prioriteringar": entries})
    return blocks


def _priority_entry(priority: Priority, parts: list[Priority]) -> dict:
    entry: dict = {"rang": priority.rank, "text": priority.text}
    if parts:
        entry["delar"] = [_priority_part(p) for p in parts]
    if priority.dots is not None:
        entry["pluppar"] = priority.dots
    entry.update(_priority_themes(priority))
    return entry


def _priority_part(part: Priority):
    extras = _priority_themes(part)
    if part.dots is not None:
        extras["pluppar"] = part.dots
    return {"text": part.text, **extras} if extras else part.text


def _priority_themes(priority: Priority) -> dict:
    by_version: dict[int, list] = defaultdict(list)
    for theme in priority.themes.all():
        by_version[theme.model.version].append(theme)
    if not by_version:
        return {}
    return {
        "klassificering": [
            {"version": v, "teman": [t.name for t in sorted(ts, key=lambda t: (t.order, t.name))]}
            for v, ts in sorted(by_version.items())
        ]
    }
