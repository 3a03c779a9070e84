"""Groups of similar notes on a board, offered to the facilitator as merge suggestions.

Notes in a hall are short and often say the same thing in other words ("Fler
fritidsgårdar", "fritidsgårdar behövs"). Two notes are similar when their content words,
cut to a short stem, overlap enough (Jaccard), or their texts are nearly the same
(difflib's ratio, for typos). Similar notes are joined transitively (union-find). The
standard library suffices for notes of at most a few hundred characters; the board is
capped at MAX_NOTES so the pairwise comparison stays well under a second.
"""

import re
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

MAX_NOTES = 400
STEM = 6  # a cheap stem: Swedish inflects at the end ("samverkan", "samverkans")
WORD = re.compile(r"\w+")
# Words that say nothing about the content of a note.
STOPWORDS = frozenset(
    [
        "att",
        "och",
        "det",
        "som",
        "för",
        "med",
        "den",
        "till",
        "har",
        "inte",
        "ett",
        "kan",
        "var",
        "ska",
        "på",
        "är",
        "av",
        "om",
        "alla",
        "fler",
        "mer",
        "mycket",
        "behov",
        "behöver",
        "behövs",
        "bättre",
        "mellan",
        "eller",
        "även",
        "sina",
        "sitt",
        "sin",
        "deras",
        "våra",
        "vår",
        "vi",
        "de",
        "man",
        "the",
        "and",
        "for",
        "of",
        "to",
        "in",
    ]
)


def _terms(text: str) -> frozenset[str]:
    words = (w.lower() for w in WORD.findall(text))
    return frozenset(w[:STEM] for w in words if len(w) > 2 and w not in STOPWORDS and not w.isdigit())


def _similar(a: str, b: str, terms_a: frozenset[str], terms_b: frozenset[str]) -> bool:
    if terms_a and terms_b and len(terms_a & terms_b) / len(terms_a | terms_b) >= 0.5:
        return True
    matcher = SequenceMatcher(None, a.lower(), b.lower())
    # The quick upper bounds first: most pairs are far apart, and ratio() is quadratic.
    return matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def similar_groups(notes: Iterable[tuple[int, str]]) -> list[list[int]]:
    """Ids of notes that look alike, in groups of two or more, in the order given."""
    items: Sequence[tuple[int, str]] = list(notes)[:MAX_NOTES]
    terms = [_terms(text) for _, text in items]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if root(i) != root(j) and _similar(items[i][1], items[j][1], terms[i], terms[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i, (pk, _) in enumerate(items):
        groups.setdefault(root(i), []).append(pk)
    return [group for group in groups.values() if len(group) > 1]
