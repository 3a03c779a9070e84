"""The search page's JSON twin: GET /api/search?q=…&kind=…&theme=…&offset=…

Open to everyone like the page, and answering each caller only what they may read
(published knowledge-bank entries for visitors). The facet parameters are the page's and
may repeat (?kind=insats&kind=behov)."""

from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from kunskapsnod.search import facets, query
from kunskapsnod.search.forms import SearchForm

router = Router(tags=["sök"])
MAX_HITS = 50
# The page goes 50 pages deep; the API as far, counted in hits.
SearchOffset = Annotated[int, Query(ge=0, le=1000, description="hits to skip, 0–1000")]
SearchLimit = Annotated[int, Query(ge=1, le=MAX_HITS, description="hits per answer, 1–50")]


class HitOut(Schema):
    kind: str
    id: int
    title: str
    text: str
    # The title with the query's words in <mark>; the snippet continues an item's title
    # (empty when the title is its whole text).
    title_html: str
    snippet_html: str
    municipality: str | None
    year: int | None
    score: float
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    query: str
    truncated: bool
    count: int
    # count is a lower bound ("more than count") / the facets count the best 1,000 hits
    count_capped: bool
    facets_of_best: bool
    offset: int
    hits: list[HitOut]
    facets: dict[str, list[FacetValueOut]]


@router.get("/search", response=SearchOut)
def search(request: HttpRequest, q: str = "", offset: SearchOffset = 0, limit: SearchLimit = 20):
    """Ranked hits (BM25 over Swedish stems, compound parts and the synonym list) with
    the facet counts of all matches. An empty query, or one of only punctuation, is a 400
    that says so."""
    form = SearchForm(request.GET)
    chosen = form.filters()
    results = query.search(request.user, form.query(), filters=chosen, offset=offset, limit=limit)
    if results.problem == "empty":
        raise HttpError(400, _("Skriv något att söka efter (parametern q)."))
    if results.problem == "no_words":
        raise HttpError(400, _("Sökfrågan innehåller inga sökbara ord, bara skiljetecken eller småord."))
    built = facets.build(results.facets, chosen, request.GET)
    return {
        "query": results.query,
        "truncated": results.truncated,
        "count": results.total,
        "count_capped": results.capped,
        "facets_of_best": results.sampled,
        "offset": offset,
        "hits": [_hit(hit) for hit in results.hits],
        "facets": {f.name: [vars(v) for v in f.values] for f in built},
    }


def _hit(hit: query.Hit) -> dict:
    document = hit.document
    return {
        "kind": document.kind,
        "id": document.object_id,
        "title": document.title,
        "text": document.text,
        "title_html": str(hit.heading),
        "snippet_html": str(hit.snippet),
        "municipality": document.municipality.name if document.municipality else None,
        "year": document.year,
        "score": round(hit.score, 4),
        "url": document.url,
    }
