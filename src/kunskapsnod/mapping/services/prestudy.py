"""Import and export of the pre-study document (JSON shape of sjuharad-forstudie-2022.json).

Import is an idempotent upsert keyed on (municipality, kind, source, parent, position):
the n-th item of a workshop's list is the same row every time, so re-running changes
nothing, and duplicate texts in one list (the file has some) stay distinct items.
Nothing is deleted. Classifications in the document are added when they differ from
the current ones; items without any in the document keep those made in the platform.
"""

from dataclasses import dataclass

from auditlog.context import disable_auditlog, set_actor
from django.db import transaction

from kunskapsnod.accounts.models import User
from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    Item,
    Priority,
    Source,
)
from kunskapsnod.mapping.services.common import normalise
from kunskapsnod.mapping.services.document import (
    PRIORITY_SECTION,
    SECTIONS,
    BlockIn,
    ClassificationIn,
    DocumentError,
    DocumentIn,
    EntryIn,
    parse_document,
)
from kunskapsnod.mapping.services.items import set_item_actors
from kunskapsnod.regions.models import Meeting, Organisation
from kunskapsnod.regions.permissions import require_change


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def import_prestudy(*, actor: User | None, data) -> ImportSummary:
    """Validate the whole document, then upsert it. ``actor`` None means the system
    loading shipped data (command, demo): that is not a user's change, so it is not
    written to the audit log. A user must be allowed to change every municipality in it,
    and their import is audited row by row."""
    if actor is None:
        with disable_auditlog():
            return _import(None, data)
    with set_actor(actor):
        return _import(actor, data)


@transaction.atomic
def _import(actor: User | None, data) -> ImportSummary:
    document = parse_document(data)
    municipalities = _municipalities(document)
    models = _classification_targets(document)
    if actor is not None:
        for municipality in municipalities.values():
            require_change(actor, municipality, what="kartläggningen")
    summary = ImportSummary()
    for block in document.blocks:
        citation = document.citation if block.citation is None else block.citation
        source = _source(block, municipalities[block.municipality], citation)
        if block.section == PRIORITY_SECTION:
            _import_priorities(block, source, models, summary)
        else:
            _import_items(block, source, municipalities[block.municipality], models, summary, actor)
    return summary


def _municipalities(document: DocumentIn) -> dict[str, Organisation]:
    by_name = {m.name: m for m in Organisation.objects.municipalities()}
    counters: dict[str, int] = {}
    for block in document.blocks:
        index = counters.get(block.section, 0)
        counters[block.section] = index + 1
        if block.municipality not in by_name:
            raise DocumentError(f"{block.section}[{index}].kommun: okänd kommun {block.municipality!r}")
    return {b.municipality: by_name[b.municipality] for b in document.blocks}


def _classification_targets(document: DocumentIn) -> dict:
    """Resolve every classification's version, themes and level before writing."""
    models = {m.version: m for m in AnalysisModel.objects.prefetch_related("themes", "levels")}
    for block in document.blocks:
        for entry in _walk(block.entries):
            for c in entry.classifications:
                _resolve(models, c, entry.text, block.section == PRIORITY_SECTION)
    return models


def _resolve(models: dict, c: ClassificationIn, text: str, priority: bool):
    model = models.get(c.version)
    if model is None:
        raise DocumentError(f"{text!r}: analysmodell version {c.version} finns inte")
    themes = {t.name: t for t in model.themes.all()}
    levels = {level.name: level for level in model.levels.all()}
    missing = [t for t in c.themes if t not in themes]
    if missing or (not priority and c.level not in levels):
        raise DocumentError(
            f"{text!r}: tema eller nivå finns inte i version {c.version}: {', '.join(missing) or c.level}"
        )
    return model, [themes[t] for t in c.themes], levels.get(c.level or "")


def _walk(entries: list[EntryIn]):
    for entry in entries:
        yield entry
        yield from entry.parts


def _source(block: BlockIn, municipality: Organisation, citation: str) -> Source | None:
    if block.date is None:
        return None  # entered by hand
    if block.workshop_ref:
        lookup = {"workshop_ref": block.workshop_ref}
    else:
        lookup = {
            "municipality": municipality,
            "label": block.label,
            "date": block.date,
            "workshop_ref": None,
        }
    source = Source.objects.filter(**lookup).first()
    if source is None:
        meeting = Meeting.objects.filter(municipality=municipality, date=block.date, topic=block.label).first()
        source = Source.objects.create(
            municipality=municipality,
            label=block.label,
            date=block.date,
            meeting=meeting,
            workshop_ref=block.workshop_ref,
            citation=citation[:500],
        )
    return source


def _import_items(block, source, municipality, models, summary, actor) -> None:
    kind = SECTIONS[block.section][0]
    existing = {
        (i.parent_id, i.position): i
        for i in Item.objects.filter(municipality=municipality, kind=kind, source=source).prefetch_related(
            "actor_links"
        )
    }
    key = {"municipality": municipality, "kind": kind, "source": source}
    for position, entry in enumerate(block.entries, start=1):
        item = _upsert_item(entry, existing, key, None, position, models, summary, actor)
        for part_position, part in enumerate(entry.parts, start=1):
            _upsert_item(part, existing, key, item, part_position, models, summary, actor)


def _upsert_item(entry, existing, key, parent, position, models, summary, actor) -> Item:
    item = existing.get((parent.pk if parent else None, position))
    wanted = {"text": entry.text, "target_age": entry.target_age, "scope": entry.scope}
    had_actors = [] if item is None else item.actor_values
    if item is None:
        item = Item.objects.create(**key, parent=parent, position=position, **wanted)
        summary.created += 1
    else:
        changed = [f for f, v in wanted.items() if getattr(item, f) != v]
        for f in changed:
            setattr(item, f, wanted[f])
        if changed:
            item.save(update_fields=[*changed, "updated_at"])
        summary.updated += bool(changed)
        summary.unchanged += not changed
    if sorted(entry.actors) != sorted(had_actors):
        set_item_actors(item, entry.actors)
    for c in entry.classifications:
        _ensure_classification(item, *_resolve(models, c, entry.text, False), actor)
    return item


def _link_need(priority: Priority) -> None:
    """Link a priority to the municipality's need with the very same text (case and
    spacing aside); nothing looser, so no match is invented."""
    wanted = normalise(priority.text)
    for need in Item.objects.needs().filter(municipality=priority.municipality_id, parent__isnull=True):
        if normalise(need.text) == wanted:
            priority.need = need
            priority.save(update_fields=["need"])
            return


def _ensure_classification(item: Item, model, themes, level, actor) -> None:
    current = Classification.objects.current().filter(item=item, model=model).first()
    wanted = {t.pk for t in themes}
    if current and current.level_id == level.pk and set(current.themes.values_list("pk", flat=True)) == wanted:
        return
    if current:
        current.is_current = False
        current.save(update_fields=["is_current"])
    new = Classification.objects.create(item=item, model=model, level=level, created_by=actor)
    new.themes.set(sorted(wanted))


def _import_priorities(block: BlockIn, source: Source, models: dict, summary: ImportSummary) -> None:
    existing = {(p.parent_id, p.position): p for p in source.priorities.prefetch_related("themes")}
    for entry in block.entries:
        top = _upsert_priority(source, existing, None, entry, entry.rank, entry.rank, models, summary)
        if top.need_id is None:
            _link_need(top)
        for position, part in enumerate(entry.parts, start=1):
            _upsert_priority(source, existing, top, part, None, position, models, summary)


def _upsert_priority(source, existing, parent, entry, rank, position, models, summary) -> Priority:
    priority = existing.get((parent.pk if parent else None, position))
    wanted = {"text": entry.text, "rank": rank, "dots": entry.dots}
    if priority is None:
        priority = Priority.objects.create(
            municipality=source.municipality, source=source, parent=parent, position=position, **wanted
        )
        summary.created += 1
    else:
        changed = [f for f, v in wanted.items() if getattr(priority, f) != v]
        for f in changed:
            setattr(priority, f, wanted[f])
        if changed:
            priority.save(update_fields=changed)
        summary.updated += bool(changed)
        summary.unchanged += not changed
    themes = [t for c in entry.classifications for t in _resolve(models, c, entry.text, True)[1]]
    if themes:
        priority.themes.add(*themes)  # add() skips the links that exist already
    return priority
