"""Classification suggestions: a theme and a level of one analysis model version for each
unclassified intervention and need, with the reason in words.

Two signals, both over the search's Swedish analysis (:mod:`kunskapsnod.mapping.similarity`):

1. **Words of the model**: each theme's and level's name, description and keyword list
   (``Theme.keywords``, staff edit them; shipped lists in
   ``data/analysmodell-nyckelord.json``). The share of the item's words found there, a
   word that belongs to several themes counting for each a share.
2. **Similar items already classified** (k nearest neighbours): the items most similar to
   this one that a person classified in the same version vote for their themes and level,
   each by its similarity.

The two scores (each between 0 and 1) are added. Without any signal the theme most often
chosen so far ranks first (before anything is classified: the model's first theme), and
the reason says the suggestion is uncertain. Suggestions are
computed when shown and never stored: they cannot count anywhere until a person accepts
them (:func:`kunskapsnod.mapping.services.suggestions.decide_suggestions`), and a theme a
person rejected for an item is not suggested for it again.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max

from kunskapsnod.mapping.models import (
    AnalysisModel,
    Classification,
    ClassificationSuggestion,
    Decision,
    Item,
    Level,
    Theme,
)
from kunskapsnod.mapping.similarity import Analysed, Corpus, analyse

NEIGHBOURS = 7
TOP = 3
_SEPARATORS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Example:
    """A classified item: the neighbours' side of the comparison."""

    key: int
    text: str
    themes: tuple[int, ...]
    level: int


@dataclass
class Ranked:
    """One choice (a theme or a level) with its score and why."""

    choice: Theme | Level
    score: float
    words: list[str] = field(default_factory=list)
    neighbours: list[int] = field(default_factory=list)


@dataclass
class Suggestion:
    item: Item
    themes: list[Ranked]  # best first, at most TOP
    level: Ranked

    @property
    def theme(self) -> Theme:
        choice = self.themes[0].choice
        assert isinstance(choice, Theme)
        return choice

    @property
    def score(self) -> float:
        return round(self.themes[0].score, 3)


class Profiles:
    """The model's own words per choice (theme or level), analysed once."""

    def __init__(self, choices: Sequence[Theme | Level]):
        self.choices = list(choices)
        self.terms = {c.pk: analyse(profile_text(c)) for c in self.choices}
        owners: Counter[str] = Counter()
        for analysed in self.terms.values():
            owners.update(analysed.weights.keys())
        self.owners = owners

    def scores(self, item: Analysed) -> dict[int, tuple[float, list[str]]]:
        total = sum(item.weights.values()) or 1.0
        result = {}
        for choice in self.choices:
            profile = self.terms[choice.pk].weights
            hits = [t for t in item.weights if t in profile]
            share = sum(item.weights[t] / self.owners[t] for t in hits) / total
            result[choice.pk] = (share, list(dict.fromkeys(item.shown[t] for t in hits)))
        return result


def profile_text(choice: Theme | Level) -> str:
    parts = [choice.name, getattr(choice, "description", ""), *_SEPARATORS.split(choice.keywords or "")]
    return "\n".join(p.strip() for p in parts if p and p.strip())


class Suggester:
    """Suggests themes and levels of ``model`` from its words and ``examples``."""

    def __init__(self, model: AnalysisModel, examples: Iterable[Example], *, themes=None, levels=None):
        self.model = model
        self.theme_list = list(themes if themes is not None else model.themes.all())
        self.level_list = list(levels if levels is not None else model.levels.all())
        self.themes = Profiles(self.theme_list)
        self.levels = Profiles(self.level_list)
        self.examples = {e.key: e for e in examples}
        self.corpus = Corpus((e.key, e.text) for e in self.examples.values())
        self.theme_prior = Counter(t for e in self.examples.values() for t in e.themes)
        self.level_prior = Counter(e.level for e in self.examples.values())

    def suggest(self, item: Item, *, rejected: Iterable[int] = ()) -> Suggestion | None:
        """The suggestion for ``item``; ``rejected``: theme ids not to suggest again.
        ``None`` when every theme was rejected."""
        analysed = analyse(item.text)
        near = self.corpus.similar(analysed, limit=NEIGHBOURS, exclude={item.pk})
        weight = sum(m.score for m in near) or 1.0
        excluded = set(rejected)
        themes = self._rank(
            self.theme_list,
            self.themes.scores(analysed),
            near,
            weight,
            lambda e: e.themes,
            self.theme_prior,
            excluded,
        )
        if not themes:
            return None
        levels = self._rank(
            self.level_list,
            self.levels.scores(analysed),
            near,
            weight,
            lambda e: (e.level,),
            self.level_prior,
            set(),
        )
        return Suggestion(item=item, themes=themes[:TOP], level=levels[0])

    def _rank(self, choices, words, near, weight, chosen, prior, excluded) -> list[Ranked]:
        ranked = []
        total_prior = sum(prior.values()) or 1
        for choice in choices:
            if choice.pk in excluded:
                continue
            share, matched = words[choice.pk]
            voters = [m for m in near if choice.pk in chosen(self.examples[m.key])]
            vote = sum(m.score for m in voters) / weight
            # The prior only breaks ties (at most 0.001): it never outweighs a word.
            score = share + vote + 0.001 * prior.get(choice.pk, 0) / total_prior
            ranked.append(Ranked(choice, score, matched, [m.key for m in voters]))
        order = {c.pk: i for i, c in enumerate(choices)}
        return sorted(ranked, key=lambda r: (-r.score, order[r.choice.pk]))


# --- reading the database ------------------------------------------------------------------


def examples_for(model: AnalysisModel) -> list[Example]:
    """Every item a person classified in ``model`` (current classifications), in three
    queries whatever their number."""
    current = Classification.objects.current().filter(model=model)
    themes: dict[int, list[int]] = {}
    links = Classification.themes.through.objects.filter(classification__in=current)
    for classification_id, theme_id in links.values_list("classification_id", "theme_id"):
        themes.setdefault(classification_id, []).append(theme_id)
    rows = current.values_list("pk", "item_id", "item__text", "level_id")
    return [Example(item, text, tuple(sorted(themes.get(pk, ()))), level) for pk, item, text, level in rows]


_CACHE: dict[int, tuple[tuple, Suggester]] = {}


def suggester_for(model: AnalysisModel) -> Suggester:
    """A suggester over the current state of ``model``'s classifications. Rebuilt when
    anything it depends on changed (one aggregate query to tell); a cache of derived data
    per process, never a source of truth, so every process answers the same."""
    current = Classification.objects.current().filter(model=model)
    state = (
        tuple(current.aggregate(n=Max("pk"), count=Count("pk"), texts=Max("item__updated_at")).values()),
        tuple(model.themes.values_list("pk", "name", "keywords")),
        tuple(model.levels.values_list("pk", "name", "description", "keywords")),
    )
    cached = _CACHE.get(model.pk)
    if cached is None or cached[0] != state:
        cached = (state, Suggester(model, examples_for(model)))
        _CACHE[model.pk] = cached
    return cached[1]


def unclassified_items(model: AnalysisModel, municipalities):
    """The items of ``municipalities`` (None: all) without a current classification in
    ``model``: the ones that get suggestions, in the pages' order."""
    items = Item.objects.all() if municipalities is None else Item.objects.filter(municipality__in=municipalities)
    return (
        items.unclassified_in(model)
        .select_related("municipality", "parent")
        .order_by("municipality__name", "kind", "pk")
    )


def rejected_themes(model: AnalysisModel, items: Sequence[Item]) -> dict[int, set[int]]:
    """Item id → the themes a person rejected for it in ``model``."""
    rows = ClassificationSuggestion.objects.filter(
        model=model, decision=Decision.REJECTED, item__in=[i.pk for i in items]
    ).values_list("item_id", "theme_id")
    found: dict[int, set[int]] = {}
    for item_id, theme_id in rows:
        found.setdefault(item_id, set()).add(theme_id)
    return found


def suggest_for(model: AnalysisModel, items: Sequence[Item]) -> list[Suggestion]:
    """Suggestions for ``items`` (unclassified ones; a page of them), skipping items whose
    every theme was rejected."""
    suggester = suggester_for(model)
    rejected = rejected_themes(model, items)
    found = (suggester.suggest(item, rejected=rejected.get(item.pk, ())) for item in items)
    return [s for s in found if s is not None]


def reason(suggestion: Suggestion, neighbour_texts: dict[int, str]) -> str:
    """The reason in one line, as stored with a decision (Swedish, like the page)."""
    from django.utils.translation import gettext as _

    top = suggestion.themes[0]
    parts = []
    if top.words:
        parts.append(_("ord som hör till temat: %(words)s") % {"words": ", ".join(top.words)})
    if top.neighbours:
        texts = [neighbour_texts.get(pk, "") for pk in top.neighbours[:3]]
        parts.append(_("liknande klassificerade poster: %(items)s") % {"items": "; ".join(t[:60] for t in texts if t)})
    if suggestion.level.words:
        parts.append(_("nivån: %(words)s") % {"words": ", ".join(suggestion.level.words)})
    return "; ".join(parts) or _("inga matchande ord eller liknande klassificerade poster – ett osäkert förslag")
