"""Connections: for a need, "what others already do" — interventions of other
municipalities and published knowledge-bank entries that address it — and, for a
municipality, what the municipalities most like it (the statistics module's similarity) do.

Suggestions are computed when shown, ranked by text similarity (the search's Swedish
analysis, :mod:`kunskapsnod.mapping.similarity`) plus shared themes of the current
analysis model, each with a short reason. What a person decided is a
:class:`~kunskapsnod.knowledge.models.Connection`: confirmed ones show on both sides and on
the municipalities' pages, rejected ones are not suggested again.

The cost of a page is bounded: the candidates' texts are read in two queries and analysed
once per process until one of them changes (one aggregate query tells), and the themes
and objects of the few best candidates are read in a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from kunskapsnod.knowledge.models import Connection, ConnectionStatus, Entry
from kunskapsnod.mapping.access import latest_model
from kunskapsnod.mapping.models import AnalysisModel, Classification, Item, Kind, Theme
from kunskapsnod.mapping.similarity import Corpus, analyse
from kunskapsnod.regions.models import Organisation

SUGGESTIONS = 6
THEME_WEIGHT = 0.15  # one shared theme weighs as much as a cosine of 0.15
SIMILAR_MUNICIPALITIES = 5
CANDIDATES = 20  # similar municipalities considered before those with nothing recorded go last
PER_MUNICIPALITY = 5


@dataclass
class Candidate:
    """A suggested (or decided) counterpart of a need: an intervention or an entry."""

    target: Item | Entry
    score: float
    words: list[str] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)

    @property
    def is_entry(self) -> bool:
        return isinstance(self.target, Entry)

    @property
    def key(self) -> str:
        return f"{'post' if self.is_entry else 'insats'}-{self.target.pk}"

    @property
    def reason(self) -> str:
        parts = []
        if self.words:
            parts.append(_("gemensamma ord: %(words)s") % {"words": ", ".join(self.words[:6])})
        if self.themes:
            parts.append(_("samma tema: %(themes)s") % {"themes": ", ".join(t.name for t in self.themes)})
        return "; ".join(parts)


# --- the candidates' texts, analysed once per process and state ------------------------------

_CACHE: dict[str, tuple[tuple, Corpus, dict]] = {}


def _candidates_corpus() -> tuple[Corpus, dict]:
    """A corpus over every intervention and every published entry, keyed ("insats", pk) or
    ("post", pk), and the interventions' municipality ids."""
    interventions = Item.objects.filter(kind=Kind.INTERVENTION)
    entries = Entry.objects.published()
    state = (
        tuple(interventions.aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at")).values()),
        tuple(entries.aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at")).values()),
    )
    cached = _CACHE.get("all")
    if cached is None or cached[0] != state:
        rows = list(interventions.values_list("pk", "text", "municipality_id"))
        texts = [(("insats", pk), text) for pk, text, _m in rows]
        texts += [
            (("post", pk), f"{title}\n{summary}\n{target}")
            for pk, title, summary, target in entries.values_list("pk", "title", "summary", "target_group")
        ]
        cached = (state, Corpus(texts), {pk: municipality for pk, _t, municipality in rows})
        _CACHE["all"] = cached
    return cached[1], cached[2]


def _current_themes(model: AnalysisModel | None, items: list[int]) -> dict[int, set[int]]:
    if model is None or not items:
        return {}
    links = Classification.themes.through.objects.filter(
        classification__model=model, classification__is_current=True, classification__item_id__in=items
    )
    return _grouped(links.values_list("classification__item_id", "theme_id"))


def _entry_themes(model: AnalysisModel | None, entries: list[int]) -> dict[int, set[int]]:
    if model is None or not entries:
        return {}
    links = Entry.themes.through.objects.filter(entry_id__in=entries, theme__model=model)
    return _grouped(links.values_list("entry_id", "theme_id"))


def _grouped(pairs) -> dict[int, set[int]]:
    """(object id, theme id) pairs → {object id: its theme ids}."""
    found: dict[int, set[int]] = {}
    for key, theme_id in pairs:
        found.setdefault(key, set()).add(theme_id)
    return found


# --- a need -------------------------------------------------------------------------------


def suggest_connections(need: Item, *, limit: int = SUGGESTIONS) -> list[Candidate]:
    """The interventions of other municipalities and the published entries most likely to
    address ``need``, best first, without those already decided for it."""
    corpus, municipality_of = _candidates_corpus()
    decided = Connection.objects.filter(need=need).values_list("intervention_id", "entry_id")
    excluded = {("insats", i) if i else ("post", e) for i, e in decided}
    own = {("insats", pk) for pk, m in municipality_of.items() if m == need.municipality_id}
    matches = corpus.similar(analyse(need.text), limit=limit * 4, exclude=excluded | own)
    model = latest_model()
    need_themes = _current_themes(model, [need.pk]).get(need.pk, set())
    item_ids = [key[1] for key in (m.key for m in matches) if key[0] == "insats"]
    entry_ids = [key[1] for key in (m.key for m in matches) if key[0] == "post"]
    themes_of = {("insats", k): v for k, v in _current_themes(model, item_ids).items()}
    themes_of |= {("post", k): v for k, v in _entry_themes(model, entry_ids).items()}
    scored = []
    for match in matches:
        shared = need_themes & themes_of.get(match.key, set())
        scored.append((match.score + THEME_WEIGHT * len(shared), match, shared))
    scored.sort(key=lambda row: (-row[0], str(row[1].key)))
    return _materialise(scored[:limit], model)


def _materialise(scored, model: AnalysisModel | None) -> list[Candidate]:
    keys = [m.key for _s, m, _t in scored]
    items = Item.objects.select_related("municipality").in_bulk([pk for kind, pk in keys if kind == "insats"])
    entries = Entry.objects.select_related("owner").in_bulk([pk for kind, pk in keys if kind == "post"])
    themes = {t.pk: t for t in (model.themes.all() if model else [])}
    found = []
    for score, match, shared in scored:
        target = (items if match.key[0] == "insats" else entries).get(match.key[1])
        if target is not None:
            chosen = sorted((themes[pk] for pk in shared if pk in themes), key=lambda t: (t.order, t.name))
            found.append(Candidate(target, round(score, 3), match.words, chosen))
    return found


def confirmed_for_need(need: Item):
    return (
        Connection.objects.filter(need=need, status=ConnectionStatus.CONFIRMED)
        .select_related("intervention__municipality", "entry__owner", "decided_by")
        .order_by("-decided_at")
    )


def confirmed_for_target(target: Item | Entry):
    """Confirmed connections that name ``target`` (an intervention or an entry): the needs
    it was found to address."""
    where = Q(entry=target) if isinstance(target, Entry) else Q(intervention=target)
    return (
        Connection.objects.filter(where, status=ConnectionStatus.CONFIRMED)
        .select_related("need__municipality", "decided_by")
        .order_by("-decided_at")
    )


# --- a municipality -----------------------------------------------------------------------


@dataclass
class SimilarDoing:
    """What one similar municipality does, its interventions ranked by how close they come
    to one of our needs."""

    municipality: Organisation
    why: str
    interventions: list[tuple[Item, Item | None, float]]  # (theirs, our closest need, score)
    entries: list[Entry]


def similar_municipalities_of(municipality: Organisation) -> list[tuple[Organisation, str]]:
    """The municipalities most like this one by the statistics module: the platform's own
    structural similarity where the values are loaded, else Kolada's fixed "Liknande
    kommuner" groups (the more of them two municipalities share, the more alike); each
    with the reason in words. Of the most similar, those with interventions mapped or
    entries published come first: a similar municipality with nothing recorded has
    nothing to show yet."""
    ranked = _by_statistics(municipality) or _by_kolada_groups(municipality)
    active = set(
        Item.objects.filter(kind=Kind.INTERVENTION, municipality__in=[m for m, _w in ranked])
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    ranked.sort(key=lambda row: row[0].pk not in active)  # stable: similarity order within each
    return ranked[:SIMILAR_MUNICIPALITIES]


def _by_statistics(municipality: Organisation) -> list[tuple[Organisation, str]]:
    from kunskapsnod.indicators.analysis.similar import (
        default_structural,
        indicators_with_values,
        similar_municipalities,
    )

    structural = default_structural(indicators_with_values())
    if not structural:
        return []
    result = similar_municipalities(municipality, structural=structural, outcome=None, limit=CANDIDATES)
    why = _("liknande strukturella förutsättningar (Kunskapsnods beräkning, avstånd %(d)s)")
    return [(n.municipality, why % {"d": f"{n.distance:.2f}"}) for n in result.neighbours]


def _by_kolada_groups(municipality: Organisation) -> list[tuple[Organisation, str]]:
    from kunskapsnod.indicators.analysis.similar import kolada_similar_groups

    shared: dict[str, list[str]] = {}
    for group in kolada_similar_groups(municipality):
        for kolada_id, _name in group.members:
            if kolada_id != municipality.kolada_id:
                shared.setdefault(kolada_id, []).append(group.title)
    by_id = Organisation.objects.municipalities().in_bulk(list(shared), field_name="kolada_id")
    ordered = sorted((k for k in shared if k in by_id), key=lambda k: (-len(shared[k]), by_id[k].name))
    why = _("i %(n)s av Koladas grupper ”Liknande kommuner”, t.ex. ”%(group)s”")
    return [(by_id[k], why % {"n": len(shared[k]), "group": shared[k][0]}) for k in ordered[:CANDIDATES]]


def what_similar_do(municipality: Organisation) -> list[SimilarDoing]:
    """For each similar municipality, its interventions closest to our needs (at most five
    each) and the published entries it takes part in."""
    similar = similar_municipalities_of(municipality)
    if not similar:
        return []
    needs = list(Item.objects.filter(municipality=municipality, kind=Kind.NEED).only("pk", "text"))
    ours = Corpus((n.pk, n.text) for n in needs)
    by_pk = {n.pk: n for n in needs}
    theirs = Item.objects.filter(municipality__in=[m for m, _w in similar], kind=Kind.INTERVENTION, parent__isnull=True)
    per_municipality: dict[int, list[tuple[Item, Item | None, float]]] = {}
    for item in theirs.only("pk", "text", "municipality_id"):
        best = ours.similar(item.text, limit=1)
        closest = (by_pk[best[0].key], best[0].score) if best else (None, 0.0)
        per_municipality.setdefault(item.municipality_id, []).append((item, *closest))
    entries = _entries_of([m for m, _w in similar])
    result = []
    for other, why in similar:
        ranked = sorted(per_municipality.get(other.pk, []), key=lambda row: (-row[2], row[0].pk))
        result.append(SimilarDoing(other, why, ranked[:PER_MUNICIPALITY], entries.get(other.pk, [])))
    return result


def _entries_of(municipalities: list[Organisation]) -> dict[int, list[Entry]]:
    ids = [m.pk for m in municipalities]
    found: dict[int, list[Entry]] = {}
    published = Entry.objects.published().filter(Q(owner__in=ids) | Q(municipalities__in=ids)).distinct()
    for entry in published.prefetch_related("municipalities").order_by("-published_at")[:50]:
        for pk in {entry.owner_id, *(m.pk for m in entry.municipalities.all())} & set(ids):
            found.setdefault(pk, []).append(entry)
    return found


def confirmed_for_municipality(municipality: Organisation):
    """Confirmed connections that touch the municipality: its needs (what others do for
    them) and its interventions (needs elsewhere they were found to address)."""
    return (
        Connection.objects.filter(
            Q(need__municipality=municipality) | Q(intervention__municipality=municipality),
            status=ConnectionStatus.CONFIRMED,
        )
        .select_related("need__municipality", "intervention__municipality", "entry__owner", "decided_by")
        .order_by("-decided_at")
    )
