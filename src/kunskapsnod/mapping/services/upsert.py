"""The mapping import's writes: read the affected rows, work out the differences in
memory (plan), write them in bulk (save). See prestudy.py for the rules."""

import copy
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from kunskapsnod.accounts.audit import AuditBatch
from kunskapsnod.mapping.models import Classification, Item, ItemActor, Kind, Priority, Source
from kunskapsnod.mapping.services.common import normalise
from kunskapsnod.mapping.services.document import (
    PRIORITY_SECTION,
    SECTIONS,
    BlockIn,
    DocumentError,
    DocumentIn,
    EntryIn,
)
from kunskapsnod.regions.models import Meeting
from kunskapsnod.search.services import reindex_municipalities

_CHUNK = 500  # ids per "IN (...)" list: well under every database's parameter limit


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def foreign_reference(block: BlockIn, owner: str) -> str:
    return _(
        "%(where)s.workshop: listan %(ref)r hör till %(owner)s, inte till %(municipality)s; "
        "ett block kan bara skriva till sin egen kommuns listor"
    ) % {"where": block.where, "ref": block.workshop_ref, "owner": owner, "municipality": block.municipality}


@dataclass
class _Slots:
    """A list's rows by place: top-level rows by position, parts by (parent, position)."""

    tops: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)  # id(parent object) → {position: row}

    @classmethod
    def of(cls, rows) -> "_Slots":
        slots = cls()
        by_pk = {}
        for row in rows:
            if row.parent_id is None:
                slots.tops[row.position] = row
                by_pk[row.pk] = row
        for row in rows:
            if row.parent_id in by_pk:
                slots.parts.setdefault(id(by_pk[row.parent_id]), {})[row.position] = row
        return slots

    def parts_of(self, parent) -> dict:
        return self.parts.setdefault(id(parent), {})


class Writer:
    """Read the affected rows and work out the differences (plan), then write them in
    bulk (save)."""

    def __init__(self, actor, municipalities, targets) -> None:
        """``targets.resolve(classification, text, priority)``: its model, themes and level."""
        self.actor = actor
        self.municipalities = municipalities
        self.targets = targets
        self.summary = ImportSummary()
        self.audit = AuditBatch(actor)
        self.now = timezone.now()
        self.refs: set[str] = set()
        self.new_sources: list[Source] = []

    def with_refs(self, document: DocumentIn) -> "Writer":
        self.refs = {ref for b in document.blocks if b.date is not None and (ref := b.workshop_ref)}
        return self

    def fingerprint(self) -> tuple:
        """Counts, highest ids and sums over what this import reads: any write to the
        same municipalities' sources, items, actors, classifications or priorities (or to
        a list under one of its references) changes it."""
        ids = {m.pk for m in self.municipalities.values()}
        aggregate = {"n": Count("pk"), "top": Max("pk")}
        return (
            Source.objects.filter(Q(municipality_id__in=ids) | Q(workshop_ref__in=self.refs)).aggregate(**aggregate),
            Item.objects.filter(municipality_id__in=ids).aggregate(**aggregate, changed=Max("updated_at")),
            ItemActor.objects.filter(item__municipality_id__in=ids).aggregate(**aggregate),
            Classification.objects.filter(item__municipality_id__in=ids).aggregate(
                **aggregate, current=Count("pk", filter=Q(is_current=True))
            ),
            Classification.themes.through.objects.filter(classification__item__municipality_id__in=ids).aggregate(
                **aggregate
            ),
            Priority.objects.filter(municipality_id__in=ids).aggregate(
                **aggregate, needs=Sum("need_id"), dots=Sum("dots"), ranks=Sum("rank"), chars=Sum(Length("text"))
            ),
            Priority.themes.through.objects.filter(priority__municipality_id__in=ids).aggregate(**aggregate),
        )

    def plan(self, document: DocumentIn) -> None:
        sources = self._sources(document)
        blocks = list(zip(document.blocks, sources, strict=True))
        self.items = _ItemWriter(self)  # first: priorities link to the needs as it leaves them
        self.items.plan([(b, s) for b, s in blocks if b.section != PRIORITY_SECTION])
        self.priorities = _PriorityWriter(self)
        # A ranked list is always dated, so it always has a source.
        self.priorities.plan([(b, s) for b, s in blocks if b.section == PRIORITY_SECTION and s is not None])

    def save(self) -> None:
        before = self.fingerprint()
        Source.objects.bulk_create(self.new_sources)
        self.audit.created(self.new_sources)
        self.items.save()
        self.priorities.save()
        self.audit.save()
        # A file loaded again writes nothing, and leaves the search index as it is too.
        if self.fingerprint() != before:
            reindex_municipalities(m.pk for m in self.municipalities.values())

    def _sources(self, document: DocumentIn) -> list[Source | None]:
        """Each block's source (None: typed by hand); new ones are created by save()."""
        dated = [b for b in document.blocks if b.date is not None]
        by_ref = {s.workshop_ref: s for s in Source.objects.filter(workshop_ref__in=self.refs)}
        plain_ids = {self.municipalities[b.municipality].pk for b in dated if not b.workshop_ref}
        plain: dict[tuple, Source] = {
            (s.municipality_id, s.label, s.date): s
            for s in Source.objects.filter(
                workshop_ref__isnull=True, municipality_id__in=plain_ids, date__in={b.date for b in dated}
            )
        }
        new: dict[tuple, Source] = {}
        result: list[Source | None] = []
        for block in document.blocks:
            if block.date is None:
                result.append(None)
                continue
            municipality = self.municipalities[block.municipality]
            key = (block.workshop_ref,) if block.workshop_ref else (municipality.pk, block.label, block.date)
            source = by_ref.get(block.workshop_ref) if block.workshop_ref else plain.get(key)
            if source is not None and source.municipality_id != municipality.pk:
                raise DocumentError(foreign_reference(block, source.municipality.name))  # saved since the check
            if source is None and key not in new:
                citation = document.citation if block.citation is None else block.citation
                new[key] = Source(
                    municipality=municipality,
                    label=block.label,
                    date=block.date,
                    workshop_ref=block.workshop_ref,
                    citation=citation[:500],
                )
            result.append(source or new[key])
        self.new_sources = list(new.values())
        self._link_meetings(self.new_sources)
        return result

    def _link_meetings(self, sources: list[Source]) -> None:
        """A new source is the meeting of its municipality on its date with its label."""
        if not sources:
            return
        meetings: dict[tuple, Meeting] = {}
        for meeting in Meeting.objects.filter(
            municipality__in={s.municipality_id for s in sources}, date__in={s.date for s in sources}
        ):
            meetings.setdefault((meeting.municipality_id, meeting.date, meeting.topic), meeting)
        for source in sources:
            source.meeting = meetings.get((source.municipality_id, source.date, source.label))

    def track(self, row, changes: dict, wanted: dict) -> None:
        """Set ``wanted`` on an existing row; remember it in ``changes`` (id → a copy from
        before, for the audit, and the row) when something changed. Counts the row as
        updated or unchanged."""
        changed = [f for f, v in wanted.items() if getattr(row, f) != v]
        if changed:
            changes.setdefault(id(row), (copy.copy(row), row))
            for f in changed:
                setattr(row, f, wanted[f])
        self.summary.updated += bool(changed)
        self.summary.unchanged += not changed


def _source_key(source: Source | None):
    """A source as a key: its id, or the object itself while it is new."""
    if source is None:
        return None
    return source.pk if source.pk else ("new", id(source))


def _chunks(ids: list) -> list[list]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


class _ItemWriter:
    """Interventions and needs, their actors and classifications."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.new_tops: list[Item] = []
        self.new_parts: list[Item] = []
        self.loaded: dict[int, Item] = {}  # pk → the row as this import will leave it
        self.changed: dict[int, tuple[Item, Item]] = {}
        self.actors: dict[int, tuple[Item, set[str]]] = {}  # id(item) → (item, wanted)
        self.classifications: dict[tuple, Classification] = {}  # (id(item), model pk) → new row
        self.new_themes: dict[int, list] = {}  # id(new classification) → its themes, sorted
        self.retired: dict[int, Classification] = {}

    def plan(self, blocks: list[tuple[BlockIn, Source | None]]) -> None:
        if not blocks:
            return
        keys = {self._key(b, s) for b, s in blocks}
        municipality_ids = {k[0] for k in keys}
        rows = [
            i
            for i in Item.objects.filter(municipality_id__in=municipality_ids, kind__in={k[1] for k in keys}).order_by(
                "pk"
            )
            if (i.municipality_id, i.kind, i.source_id) in keys
        ]
        self.loaded = {i.pk: i for i in rows}
        self._load_state(municipality_ids, set(self.loaded))
        groups: dict[tuple, list[Item]] = {}
        for row in rows:
            groups.setdefault((row.municipality_id, row.kind, row.source_id), []).append(row)
        slots = {key: _Slots.of(group) for key, group in groups.items()}
        for block, source in blocks:
            self._block(block, source, slots.setdefault(self._key(block, source), _Slots()))

    def _key(self, block: BlockIn, source: Source | None) -> tuple:
        municipality = self.w.municipalities[block.municipality]
        return (municipality.pk, SECTIONS[block.section][0], _source_key(source))

    def _load_state(self, municipality_ids: set[int], item_ids: set[int]) -> None:
        """The current actors and classifications of the items this import may touch."""
        self.had_actors: dict[int, dict[str, ItemActor]] = {}
        for link in ItemActor.objects.filter(item__municipality_id__in=municipality_ids):
            if link.item_id in item_ids:
                self.had_actors.setdefault(link.item_id, {})[link.actor] = link
        current = {
            c.pk: c
            for c in Classification.objects.current().filter(item__municipality_id__in=municipality_ids)
            if c.item_id in item_ids
        }
        themes: dict[int, set[int]] = {pk: set() for pk in current}
        through = Classification.themes.through.objects.filter(
            classification__is_current=True, classification__item__municipality_id__in=municipality_ids
        )
        for classification_id, theme_id in through.values_list("classification_id", "theme_id"):
            if classification_id in themes:
                themes[classification_id].add(theme_id)
        self.current = {(c.item_id, c.model_id): (c, c.level_id, themes[c.pk]) for c in current.values()}

    def _block(self, block: BlockIn, source: Source | None, slots: _Slots) -> None:
        municipality = self.w.municipalities[block.municipality]
        key = {"municipality": municipality, "kind": SECTIONS[block.section][0], "source": source}
        for position, entry in enumerate(block.entries, start=1):
            top = self._upsert(slots.tops, position, entry, key, None)
            for part_position, part in enumerate(entry.parts, start=1):
                self._upsert(slots.parts_of(top), part_position, part, key, top)

    def _upsert(self, places: dict, position: int, entry: EntryIn, key: dict, parent: Item | None) -> Item:
        item = places.get(position)
        wanted = {"text": entry.text, "target_age": entry.target_age, "scope": entry.scope}
        if item is None:
            item = Item(**key, parent=parent, position=position, **wanted)
            places[position] = item
            (self.new_parts if parent else self.new_tops).append(item)
            self.w.summary.created += 1
        else:
            self.w.track(item, self.changed, wanted)
        had = self.actors[id(item)][1] if id(item) in self.actors else set(self.had_actors.get(item.pk, ()))
        if set(entry.actors) != had:
            self.actors[id(item)] = (item, set(entry.actors))
        for c in entry.classifications:
            self._classify(item, *self.w.targets.resolve(c, entry.text, False))
        return item

    def _classify(self, item: Item, model, themes, level) -> None:
        wanted = {t.pk for t in themes}
        planned = self.classifications.get((id(item), model.pk))
        current: tuple[Classification, int | None, set[int]] | None
        if planned is not None:
            current = (planned, planned.level_id, {t.pk for t in self.new_themes[id(planned)]})
        else:
            current = self.current.get((item.pk, model.pk)) if item.pk else None
        if current and current[1] == level.pk and current[2] == wanted:
            return
        if current and planned is None:
            self.retired[current[0].pk] = current[0]
        new = Classification(item=item, model=model, level=level, created_by=self.w.actor)
        self.new_themes[id(new)] = sorted(themes, key=lambda t: t.pk)
        self.classifications[(id(item), model.pk)] = new

    def save(self) -> None:
        audit = self.w.audit
        Item.objects.bulk_create(self.new_tops)
        Item.objects.bulk_create(self.new_parts)  # their parents have ids now
        changed = list(self.changed.values())
        for _old, item in changed:
            item.updated_at = self.w.now
        Item.objects.bulk_update([new for _old, new in changed], ["text", "target_age", "scope", "updated_at"])
        audit.updated(changed)
        self.new = {id(item) for item in (*self.new_tops, *self.new_parts)}
        self.classified: dict[int, list[Classification]] = {}
        for (item_key, _model), c in self.classifications.items():
            self.classified.setdefault(item_key, []).append(c)
        self._save_actors()
        self._save_classifications()
        # A new item's audit row names its actors and classification too: one row per item
        # rather than four, which keeps a large import's transaction short.
        audit.created([*self.new_tops, *self.new_parts], extra=self._folded)

    def _folded(self, item: Item) -> dict:
        changes = {}
        if id(item) in self.actors:
            changes["aktorer"] = ["None", ", ".join(sorted(self.actors[id(item)][1]))]
        if id(item) in self.classified:
            changes["klassificering"] = ["None", "; ".join(self._describe(c) for c in self.classified[id(item)])]
        return changes

    def _describe(self, c: Classification) -> str:
        themes = ", ".join(t.name for t in self.new_themes[id(c)])
        return f"v{c.model.version}: {themes} ({c.level.name})"

    def _save_actors(self) -> None:
        removed, added = [], []
        for item, wanted in self.actors.values():
            had = self.had_actors.get(item.pk, {}) if item.pk else {}
            removed += [link for value, link in had.items() if value not in wanted]
            added += [ItemActor(item=item, actor=value) for value in sorted(wanted - set(had))]
        with disable_auditlog():  # recorded below with the other rows, with the actor
            for ids in _chunks([link.pk for link in removed]):
                ItemActor.objects.filter(pk__in=ids).delete()
        ItemActor.objects.bulk_create(added)
        self.w.audit.deleted(removed)
        self.w.audit.created([link for link in added if id(link.item) not in self.new])

    def _save_classifications(self) -> None:
        retired = list(self.retired.values())
        for ids in _chunks([c.pk for c in retired]):
            Classification.objects.filter(pk__in=ids).update(is_current=False)
        pairs = []
        for c in retired:
            pairs.append((copy.copy(c), c))
            c.is_current = False
        self.w.audit.updated(pairs)
        new = list(self.classifications.values())
        Classification.objects.bulk_create(new)
        Classification.themes.through.objects.bulk_create(
            [
                Classification.themes.through(classification_id=c.pk, theme_id=t.pk)
                for c in new
                for t in self.new_themes[id(c)]
            ]
        )
        of_existing_items = [c for c in new if id(c.item) not in self.new]
        self.w.audit.created(of_existing_items)
        for c in of_existing_items:
            self.w.audit.m2m_added(c, "themes", self.new_themes[id(c)])


class _PriorityWriter:
    """Ranked lists (workshop step 2): their rows, themes and links to needs."""

    def __init__(self, writer: Writer) -> None:
        self.w = writer
        self.new_tops: list[Priority] = []
        self.new_parts: list[Priority] = []
        self.changed: dict[int, tuple[Priority, Priority]] = {}
        self.unlinked: list[Priority] = []
        self.new_themes: dict[int, tuple[Priority, list]] = {}  # id(priority) → (priority, themes)

    def plan(self, blocks: list[tuple[BlockIn, Source]]) -> None:
        if not blocks:
            return
        source_ids = {s.pk for _b, s in blocks if s.pk}
        municipality_ids = {s.municipality_id for _b, s in blocks}
        stored = Priority.objects.filter(source__municipality_id__in=municipality_ids).order_by("pk")
        rows = [p for p in stored if p.source_id in source_ids]
        self.had_themes: dict[int, set[int]] = {}
        links = Priority.themes.through.objects.filter(priority__source__municipality_id__in=municipality_ids)
        for priority_id, theme_id in links.values_list("priority_id", "theme_id"):
            self.had_themes.setdefault(priority_id, set()).add(theme_id)
        groups: dict[int, list] = {}
        for row in rows:
            groups.setdefault(row.source_id, []).append(row)
        slots = {source_id: _Slots.of(group) for source_id, group in groups.items()}
        for block, source in blocks:
            self._block(block, source, slots.setdefault(_source_key(source), _Slots()))
        self._link_needs(municipality_ids)

    def _block(self, block: BlockIn, source: Source, slots: _Slots) -> None:
        for entry in block.entries:
            top = self._upsert(slots.tops, entry.rank, entry, source, None, entry.rank)
            if top.need_id is None:
                self.unlinked.append(top)
            for position, part in enumerate(entry.parts, start=1):
                self._upsert(slots.parts_of(top), position, part, source, top, None)

    def _upsert(self, places, position, entry: EntryIn, source: Source, parent, rank) -> Priority:
        priority = places.get(position)
        wanted = {"text": entry.text, "rank": rank, "dots": entry.dots}
        if priority is None:
            priority = Priority(
                municipality_id=source.municipality_id, source=source, parent=parent, position=position, **wanted
            )
            places[position] = priority
            (self.new_parts if parent else self.new_tops).append(priority)
            self.w.summary.created += 1
        else:
            self.w.track(priority, self.changed, wanted)
        themes = [t for c in entry.classifications for t in self.w.targets.resolve(c, entry.text, True)[1]]
        had = self.had_themes.get(priority.pk, set()) if priority.pk else set()
        planned = self.new_themes.setdefault(id(priority), (priority, []))[1]
        for theme in themes:  # added, never removed: other versions' themes stay
            if theme.pk not in had and theme not in planned:
                planned.append(theme)
        return priority

    def _link_needs(self, municipality_ids: set[int]) -> None:
        """Link each unlinked top-level priority to its municipality's need with the very
        same text (case and spacing aside); nothing looser, so no match is invented. The
        needs are as this import leaves them: stored ones with their new texts, then new
        ones in the document's order."""
        if not self.unlinked:
            return
        planned = self.w.items
        stored = Item.objects.needs().filter(municipality_id__in=municipality_ids, parent__isnull=True)
        candidates = [planned.loaded.get(need.pk, need) for need in stored]
        candidates += [i for i in planned.new_tops if i.kind == Kind.NEED and i.municipality_id in municipality_ids]
        needs: dict[tuple, Item] = {}
        for need in candidates:
            needs.setdefault((need.municipality_id, normalise(need.text)), need)
        for priority in self.unlinked:
            need = needs.get((priority.municipality_id, normalise(priority.text)))
            if need is None:
                continue
            if priority.pk is not None:
                self.changed.setdefault(id(priority), (copy.copy(priority), priority))
            priority.need = need

    def save(self) -> None:
        audit = self.w.audit
        Priority.objects.bulk_create(self.new_tops)
        Priority.objects.bulk_create(self.new_parts)
        created = {id(p) for p in (*self.new_tops, *self.new_parts)}
        changed = list(self.changed.values())
        Priority.objects.bulk_update([row for _old, row in changed], ["text", "rank", "dots", "need"])
        audit.updated(changed)
        added = [(p, themes) for p, themes in self.new_themes.values() if themes]
        Priority.themes.through.objects.bulk_create(
            [Priority.themes.through(priority_id=p.pk, theme_id=t.pk) for p, themes in added for t in themes]
        )
        themes_of = {id(p): themes for p, themes in added}
        audit.created(  # a new priority's row names its themes too
            [*self.new_tops, *self.new_parts],
            extra=lambda p: (
                {"teman": ["None", ", ".join(t.name for t in themes_of[id(p)])]} if id(p) in themes_of else {}
            ),
        )
        for priority, themes in added:
            if id(priority) not in created:
                audit.m2m_added(priority, "themes", themes)
