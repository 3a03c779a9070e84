"""Answering a query: analysis, synonyms, BM25 in SQL, facets, snippets.

A query is analysed like the documents (kunskapsnod.search.analysis). Each query word
becomes weighted terms: its folded stem (1.0), its stem as typed with å/ä/ö (a bonus, so
exact spellings rank first) and its compound parts (0.5 each, so "skolfrånvaro" also finds
"frånvaro i skolan", below the documents with the whole word). Abbreviations and synonyms
from the staff's list add the other side's terms at half weight.

Ranking is Okapi BM25 (k1 = 1.2, b = 0.75) over the documents the user may see, computed
by the database in one grouped query over the postings' covering index, with the same
SQL (CASE for the weights, no extensions) on SQLite and PostgreSQL; ties go to the older
document. The facet counts and the total come from one more grouped query.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kunskapsnod.regions.permissions import writable_organisations
from kunskapsnod.search.analysis import Word, fold, search_terms, words
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
FACETS = ("kind", "theme", "level", "municipality", "association", "target", "year")
# Facets stored as ",id,id," lists, and the Document column of each facet.
LIST_FACETS = {"theme": "themes", "municipality": "municipalities", "association": "associations"}
COLUMNS = {"kind": "kind", "level": "level_id", "target": "target", "year": "year", **LIST_FACETS}


@dataclass
class Hit:
    document: Document
    score: float
    snippet: SafeString = field(default_factory=lambda: SafeString(""))


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
        side_terms = [[t for t, is_part in search_terms(side) if not is_part and t == fold(t)] for side in sides]
        matched = next((terms for terms in side_terms if terms and set(terms) <= set(have)), None)
        if matched is None:
            continue
        group = have[matched[0]] if len(matched) == 1 else ALL
        for side, own in zip(sides, side_terms, strict=True):
            if own == matched:
                continue
            terms = [(t, is_part) for t, is_part in search_terms(side) if t == fold(t)]
            whole = sum(1 for _t, is_part in terms if not is_part) or 1
            for t, is_part in terms:
                if whole == 1 and not is_part:
                    found.add(t, SYNONYM_WEIGHT * len(matched) ** 0.5 * 2, group)
                else:
                    found.add(t, SYNONYM_WEIGHT * (PART_WEIGHT if is_part else 1.0) / whole**0.5, group)


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
    marks = ",".join(["%s"] * len(terms.weights))
    base = (f"term IN ({marks}) AND {visible}", [*terms.weights, *visible_params])
    with connection.cursor() as cursor:
        ranked, total, facets = _run(
            cursor, terms, base, (narrow, narrow_params), (visible, visible_params), offset, limit
        )
    documents = Document.objects.select_related("municipality").in_bulk([doc_id for doc_id, _score in ranked])
    query_terms = set(terms.weights)
    hits = [
        Hit(documents[doc_id], score, snippet(documents[doc_id], query_terms))
        for doc_id, score in ranked
        if doc_id in documents
    ]
    return Results(text, hits, total, facets, truncated=truncated, terms=query_terms)


def _run(cursor, terms: _Terms, base, narrow, visible, offset, limit):
    """Corpus statistics and document frequencies of what the user may see, then the
    ranked page, then the facet counts."""
    cursor.execute(f"SELECT COUNT(*), AVG(length) FROM search_document WHERE {visible[0]}", visible[1])  # noqa: S608
    count, average = cursor.fetchone()
    cursor.execute(f"SELECT term, COUNT(*) FROM search_posting WHERE {base[0]} GROUP BY term", base[1])  # noqa: S608
    df = dict(cursor.fetchall())
    where, where_params = base[0] + narrow[0], base[1] + narrow[1]
    present = [term for term in terms.weights if term in df]
    if not present:
        return [], 0, {}
    score, params = _score_sql(terms, present, df, count, float(average or 1))
    cursor.execute(
        f"SELECT document_id, {score} AS score FROM search_posting WHERE {where} "  # noqa: S608
        "GROUP BY document_id ORDER BY score DESC, document_id LIMIT %s OFFSET %s",
        [*params, *where_params, limit, offset],
    )
    ranked = [(doc_id, float(value)) for doc_id, value in cursor.fetchall()]
    cursor.execute(
        "SELECT d.kind, d.themes, d.level_id, d.municipalities, d.associations, d.target, d.year, COUNT(*) "  # noqa: S608
        f"FROM search_document d WHERE d.id IN (SELECT document_id FROM search_posting WHERE {where}) "
        "GROUP BY d.kind, d.themes, d.level_id, d.municipalities, d.associations, d.target, d.year",
        where_params,
    )
    return ranked, *_count_facets(cursor.fetchall())


def _score_sql(terms: _Terms, present: list[str], df: dict, count: int, average: float) -> tuple[str, list]:
    """BM25 as SQL: Σ weight · idf · (k1 + 1) · tf / (tf + k1 · (1 − b + b · length / avg)),
    times the share of the query's words a document matches (for queries of several)."""
    cases, params = [], []
    for term in present:
        idf = math.log(1 + (count - df[term] + 0.5) / (df[term] + 0.5))
        cases.append("WHEN %s THEN %s")
        params += [term, terms.weights[term] * idf * (K1 + 1)]
    bm25 = f"SUM((CASE term {' '.join(cases)} ELSE 0 END) * frequency / (frequency + %s + %s * length))"
    params += [K1 * (1 - B), K1 * B / average]
    if terms.words < 2:
        return bm25, params
    grouped = [t for t in present if terms.groups[t] != ALL]
    whole = [t for t in present if terms.groups[t] == ALL]
    matched, matched_params = "0", []
    if grouped:
        matched = "COUNT(DISTINCT CASE term " + " ".join(["WHEN %s THEN %s"] * len(grouped)) + " END)"
        matched_params = [v for t in grouped for v in (t, terms.groups[t])]
    if whole:
        # A synonym of the whole query ("SIP" for "samordnad individuell plan") covers it.
        matched += f" + %s * MAX(CASE WHEN term IN ({','.join(['%s'] * len(whole))}) THEN 1 ELSE 0 END)"
        matched_params += [terms.words, *whole]
    n = terms.words
    coverage = f"(CASE WHEN {matched} > %s THEN %s ELSE {matched} END)"
    sql = f"{bm25} * (%s + %s * {coverage})"
    return sql, [*params, COORDINATION, (1 - COORDINATION) / n, *matched_params, n, n, *matched_params]


def _count_facets(rows) -> tuple[int, dict[str, Counter]]:
    facets: dict[str, Counter] = {name: Counter() for name in FACETS}
    total = 0
    for kind, themes, level, municipalities, associations, target, year, n in rows:
        total += n
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
    return total, facets


# --- snippets ----------------------------------------------------------------------------

SNIPPET_WORDS = 30


def snippet(document: Document, query_terms: set[str], *, size: int = SNIPPET_WORDS) -> SafeString:
    """A piece of the document's text around its best run of matching words, escaped,
    with those words in <mark>."""
    text = document.text or document.title
    found = words(text)
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
