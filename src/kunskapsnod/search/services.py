"""Writes of the search index (derived data) and of the synonym list.

The mapping and knowledge services call ``reindex_*`` and ``remove_*`` inside their own
transactions, so an edit is searchable, on every app server, as soon as it commits, and a
write that rolls back leaves the index as it was. The index is derived data and holds
nothing a person wrote that is not also in the indexed row, so these functions check no
permission: whoever may write the row may refresh its index entry. ``reindex_all``
rebuilds everything (the ``reindex_search`` command, ``setup_demo``); it is idempotent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from kunskapsnod.accounts.models import User
from kunskapsnod.knowledge.markdown import markdown_to_lines
from kunskapsnod.knowledge.models import Entry, Status
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import Classification, Item, Priority
from kunskapsnod.regions.models import Membership
from kunskapsnod.regions.permissions import require_node_staff
from kunskapsnod.search.analysis import search_terms
from kunskapsnod.search.models import (
    Document,
    DocumentKind,
    Posting,
    Source,
    Statistic,
    Synonym,
    TermStatistic,
    Visibility,
)
from kunskapsnod.text import clean_text

# Terms longer than the column are cut; a 60-letter word is noise anyway.
TERM_MAX = 60
# How much a word weighs by where it stands: a title word counts more than a body word.
TITLE_WEIGHT = 3.0
SUMMARY_WEIGHT = 1.5


class SearchError(ValueError):
    """A synonym that cannot be saved; the message says why, in Swedish."""


@dataclass
class _Doc:
    """A document before it is saved: its row and its weighted texts."""

    row: Document
    fields: list[tuple[str, float]] = field(default_factory=list)


def _ids(values: Iterable[int | None]) -> str:
    unique = sorted({v for v in values if v is not None})
    return f",{','.join(map(str, unique))}," if unique else ""


def _associations(municipality_ids: Iterable[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    links = Membership.objects.filter(member_id__in=list(municipality_ids)).values_list("member_id", "association_id")
    for member, association in links:
        found.setdefault(member, []).append(association)
    return found


# --- documents of each source -------------------------------------------------------


def _item_docs(items: list[Item]) -> list[_Doc]:
    model = latest_model()
    classifications = {
        c.item_id: c
        for c in Classification.objects.current()
        .filter(item__in=items, model=model)
        .prefetch_related("themes")
        .only("item_id", "level_id")
    }
    associations = _associations({i.municipality_id for i in items})
    docs = []
    for item in items:
        classification = classifications.get(item.pk)
        parts = [part.text for part in item.parts.all()]
        row = Document(
            source=Source.ITEM,
            object_id=item.pk,
            kind=item.kind,
            title=item.text[:300],
            text="\n".join([item.text, *parts]),
            url=item.get_absolute_url(),
            municipality_id=item.municipality_id,
            municipalities=_ids([item.municipality_id]),
            associations=_ids(associations.get(item.municipality_id, [])),
            themes=_ids(t.pk for t in classification.themes.all()) if classification else "",
            level_id=classification.level_id if classification else None,
            target=item.target_age,
            year=(item.source.date if item.source else item.created_at).year,
            visibility=Visibility.SIGNED_IN,
        )
        docs.append(_Doc(row, [(item.text, 1.0), *((part, 1.0) for part in parts)]))
    return docs


def _priority_docs(priorities: list[Priority]) -> list[_Doc]:
    model = latest_model()
    associations = _associations({p.municipality_id for p in priorities})
    docs = []
    for priority in priorities:
        parts = [part.text for part in priority.parts.all()]
        row = Document(
            source=Source.PRIORITY,
            object_id=priority.pk,
            kind=DocumentKind.PRIORITY,
            title=priority.text[:300],
            text="\n".join([priority.text, *parts]),
            url=reverse("mapping:municipality", args=[priority.municipality.slug]),
            municipality_id=priority.municipality_id,
            municipalities=_ids([priority.municipality_id]),
            associations=_ids(associations.get(priority.municipality_id, [])),
            themes=_ids(t.pk for t in priority.themes.all() if t.model_id == getattr(model, "pk", None)),
            year=priority.source.date.year,
            visibility=Visibility.SIGNED_IN,
        )
        docs.append(_Doc(row, [(priority.text, 1.0), *((part, 1.0) for part in parts)]))
    return docs


def _entry_docs(entries: list[Entry]) -> list[_Doc]:
    model = latest_model()
    docs = []
    for entry in entries:
        involved = [m.pk for m in entry.municipalities.all()]
        owner_is_municipality = entry.owner.is_municipality
        municipalities = [entry.owner_id, *involved] if owner_is_municipality else involved
        associations = [a for ids in _associations(municipalities).values() for a in ids]
        if entry.owner.is_association:
            associations.append(entry.owner_id)
        # The body is Markdown: the index and its snippets hold the words a reader sees,
        # not the asterisks and link targets of the source.
        body = markdown_to_lines(entry.body)
        texts = [entry.summary, body, entry.target_group, entry.goals, entry.results, entry.funder]
        published = entry.status == Status.PUBLISHED
        row = Document(
            source=Source.ENTRY,
            object_id=entry.pk,
            kind=entry.kind,
            title=entry.title[:300],
            text="\n".join(t for t in texts if t),
            url=entry.get_absolute_url(),
            municipality_id=entry.owner_id if owner_is_municipality else None,
            municipalities=_ids(municipalities),
            associations=_ids(associations),
            themes=_ids(t.pk for t in entry.themes.all() if t.model_id == getattr(model, "pk", None)),
            level_id=entry.level_id if entry.level and entry.level.model_id == getattr(model, "pk", None) else None,
            target=entry.target_age,
            year=(entry.published_at or entry.created_at).year,
            visibility=Visibility.PUBLIC if published else Visibility.OWNER,
            owner_id=entry.owner_id,
        )
        weighted = [(entry.title, TITLE_WEIGHT), (entry.summary, SUMMARY_WEIGHT)]
        docs.append(_Doc(row, weighted + [(t, 1.0) for t in texts[1:] if t]))
    return docs


# --- writing documents and postings ----------------------------------------------------


def _terms(doc: _Doc) -> dict[str, float]:
    """The document's terms with their weighted frequencies; sets its length."""
    counts: dict[str, float] = {}
    length = 0.0
    for text, weight in doc.fields:
        for term, is_part in search_terms(clean_text(text)):
            counts[term[:TERM_MAX]] = counts.get(term[:TERM_MAX], 0.0) + weight
            length += 0 if is_part else weight
    doc.row.length = max(1, round(length))
    return counts


# Postings go in with plain executemany: building ~20 model instances per document for
# bulk_create cost four times the analysis itself.
_INSERT = (
    "INSERT INTO search_posting (term, document_id, frequency, impact, length, visibility, owner_id) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s)"
)
# The average length the impact order assumes (see Posting.impact); ranking itself uses the
# real average of what the user may see.
IMPACT_LENGTH = 20.0


def impact(frequency: float, length: int) -> float:
    return frequency / (frequency + 1.2 * (0.25 + 0.75 * length / IMPACT_LENGTH))


def _count(rows: Iterable[tuple[int, int | None, int]], sign: int) -> None:
    """Add (or with sign -1 take away) documents of (visibility, owner, length) to the
    statistics."""
    totals: dict[tuple[int, int], list[int]] = {}
    for visibility, owner, length in rows:
        total = totals.setdefault((visibility, owner or 0), [0, 0])
        total[0] += sign
        total[1] += sign * length
    for (visibility, owner), (documents, length) in sorted(totals.items()):
        Statistic.objects.get_or_create(visibility=visibility, owner_id=owner)
        Statistic.objects.filter(visibility=visibility, owner_id=owner).update(
            documents=F("documents") + documents, length=F("length") + length
        )


# Adds to a term's document frequency; keys sorted, so concurrent writers lock the rows in
# the same order and cannot deadlock.
_UPSERT_TERM = (
    "INSERT INTO search_termstatistic (term, visibility, owner_id, documents) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (term, visibility, owner_id) DO UPDATE SET documents = search_termstatistic.documents + %s"
)


def _count_terms(rows: Iterable[tuple[str, int, int | None]], sign: int) -> None:
    """Add (or take away) one document per (term, visibility, owner) row."""
    totals: Counter[tuple[str, int, int]] = Counter()
    for term, visibility, owner in rows:
        totals[(term, visibility, owner or 0)] += sign
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT_TERM, [(*key, n, n) for key, n in sorted(totals.items())])


def _delete(documents: QuerySet[Document]) -> None:
    """Delete documents (their postings go with them) and count them out."""
    found = list(documents.values_list("pk", "visibility", "owner_id", "length"))
    if not found:
        return
    _count(((visibility, owner, length) for _pk, visibility, owner, length in found), -1)
    for start in range(0, len(found), 500):
        ids = [row[0] for row in found[start : start + 500]]
        _count_terms(Posting.objects.filter(document__in=ids).values_list("term", "visibility", "owner_id"), -1)
        Document.objects.filter(pk__in=ids).delete()


def _replace(source: str, object_ids: Iterable[int], docs: list[_Doc]) -> int:
    """Swap the documents of these objects for ``docs`` (bulk, in one transaction)."""
    ids = list(object_ids)
    for start in range(0, len(ids), 500):
        _delete(Document.objects.filter(source=source, object_id__in=ids[start : start + 500]))
    terms_of = [_terms(doc) for doc in docs]
    Document.objects.bulk_create([doc.row for doc in docs], batch_size=500)
    _count(((d.row.visibility, d.row.owner_id, d.row.length) for d in docs), 1)
    rows = [
        (
            term,
            doc.row.pk,
            frequency,
            impact(frequency, doc.row.length),
            doc.row.length,
            doc.row.visibility,
            doc.row.owner_id,
        )
        for doc, terms in zip(docs, terms_of, strict=True)
        for term, frequency in terms.items()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(_INSERT, rows[start : start + 5000])
    _count_terms(((row[0], row[5], row[6]) for row in rows), 1)
    return len(docs)


def _item_rows(ids: Iterable[int]) -> list[Item]:
    return list(
        Item.objects.filter(pk__in=list(ids), parent__isnull=True)
        .select_related("source")
        .prefetch_related("parts")
        .order_by("pk")
    )


def _top_item_ids(items: Iterable[Item | int]) -> set[int]:
    """The top-level items of these items: a part is indexed with its parent."""
    ids = {i if isinstance(i, int) else i.pk for i in items}
    rows = Item.objects.filter(pk__in=ids).values_list("pk", "parent_id")
    return {parent or pk for pk, parent in rows} | (ids - {pk for pk, _parent in rows})


@transaction.atomic
def reindex_items(items: Iterable[Item | int]) -> int:
    """(Re)index interventions and needs (a part re-indexes its parent); items that no
    longer exist leave the index."""
    ids = _top_item_ids(items)
    return _replace(Source.ITEM, ids, _item_docs(_item_rows(ids)))


def reindex_item(item: Item | int) -> int:
    return reindex_items([item])


@transaction.atomic
def remove_items(item_ids: Iterable[int]) -> None:
    _delete(Document.objects.filter(source=Source.ITEM, object_id__in=list(item_ids)))


@transaction.atomic
def reindex_priorities(priorities: Iterable[Priority | int]) -> int:
    """(Re)index priorities (a part re-indexes its parent)."""
    ids = {p if isinstance(p, int) else p.pk for p in priorities}
    rows = Priority.objects.filter(pk__in=ids).values_list("pk", "parent_id")
    top = {parent or pk for pk, parent in rows} | (ids - {pk for pk, _parent in rows})
    found = list(
        Priority.objects.filter(pk__in=top, parent__isnull=True)
        .select_related("source", "municipality")
        .prefetch_related("parts", "themes")
        .order_by("pk")
    )
    return _replace(Source.PRIORITY, top, _priority_docs(found))


@transaction.atomic
def remove_priorities(priority_ids: Iterable[int]) -> None:
    _delete(Document.objects.filter(source=Source.PRIORITY, object_id__in=list(priority_ids)))


@transaction.atomic
def reindex_entries(entries: Iterable[Entry | int]) -> int:
    """(Re)index knowledge-bank entries: published ones for everyone, the rest for those
    who may change the owner (the rule of ``Entry.objects.visible_to``)."""
    ids = {e if isinstance(e, int) else e.pk for e in entries}
    found = list(
        Entry.objects.filter(pk__in=ids)
        .select_related("owner", "level")
        .prefetch_related("themes", "municipalities")
        .order_by("pk")
    )
    return _replace(Source.ENTRY, ids, _entry_docs(found))


def reindex_entry(entry: Entry | int) -> int:
    return reindex_entries([entry])


@transaction.atomic
def remove_entry(entry_id: int) -> None:
    _delete(Document.objects.filter(source=Source.ENTRY, object_id=entry_id))


@transaction.atomic
def reindex_municipalities(municipality_ids: Iterable[int]) -> int:
    """(Re)index every intervention, need and priority of these municipalities, and drop
    the documents of rows that are gone (the bulk importer's call)."""
    ids = list(municipality_ids)
    mapping = [Source.ITEM, Source.PRIORITY]
    _delete(Document.objects.filter(source__in=mapping, municipality_id__in=ids))
    items = Item.objects.filter(municipality_id__in=ids, parent__isnull=True).values_list("pk", flat=True)
    priorities = Priority.objects.filter(municipality_id__in=ids, parent__isnull=True).values_list("pk", flat=True)
    return reindex_items(items) + reindex_priorities(priorities)


@dataclass
class ReindexSummary:
    items: int
    priorities: int
    entries: int

    def __str__(self) -> str:
        return _(
            "%(items)s insatser och behov, %(priorities)s prioriteringar och %(entries)s poster i kunskapsbanken"
        ) % {
            "items": self.items,
            "priorities": self.priorities,
            "entries": self.entries,
        }


@transaction.atomic
def reindex_all() -> ReindexSummary:
    """Rebuild the whole index from the rows (idempotent)."""
    Posting.objects.all().delete()
    Document.objects.all().delete()
    Statistic.objects.all().delete()
    TermStatistic.objects.all().delete()
    items = reindex_items(Item.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    priorities = reindex_priorities(Priority.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    entries = reindex_entries(Entry.objects.values_list("pk", flat=True))
    return ReindexSummary(items, priorities, entries)


# --- the synonym list ------------------------------------------------------------------


@transaction.atomic
def save_synonym(*, actor: User, synonym: Synonym) -> Synonym:
    """Add or change an abbreviation or synonym (node staff and administrators). It counts
    from the next query, on every server; the index is not touched."""
    require_node_staff(actor, what="synonymlistan")
    synonym.term = clean_text(synonym.term or "").strip()
    synonym.meaning = clean_text(synonym.meaning or "").strip()
    if not search_terms(synonym.term):
        raise SearchError(_("Ordet måste innehålla bokstäver eller siffror."))
    if not any(search_terms(meaning) for meaning in synonym.meaning.split(";")):
        raise SearchError(_("Betydelsen måste innehålla bokstäver eller siffror."))
    clash = Synonym.objects.filter(term__iexact=synonym.term).exclude(pk=synonym.pk)
    if clash.exists():
        raise SearchError(_("%(term)s finns redan i listan.") % {"term": synonym.term})
    synonym.full_clean()
    synonym.save()
    return synonym


@transaction.atomic
def delete_synonym(*, actor: User, synonym: Synonym) -> None:
    require_node_staff(actor, what="synonymlistan")
    synonym.delete()
