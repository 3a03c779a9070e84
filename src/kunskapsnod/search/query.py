"""Answering a query: analysis, synonyms, BM25 over postings read best first, facets,
snippets (docs/search.md tells the whole story).

A query is analysed like the documents (kunskapsnod.search.analysis). Each query word
becomes weighted terms: its folded stem (1.0), its stem as typed with å/ä/ö (a bonus, so
exact spellings rank first) and its compound parts (the head 0.5, the others 0.25, so
"skolfrånvaro" also finds "frånvaro i skolan", below the documents with the whole word).
Abbreviations and synonyms from the staff's list add the other side's terms.

Ranking is Okapi BM25 (k1 = 1.2, b = 0.75) over the documents the user may see, with the
corpus statistics and document frequencies of what they may see read from the statistics
tables, computed in Python over postings fetched through a covering index in impact
order — the same on SQLite and PostgreSQL; ties go to the older document.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kunskapsnod.regions.permissions import writable_organisations
from kunskapsnod.search.analysis import Word, search_terms, words
from kunskapsnod.search.analysis import fold_term as fold
from kunskapsnod.search.models import Document, Synonym, Visibility

K1 = 1.2
B = 0.75
PART_WEIGHT = 0.5
EXACT_WEIGHT = 0.3
SYNONYM_WEIGHT = 0.5
# A document matching some of a query's words scores this share of its BM25 plus the
# rest in proportion to the words it matches.
COORDINATION = 0.3
# Longer queries are cut here (and the page says so): no one types more, and a
# 10,000-character query would otherwise become thousands of terms.
MAX_QUERY_CHARS = 200
MAX_TERMS = 40
# The best TOP matches are ranked (the pages go that deep) and their facets counted. A
# query reads about BUDGET postings, each term between MIN_PER_TERM and PER_TERM of its
# best (by impact) as its weight allows; when a term had more, the best RESCORE
# candidates are scored again over all their postings. Totals are counted to COUNT_CAP.
TOP = 1000
PER_TERM = 1000
MIN_PER_TERM = 100
BUDGET = 3000
COUNT_CAP = 10_000
RESCORE = 200
FACETS = ("kind", "theme", "level", "municipality", "association", "target", "year")
# Facets stored as ",id,id," lists, and the Document column of each facet.
LIST_FACETS = {"theme": "themes", "municipality": "municipalities", "association": "associations"}
COLUMNS = {"kind": "kind", "level": "level_id", "target": "target", "year": "year", **LIST_FACETS}


@dataclass
class Hit:
    document: Document
    score: float
    snippet: SafeString = field(default_factory=lambda: SafeString(""))
    heading: SafeString = field(default_factory=lambda: SafeString(""))


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, Counter] = field(default_factory=dict)
    truncated: bool = False
    # Why nothing was searched: "empty" (no query) or "no_words" (only punctuation or
    # function words); None when the query was run.
    problem: str | None = None
    terms: set[str] = field(default_factory=set)
    # More than COUNT_CAP matches (total is COUNT_CAP), and facets counted over the best
    # TOP only.
    capped: bool = False
    sampled: bool = False


@dataclass
class _Terms:
    """A query's terms: weight of each, and the query word each stands for (``ALL``: a
    synonym standing for the whole query), so documents matching more of the query's
    words rank higher."""

    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    groups: dict[str, int] = field(default_factory=dict)
    words: int = 0

    def add(self, term: str, weight: float, group: int) -> None:
        self.weights[term] += weight
        self.groups.setdefault(term, group)


ALL = -1


def _weighted_terms(text: str, synonyms: list[tuple[str, str]]) -> _Terms:
    found = _Terms()
    query_words = words(text)
    for group, word in enumerate(query_words):
        found.add(fold(word.stem), 1.0, group)
        if fold(word.stem) != word.stem:
            found.add(word.stem, EXACT_WEIGHT, group)
        # The last part is the compound's head ("frånvaro" in "skolfrånvaro"), what the
        # word is about; the others only narrow it.
        for index, part in enumerate(word.parts):
            found.add(fold(part), PART_WEIGHT if index == len(word.parts) - 1 else PART_WEIGHT / 2, group)
    found.words = len(query_words)
    _expand(found, query_words, synonyms)
    kept = sorted(found.weights.items(), key=lambda kv: -kv[1])[:MAX_TERMS]
    found.weights = dict(kept)
    return found


def _expand(found: _Terms, query_words: list[Word], synonyms: list[tuple[str, str]]) -> None:
    """Terms added by the synonym list: a query holding one side gets the other sides'.
    From an abbreviation to its meaning, each word of the meaning weighs a share; from a
    whole meaning ("samordnad individuell plan") to the abbreviation, the abbreviation
    stands for all those words."""
    have = {fold(w.stem): group for group, w in enumerate(query_words)}
    for term, meanings in synonyms:
        sides = [term, *(m for m in meanings.split(";") if m.strip())]
        side_terms = [_whole_terms(side) for side in sides]
        matched = next((terms for terms in side_terms if terms and set(terms) <= set(have)), None)
        if matched is None:
            continue
        group = have[matched[0]] if len(matched) == 1 else ALL
        for side, own in zip(sides, side_terms, strict=True):
            if own == matched:
                continue
            terms = _folded_terms(side)
            whole = sum(1 for _t, is_part in terms if not is_part) or 1
            for t, is_part in terms:
                if whole == 1 and not is_part:
                    found.add(t, SYNONYM_WEIGHT * len(matched) ** 0.5 * 2, group)
                else:
                    found.add(t, SYNONYM_WEIGHT * (PART_WEIGHT if is_part else 1.0) / whole**0.5, group)


@functools.lru_cache(maxsize=4096)
def _folded_terms(side: str) -> list[tuple[str, bool]]:
    """A synonym side's folded terms (analysed once per process: the list is read on every
    query, and an edited side is a new string)."""
    return [(t, is_part) for t, is_part in search_terms(side) if t == fold(t)]


@functools.lru_cache(maxsize=4096)
def _whole_terms(side: str) -> list[str]:
    return [t for t, is_part in _folded_terms(side) if not is_part]


def _visibility(user) -> tuple[str, list[Any]]:
    if not getattr(user, "is_authenticated", False):
        return "visibility = %s", [Visibility.PUBLIC]
    if user.is_administrator:
        return "visibility <= %s", [Visibility.OWNER]
    owners = list(writable_organisations(user).values_list("pk", flat=True))
    if not owners:
        return "visibility <= %s", [Visibility.SIGNED_IN]
    marks = ",".join(["%s"] * len(owners))
    return f"(visibility <= %s OR (visibility = %s AND owner_id IN ({marks})))", [
        Visibility.SIGNED_IN,
        Visibility.OWNER,
        *owners,
    ]


def _facet_filter(filters: dict[str, list]) -> tuple[str, list[Any]]:
    """SQL over search_document for the chosen facets: values of one facet are
    alternatives (OR), different facets narrow (AND)."""
    clauses, params = [], []
    for name, values in filters.items():
        if not values or name not in COLUMNS:
            continue
        column = COLUMNS[name]
        if name in LIST_FACETS:
            clauses.append("(" + " OR ".join([f"{column} LIKE %s"] * len(values)) + ")")
            params += [f"%,{int(v)},%" for v in values]
        else:
            clauses.append(f"{column} IN ({','.join(['%s'] * len(values))})")
            params += list(values)
    if not clauses:
        return "", []
    return " AND document_id IN (SELECT id FROM search_document WHERE " + " AND ".join(clauses) + ")", params  # noqa: S608


def search(user, text: str, *, filters: dict[str, list] | None = None, offset: int = 0, limit: int = 20) -> Results:
    """The documents ``user`` may see that match ``text``, best first, with the facet
    counts of all matches (``filters`` narrow them: facet name → chosen values)."""
    text = " ".join((text or "").split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    if not text:
        return Results(text, [], 0, problem="empty")
    synonyms = list(Synonym.objects.values_list("term", "meaning"))
    terms = _weighted_terms(text, synonyms)
    if not terms.weights:
        return Results(text, [], 0, truncated=truncated, problem="no_words")
    visible, visible_params = _visibility(user)
    narrow, narrow_params = _facet_filter(filters or {})
    with connection.cursor() as cursor:
        ranked = _run(cursor, terms, (narrow, narrow_params), (visible, visible_params), offset, limit)
    documents = Document.objects.select_related("municipality").in_bulk([doc_id for doc_id, _score in ranked.page])
    query_terms = set(terms.weights)
    hits = []
    for doc_id, score in ranked.page:
        if doc_id in documents:
            heading, shown = present(documents[doc_id], query_terms)
            hits.append(Hit(documents[doc_id], score, shown, heading))
    return Results(
        text,
        hits,
        ranked.total,
        ranked.facets,
        truncated=truncated,
        terms=query_terms,
        capped=ranked.capped,
        sampled=ranked.sampled,
    )


def _run(cursor, terms: _Terms, narrow, visible, offset, limit) -> _Ranked:
    """Rank what the user may see: corpus statistics and document frequencies from the
    statistics tables, each term's postings in impact order (all of them, or its best
    PER_TERM when it is that common), BM25 in Python over them, the best RESCORE scored
    again over all their postings when a term was cut, the total and the facet counts."""
    marks = ",".join(["%s"] * len(terms.weights))
    cursor.execute(
        f"SELECT NULL, SUM(documents), SUM(length) FROM search_statistic WHERE {visible[0]} UNION ALL "  # noqa: S608
        f"SELECT term, SUM(documents), NULL FROM search_termstatistic WHERE term IN ({marks}) AND {visible[0]} "
        "GROUP BY term",
        [*visible[1], *terms.weights, *visible[1]],
    )
    rows = cursor.fetchall()
    count, total_length = next((n, length) for term, n, length in rows if term is None)
    if not count:
        return _Ranked()
    df = {term: int(n) for term, n, _length in rows if term is not None and n}
    present = [term for term in terms.weights if term in df]
    if not present:
        return _Ranked()
    bm25 = _BM25(terms, df, int(count), float(total_length or 1) / int(count))
    limits = bm25.limits(present)
    per_term = (
        "SELECT * FROM (SELECT term, document_id, frequency, length FROM search_posting WHERE term = %s "  # noqa: S608
        f"AND {visible[0]}{narrow[0]} ORDER BY impact DESC, document_id LIMIT %s) AS t"
    )
    cursor.execute(
        " UNION ALL ".join(f"{per_term}{i}" for i in range(len(present))),
        [v for term in present for v in (term, *visible[1], *narrow[1], limits[term])],
    )
    rows = cursor.fetchall()
    read = Counter(row[0] for row in rows)
    cut = any(read[term] == limits[term] for term in present)
    bm25.score(rows)
    order = sorted(bm25.scores, key=lambda doc: (-bm25.scores[doc], doc))
    total = len(order)
    if cut:
        order = _rescore(cursor, bm25, present, order)
        total = _count_matches(cursor, present, df, narrow, visible)
    ranked = [(doc, bm25.scores[doc]) for doc in order[:TOP]]
    facets = _count_facets(cursor, [doc for doc, _score in ranked])
    return _Ranked(ranked[offset : offset + limit], min(total, COUNT_CAP), total > COUNT_CAP, total > TOP, facets)


def _rescore(cursor, bm25: _BM25, present: list[str], order: list[int]) -> list[int]:
    """The best RESCORE candidates scored over all their postings of the query's terms
    (a candidate found through one term may hold another beyond that term's cut)."""
    best = order[:RESCORE]
    cursor.execute(
        "SELECT term, document_id, frequency, length FROM search_posting WHERE document_id IN "  # noqa: S608
        f"({','.join(['%s'] * len(best))}) AND term IN ({','.join(['%s'] * len(present))})",
        [*best, *present],
    )
    exact = bm25.score(cursor.fetchall())
    return sorted(best, key=lambda doc: (-exact.get(doc, 0), doc)) + order[RESCORE:]


def _count_matches(cursor, present: list[str], df: dict[str, int], narrow, visible) -> int:
    """How many documents match, counted up to COUNT_CAP + 1."""
    if not narrow[0] and max(df.values()) > COUNT_CAP:
        return COUNT_CAP + 1
    if not narrow[0] and len(present) == 1:
        return df[present[0]]
    cursor.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT document_id FROM search_posting WHERE term IN "  # noqa: S608
        f"({','.join(['%s'] * len(present))}) AND {visible[0]}{narrow[0]} LIMIT {COUNT_CAP + 1}) AS matches",
        [*present, *visible[1], *narrow[1]],
    )
    return cursor.fetchone()[0]


class _BM25:
    """Okapi BM25 with the query's weights, times the share of the query's words a
    document matches (for queries of several words). ``scores`` keeps every document
    scored so far; ``score`` returns the scores of the rows given."""

    def __init__(self, terms: _Terms, df: dict[str, int], count: int, average: float) -> None:
        self.terms = terms
        self.factor = {
            term: terms.weights[term] * math.log(1 + (count - n + 0.5) / (n + 0.5)) * (K1 + 1) for term, n in df.items()
        }
        self.constant, self.per_length = K1 * (1 - B), K1 * B / average
        self.scores: dict[int, float] = {}

    def limits(self, present: list[str]) -> dict[str, int]:
        """How many postings of each term to read: a share of BUDGET by what the term can
        add to a score (its weight times idf), at least MIN_PER_TERM, at most PER_TERM. A
        common part or synonym word can add little and is read least."""
        total = sum(self.factor[term] for term in present) or 1
        return {term: max(MIN_PER_TERM, min(PER_TERM, round(BUDGET * self.factor[term] / total))) for term in present}

    def score(self, rows) -> dict[int, float]:
        sums: dict[int, float] = defaultdict(float)
        matched: dict[int, set[int]] = defaultdict(set)
        for term, doc, frequency, length in rows:
            sums[doc] += self.factor[term] * frequency / (frequency + self.constant + self.per_length * length)
            matched[doc].add(self.terms.groups[term])
        words = self.terms.words
        if words > 1:
            for doc, groups in matched.items():
                share = 1.0 if ALL in groups else min(len(groups), words) / words
                sums[doc] *= COORDINATION + (1 - COORDINATION) * share
        self.scores.update(sums)
        return dict(sums)


@dataclass
class _Ranked:
    page: list[tuple[int, float]] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    sampled: bool = False
    facets: dict[str, Counter] = field(default_factory=dict)


# SQLite looks rows up by id in the table (with their texts) unless told to read the
# covering index, four times faster; PostgreSQL's planner finds the index-only scan itself.
_FACET_INDEX = defaultdict(str, sqlite=" INDEXED BY search_document_facet_values")


def _count_facets(cursor, ids: list[int]) -> dict[str, Counter]:
    """The facet values of these documents, counted."""
    facets: dict[str, Counter] = {name: Counter() for name in FACETS}
    if not ids:
        return facets
    cursor.execute(
        "SELECT kind, themes, level_id, municipalities, associations, target, year, COUNT(*) "  # noqa: S608
        f"FROM search_document{_FACET_INDEX[connection.vendor]} WHERE id IN ({','.join(['%s'] * len(ids))}) "
        "GROUP BY kind, themes, level_id, municipalities, associations, target, year",
        ids,
    )
    for kind, themes, level, municipalities, associations, target, year, n in cursor.fetchall():
        facets["kind"][kind] += n
        for name, listed in (("theme", themes), ("municipality", municipalities), ("association", associations)):
            for value in filter(None, listed.split(",")):
                facets[name][int(value)] += n
        if level is not None:
            facets["level"][level] += n
        if target:
            facets["target"][target] += n
        if year is not None:
            facets["year"][year] += n
    return facets


# --- snippets ----------------------------------------------------------------------------

SNIPPET_WORDS = 30
SNIPPET_SOURCE = 5000
# A hit's heading shows this much of its title.
TITLE_CHARS = 160


def present(document: Document, query_terms: set[str]) -> tuple[SafeString, SafeString]:
    """A hit's heading (its title, cut at TITLE_CHARS) and snippet, escaped, the snippet's
    words matching the query in <mark>. An item's or a priority's title is the beginning of
    its text: there the heading is the snippet (marked as well) and what follows continues
    where it stops (the item's parts, the rest of a long text), or is empty, so nothing
    shows twice. An entry's title is its own text, shown as written."""
    title = document.title
    shown = title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1].rstrip()
    ellipsis = "…" if shown != title else ""
    text = document.text or ""
    if not (shown and text.startswith(shown)):
        return SafeString(escape(shown) + ellipsis), snippet(document, query_terms)
    heading = mark_safe(highlight(shown, query_terms, size=None) + ellipsis)  # noqa: S308 (escaped by highlight)
    rest = text[len(shown) :][:SNIPPET_SOURCE]
    if not rest.strip():
        return heading, SafeString("")
    body = highlight(rest.strip(), query_terms)
    if not rest.startswith("\n") and not body.startswith("…"):
        body = mark_safe("… " + body)  # noqa: S308 (escaped by highlight)
    return heading, body


def snippet(document: Document, query_terms: set[str], *, size: int = SNIPPET_WORDS) -> SafeString:
    """A piece of the document's text around its best run of matching words, escaped,
    with those words in <mark>."""
    # The best run is looked for in the first SNIPPET_SOURCE characters: a 50,000-character
    # body would cost more than the query.
    return highlight((document.text or document.title)[:SNIPPET_SOURCE], query_terms, size=size)


def highlight(text: str, query_terms: set[str], *, size: int | None = SNIPPET_WORDS) -> SafeString:
    """``text`` escaped, the window of ``size`` words (all of them: None) holding the most
    words matching the query, those in <mark>; … where the window cuts the text."""
    found = words(text)
    size = len(found) if size is None else size
    matches = [i for i, w in enumerate(found) if _matches(w, query_terms)]
    if not found:
        return SafeString(escape(text[:300]))
    start = 0
    if matches:
        # The window of `size` words holding the most matches.
        best = max(matches, key=lambda i: sum(1 for j in matches if i <= j < i + size))
        start = max(0, min(best - 3, len(found) - size))
    window = found[start : start + size]
    begin = 0 if start == 0 else window[0].start
    end = len(text) if start + size >= len(found) else window[-1].end
    pieces, cursor = [], begin
    for word in window:
        if _matches(word, query_terms):
            pieces += [escape(text[cursor : word.start]), "<mark>", escape(text[word.start : word.end]), "</mark>"]
            cursor = word.end
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces).replace("\n", " · ") + suffix)  # noqa: S308 (escaped above)


def _matches(word: Word, query_terms: set[str]) -> bool:
    return fold(word.stem) in query_terms or any(fold(part) in query_terms for part in word.parts)
