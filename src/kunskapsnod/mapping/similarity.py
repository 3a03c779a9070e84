"""Text similarity for classification suggestions, connections and project overlaps.

Texts are compared by the terms of the search's Swedish analysis
(:mod:`kunskapsnod.search.analysis`): folded stems plus compound parts, so "skolfrånvaro"
meets "frånvaro" and "narvaro" meets "närvaro" here exactly as in the search box. A
compound part weighs half a whole word (it says less about the text). Terms are weighted
by BM25's inverse document frequency over the compared texts (a word every text has says
nothing), and two texts' similarity is the cosine of their weighted vectors.

A pure read: no database, no state between calls beyond the analysis caches.
"""

import functools
import math
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from kunskapsnod.search.analysis import fold, words

PART_WEIGHT = 0.5


@dataclass
class Analysed:
    """A text's terms with weights (a whole word 1, a compound part 0.5, summed), and for
    each term the word of the text it came from, to show as a reason."""

    weights: dict[str, float]
    shown: dict[str, str]


@functools.lru_cache(maxsize=20_000)
def analyse(text: str) -> Analysed:
    """The text's analysis, remembered for the process's most recent 20,000 texts (about
    40 MB): rebuilding a page's candidates after one change re-analyses only what changed.
    Callers never change the result."""
    weights: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for word in words(text):
        surface = text[word.start : word.end].lower()
        whole = fold(word.stem)
        weights[whole] += 1.0
        shown.setdefault(whole, surface)
        for part in word.parts:
            term = fold(part)
            weights[term] += PART_WEIGHT
            shown.setdefault(term, surface)
    return Analysed(dict(weights), shown)


def shared_terms(first: str, second: str) -> list[str]:
    """The words (as written in ``first``) that two short texts share after analysis."""
    a, b = analyse(first), analyse(second)
    return list(dict.fromkeys(a.shown[t] for t in a.weights if t in b.weights))


@dataclass
class Match:
    key: Hashable
    score: float
    words: list[str]  # the query's words that matched, most telling first


class Corpus:
    """Texts to compare a query with: an inverted index of their weighted, normalised
    vectors. Built once per page from the candidates' texts (a few hundred microseconds
    per text with the analyser's caches warm)."""

    def __init__(self, texts: Iterable[tuple[Hashable, str]]):
        analysed = [(key, analyse(text)) for key, text in texts]
        self.size = len(analysed)
        df: Counter[str] = Counter()
        for _key, a in analysed:
            df.update(a.weights.keys())
        self.df = df
        self.postings: dict[str, list[tuple[Hashable, float]]] = {}
        for key, a in analysed:
            for term, weight in self.vector(a).items():
                self.postings.setdefault(term, []).append((key, weight))

    def idf(self, term: str) -> float:
        n, df = self.size, self.df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def vector(self, analysed: Analysed) -> dict[str, float]:
        raw = {t: (1 + math.log(w)) * self.idf(t) if w >= 1 else w * self.idf(t) for t, w in analysed.weights.items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        return {t: v / norm for t, v in raw.items() if v > 0}

    def similar(self, text: str | Analysed, *, limit: int = 10, exclude: Iterable[Hashable] = ()) -> list[Match]:
        """The ``limit`` texts most similar to ``text`` (cosine > 0), best first."""
        query = analyse(text) if isinstance(text, str) else text
        vector = self.vector(query)
        excluded = set(exclude)
        scores: Counter = Counter()
        matched: dict[Hashable, list[tuple[float, str]]] = {}
        for term, weight in vector.items():
            for key, other in self.postings.get(term, ()):
                if key in excluded:
                    continue
                scores[key] += weight * other
                matched.setdefault(key, []).append((weight * other, term))
        best = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))[:limit]
        return [Match(key, score, _words(query, matched[key])) for key, score in best]


def _words(query: Analysed, matched: list[tuple[float, str]]) -> list[str]:
    return list(dict.fromkeys(query.shown[term] for _w, term in sorted(matched, reverse=True)))
