"""Read-only JSON over Kolada indicators and values (public data).

Lists are paginated with ``limit``/``offset`` and answer ``{"count", "limit", "offset",
"items"}``. The analysis endpoints (profile, similar) live in ``api_analysis.py``."""

from typing import Literal

from django.db.models import F
from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from kunskapsnod.apiparams import MAX_OFFSET
from kunskapsnod.indicators.api_analysis import router as analysis_router
from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.indicators.services import ImportDataError
from kunskapsnod.indicators.services.sync import resolve_areas, split_ids

router = Router(tags=["statistik"])
MAX_LIMIT = 10_000


class Page(Schema):
    limit: int = Field(1000, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class IndicatorOut(Schema):
    code: str
    title: str
    source: str  # "Kolada", or an own indicator's own source (its code starts with EGEN-)
    unit: str
    is_own: bool
    is_divided_by_gender: bool
    operating_area: str
    perspective: str
    publication_period: str
    higher_is_better: bool | None
    in_default_set: bool
    theme: str
    discontinued_after: int | None
    successor_code: str
    in_kolada: bool

    @staticmethod
    def resolve_source(obj) -> str:
        return obj.source_name


class IndicatorPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[IndicatorOut]


class ValueOut(Schema):
    kpi: str
    municipality: str
    period: int
    gender: str
    value: float | None
    status: str
    source: str


class ValuePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ValueOut]


def _page(queryset, page: Page) -> dict:
    items = list(queryset[page.offset : page.offset + page.limit])
    return {"count": queryset.count(), "limit": page.limit, "offset": page.offset, "items": items}


@router.get("/indicators", response=IndicatorPage)
def indicators(request, page: Query[Page], default: bool = False, q: str = ""):
    """Kolada KPIs; ``default=true``: the fullföljda-studier set in its order; ``q``: title
    or id contains. ``higher_is_better`` is the platform's judgement, null when neither."""
    found = Indicator.objects.default_set() if default else Indicator.objects.order_by("code")
    if q.strip():
        found = found.search(q.strip())
    return _page(found.defer("description"), page)


@router.get("/values", response=ValuePage)
def values(
    request,
    page: Query[Page],
    kpi: str = "",
    municipality: str = "",
    period: int | None = None,
    gender: Literal["T", "K", "M"] | None = None,
):
    """Kolada values (``Källa: Kolada``). ``kpi`` and ``municipality`` take comma-separated
    lists; ``municipality`` also takes municipality or association slugs (an association
    means its members). A null ``value`` or a non-empty ``status`` means missing or
    suppressed, never zero."""
    found = Value.objects.all()
    if kpi:
        found = found.for_indicator(split_ids(kpi))
    if municipality:
        try:
            found = found.for_area(resolve_areas(split_ids(municipality)))
        except ImportDataError as exc:
            raise Http404(exc.detail) from None
    if period is not None:
        found = found.for_period(period)
    if gender:
        found = found.for_gender(gender)
    rows = found.order_by("indicator_id", "area_id", "period", "gender").values(
        "period",
        "gender",
        "value",
        "status",
        "source",
        kpi=F("indicator__code"),
        municipality=F("area__kolada_id"),
    )
    return _page(rows, page)


# The analysis endpoints (/municipalities/<id>/profile, /similar) live in api_analysis.py;
# mounted here because the project's api.py takes one router per app.
router.add_router("", analysis_router)
