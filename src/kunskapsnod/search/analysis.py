"""Swedish text analysis for search and similarity: words → terms.

One function for callers that want comparable terms of a text (search, similarity,
classification suggestions):

    >>> terms("Skolfrånvaro och föräldrastöd")
    ['skolfranvaro', 'skol', 'franvaro', 'foraldrastod', 'foraldr', 'stod']

What happens to each word, in this order:

1. **Words**: runs of letters and digits (``\\w`` without ``_``); a hyphen splits
   ("KAA-ansvar" is two words). Lowercased. Swedish function words ("och", "att", "för",
   …, the Snowball stop list) are left out, as are single letters.
2. **Stemming**: the Snowball Swedish stemmer (PyStemmer, the C implementation), with two
   repairs guided by the lexicon below, because Snowball leaves definite forms of words
   ending in a vowel alone ("skolan", "frånvaron", "hälsans") and cuts an -s that belongs
   to the word ("insats" → "insat", while "insatser" → "insats").
3. **Compound splitting**: a word is split into known words when its parts are more
   common than the whole (Koehn & Knight's criterion, on wordfreq's Zipf scale), with the
   Swedish linking forms: a dropped -a/-e ("skol|frånvaro" ← skola), a linking -s-
   ("föräldraskap|s|stöd", "ungdom|s|gård") and a linking vowel ("kvinno|jour" ← kvinna).
   A word cut short before "och"/"eller" takes the next word's last part: "studie- och
   yrkesvägledning" holds "studievägledning".
   The parts are emitted *besides* the whole word, so "frånvaro" finds "skolfrånvaro",
   and "föräldrastöd" shares "föräldr" and "stöd" with "föräldraskapsstöd" (whose part
   "föräldraskap" splits again into "föräldra" + the suffix "-skap").
4. **Folding**: å, ä → a, ö → o, é → e and every other diacritic dropped, so "narvaro"
   finds "närvaro". :func:`search_terms` emits the unfolded stem too when it differs,
   so a query typed with å/ä/ö ranks the documents spelled the same way higher.

The lexicon is wordfreq's Swedish word list (shipped inside its wheel, read offline once
per process, ~0.1 s): 340,000 words with frequencies from subtitles, Wikipedia, news and
the web. Abbreviations and synonyms are not expanded here: that list is data staff edit
(``search.models.Synonym``) and is applied to queries by ``search.query``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

__all__ = [
    "STOPWORDS",
    "Word",
    "fold",
    "fold_term",
    "normalize",
    "search_terms",
    "split_compound",
    "stem",
    "terms",
    "words",
]

# The Snowball project's Swedish stop list (as in PostgreSQL's swedish.stop), less
# "sitta", plus the abbreviations "bl", "ex", "tex" that pre-study texts are full of.
_STOP_LIST = """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de
    av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid
    kunde något från ut när efter upp vi dem vara vad över än dig kan sina här ha mot alla
    under någon eller allt mycket sedan ju denna själv detta åt utan varit hur ingen mitt
    ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår blivit dess
    inom mellan sådant varför varje vilka ditt vem vilket sådana vart dina vars vårt våra
    ert era vilkas bl ex tex
"""
STOPWORDS = frozenset(_STOP_LIST.split())

_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouyåäö")
# Parts shorter than this are not split off ("ung|dom", "för|skola", "fri|tid", "sam|verkan").
_MIN_PART = 4
# A part must be at least this common (Zipf: 3 ≈ once per million words) to count as one.
_MIN_PART_ZIPF = 2.5
_MIN_LONG_PART_ZIPF = 1.8
# Words at least this common are never split: they are words in their own right
# ("samverkan", "ungdom", "förskola").
_MAX_SPLIT_ZIPF = 4.6
# A part of a compound that is itself a compound splits again only below this.
_MAX_SUB_SPLIT_ZIPF = 3.5
# Words that are never a part: particles that make verbs and nouns of their own
# ("före|byggande", "fram|gång") and suffixes that happen to be words ("bygg|ande").
_NOT_PART_LIST = "före fram genom kring runt bort samman ande ende else ning lighet ighet arna erna orna"
_NOT_PARTS = frozenset(_NOT_PART_LIST.split())
# Derivational suffixes that make a noun of a noun ("föräldraskap", "vänskap"): the word
# before them is a part too.
_SUFFIXES = ("skap",)
# Definite and genitive endings Snowball leaves on words ending in a vowel.
_DEFINITE = re.compile(r"(?<=[aeiouyåäö])(n|ns|t|ts)$")

# A word cut short before a conjunction ("barn- och ungdomspsykiatri"), and the next word.
_ELIDED = re.compile(r"-\s*(?:,\s*|\s+(?:och|eller|samt|&)\s+)([^\W\d_]+)")

_stemmer = Stemmer.Stemmer("swedish")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: where it is, its stem and the stems of its compound parts
    (unfolded; :func:`fold` them for the terms that ignore diacritics)."""

    start: int
    end: int
    stem: str
    parts: tuple[str, ...]


def fold(text: str) -> str:
    """Lowercase and without diacritics: "Närvaro i Åmål" → "narvaro i amal"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD_EXTRA)


# Letters NFKD does not decompose.
_FOLD_EXTRA = str.maketrans({"æ": "a", "ø": "o", "ß": "s", "đ": "d", "ł": "l", "ı": "i"})


@functools.cache
def _lexicon() -> dict[str, float]:
    """Swedish words → Zipf frequency (log10 per billion words), letters only."""
    import wordfreq

    lexicon: dict[str, float] = {}
    # Buckets of one centibel each, most frequent first: bucket i holds words of Zipf 9 - i/100.
    for index, bucket in enumerate(wordfreq.get_frequency_list("sv", wordlist="large")):
        zipf = 9 - index / 100
        if zipf < 1.5:
            break
        for word in bucket:
            if word.isalpha():
                lexicon.setdefault(word, zipf)
    return lexicon


def zipf(word: str) -> float:
    """How common a (lowercase) Swedish word is: 0 for unknown words, ~5 for "skola"."""
    return _lexicon().get(word, 0.0)


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one lowercase word: Snowball Swedish, repaired with the lexicon.

    Snowball removes one suffix per word, so "arbetsmarknaden" became "arbetsmarknad"
    while "arbetsmarknad" became "arbetsmarkn"; it runs a second time when the first
    took something off (and the second takes a whole ending), which makes the stem the
    same for both."""
    first = _stemmer.stemWord(word)
    for form in (word, first):
        # "insats", "kompetens", "kurs": the -s belongs to the word when the word takes
        # endings of its own ("insatser", "kompetensen"); Snowball would cut it.
        if form.endswith("s") and len(form) >= 4 and (zipf(form + "er") >= 2 or zipf(form + "en") >= 2):
            return form
    snowball = first
    if first != word:
        again = _stemmer.stemWord(first)
        # Only a whole ending again ("-ad", "-en"), not a last letter ("häls" → "häl").
        snowball = again if len(first) - len(again) >= 2 else first
    definite = _DEFINITE.search(snowball)
    if definite and len(snowball) - len(definite.group()) >= 4:
        base = snowball[: definite.start()]
        if zipf(base) >= 2.5:
            return _stemmer.stemWord(base)
    return snowball


def _left_bases(left: str) -> Iterator[str]:
    """The words a compound's first part may come from, with the linking forms."""
    yield left
    yield left + "a"  # skol|frånvaro ← skola
    yield left + "e"  # pojk|grupp ← pojke
    if left.endswith("s") and len(left) > _MIN_PART:
        yield left[:-1]  # ungdom|s|gård
        yield left[:-1] + "e"  # arbet|s|marknad ← arbete
    if left[-1] in "aeou" and len(left) > _MIN_PART:
        yield left[:-1] + "a"  # kvinn|o|jour ← kvinna, gat|u|belysning ← gata
        yield left[:-1]  # barn|a|hus


def _is_part(word: str) -> bool:
    return len(word) >= _MIN_PART and word not in STOPWORDS and word not in _NOT_PARTS


def _best_left(left: str) -> tuple[str, float] | None:
    best = None
    # A long first part may be rarer: "föräldra-" is a word only inside compounds.
    least = _MIN_PART_ZIPF if len(left) < 7 else _MIN_LONG_PART_ZIPF
    for base in _left_bases(left):
        if _is_part(base):
            frequency = zipf(base)
            if frequency >= least and (best is None or frequency > best[1]):
                best = (base, frequency)
    return best


def _head_zipf(right: str) -> float:
    """How common a compound's last part is, inflected or not ("hälsans" → "hälsa")."""
    frequency = zipf(right)
    if right.endswith("s"):
        frequency = max(frequency, zipf(right[:-1]))
    definite = _DEFINITE.search(right)
    if definite:
        frequency = max(frequency, zipf(right[: definite.start()]))
    return frequency


@functools.lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a lowercase compound word as base words, or () if it is none.

    >>> split_compound("skolfrånvaro")
    ('skola', 'frånvaro')
    >>> split_compound("föräldraskapsstöd")
    ('föräldra', 'föräldraskap', 'stöd')
    """
    if not 2 * _MIN_PART <= len(word) <= 60 or not word.isalpha() or zipf(word) >= _MAX_SPLIT_ZIPF:
        return ()
    best: tuple[float, str, str] | None = None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        right = word[cut:]
        right_zipf = _head_zipf(right)
        if right_zipf < _MIN_PART_ZIPF or not _is_part(right):
            continue
        left = _best_left(word[:cut])
        if left is None:
            continue
        score = (left[1] + right_zipf) / 2
        if best is None or score > best[0]:
            best = (score, left[0], right)
    if best is None or best[0] <= zipf(word):
        return _suffix_parts(word)
    score, left, right = best
    return (*_sub_parts(left), left, *_sub_parts(right), right)


def _sub_parts(part: str) -> tuple[str, ...]:
    """A part splits again only when it is rare itself ("skolplikt" in
    "skolpliktsbevakning"), not when it is a word in its own right ("förebyggande")."""
    return split_compound(part) if zipf(part) < _MAX_SUB_SPLIT_ZIPF else _suffix_parts(part)


def _suffix_parts(word: str) -> tuple[str, ...]:
    for suffix in _SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= _MIN_PART:
            found = _best_left(base)
            if found:
                return (found[0],)
    return ()


def words(text: str) -> list[Word]:
    """The words of a text that carry meaning, with their positions, stems and parts."""
    found = []
    lowered = text.lower()
    for match in _WORD.finditer(lowered):
        surface = match.group()
        if surface in STOPWORDS or (len(surface) < 2 and not surface.isdigit()) or _fold_term(surface) in _FOLDED_STOP:
            continue
        part_words = split_compound(surface)
        elided = _ELIDED.match(lowered, match.end())
        if elided:
            # "studie- och yrkesvägledning": the first word is "studievägledning" too.
            # The next word's head, or the next word when it is no compound ("drog- och
            # förebyggande" is "drogförebyggande").
            following = split_compound(elided.group(1)) or (elided.group(1),)
            part_words = (*part_words, surface + following[-1])
        parts = tuple(dict.fromkeys(stem(part) for part in part_words))
        word_stem = stem(surface)
        found.append(Word(match.start(), match.end(), word_stem, tuple(p for p in parts if p != word_stem)))
    return found


_FOLDED_STOP = frozenset(fold(word) for word in STOPWORDS) - {"ar"}


@functools.lru_cache(maxsize=200_000)
def fold_term(term: str) -> str:
    """:func:`fold` for a word or stem, remembered (the same few thousand come back)."""
    return fold(term)


_fold_term = fold_term


def normalize(word: str) -> str:
    """The folded stem of one word: the term it is indexed and compared by."""
    return fold(stem(word.lower()))


def terms(text: str) -> list[str]:
    """Folded stems of a text's words, each followed by its compound parts, in order.

    Use for similarity between texts (the same term for "närvaro", "narvaro" and
    "närvaron"); repeated words repeat, so counting the list gives term frequencies."""
    out: list[str] = []
    for word in words(text):
        out.append(_fold_term(word.stem))
        out.extend(_fold_term(part) for part in word.parts)
    return out


def search_terms(text: str) -> list[tuple[str, bool]]:
    """Index terms of a text as (term, is_part) pairs: each word's folded stem, its
    unfolded stem when that differs (so exact spellings rank higher), and the same for
    its compound parts (is_part=True)."""
    out: list[tuple[str, bool]] = []
    for word in words(text):
        for value, is_part in ((word.stem, False), *((part, True) for part in word.parts)):
            folded = _fold_term(value)
            out.append((folded, is_part))
            if folded != value:
                out.append((value, is_part))
    return out
