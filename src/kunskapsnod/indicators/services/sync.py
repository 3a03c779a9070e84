"""Fetching values from the live Kolada API and importing them in one transaction."""

from collections.abc import Callable, Iterable
from datetime import date

from django.utils import timezone

from kunskapsnod.indicators.kolada import KoladaClient, data_requests
from kunskapsnod.indicators.models import OWN_PREFIX, Indicator
from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.importing import ImportSummary, import_kolada_values
from kunskapsnod.indicators.services.parsing import parse_kolada_page
from kunskapsnod.indicators.services.rows import ValueRow
from kunskapsnod.regions.models import Organisation

Progress = Callable[[int, int], None]


def split_ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def resolve_areas(tokens: Iterable[str]) -> list[str]:
    """Kolada ids of the areas named by Kolada id, municipality slug or association slug
    (an association stands for its member municipalities)."""
    ids: list[str] = []
    for token in tokens:
        area = (
            Organisation.objects.filter(kolada_id=token).first()
            or Organisation.objects.filter(slug=token.lower()).first()
        )
        if area is None:
            raise ImportDataError(f"unknown municipality, association or Kolada id {token!r}", field="municipality")
        if area.is_association:
            ids.extend(m.kolada_id for m in Organisation.objects.members_of(area) if m.kolada_id)
        elif area.kolada_id:
            ids.append(area.kolada_id)
        else:
            raise ImportDataError(f"{area.name} has no Kolada id", field="municipality")
    return list(dict.fromkeys(ids))


def check_kpis(kpis: Iterable[str], *, own: bool = False) -> list[str]:
    """The KPI ids given, each known; ``own``: own indicators count too (exports), else
    only Kolada's KPIs (the sync never touches an own indicator)."""
    kpis = list(dict.fromkeys(kpis))
    candidates = Indicator.objects.all() if own else Indicator.objects.kolada()
    known = set(candidates.filter(code__in=kpis).values_list("code", flat=True))
    unknown = [code for code in kpis if code not in known]
    if not own and any(code.upper().startswith(OWN_PREFIX) for code in unknown):
        raise ImportDataError(
            f"{', '.join(c for c in unknown if c.upper().startswith(OWN_PREFIX))}: own indicators, not in Kolada; "
            "import their values on their own page",
            field="kpi",
        )
    if unknown:
        raise ImportDataError(
            f"unknown KPI(s) {', '.join(unknown)}; run 'kunskapsnod kolada load-metadata' first?", field="kpi"
        )
    if not kpis:
        raise ImportDataError("no KPI given", field="kpi")
    return kpis


def fetch_kolada_values(
    *,
    client: KoladaClient,
    kpis: list[str],
    municipalities: list[str],
    years: Iterable[int] = (),
    on_progress: Progress | None = None,
) -> list[ValueRow]:
    """Every value for the combinations asked for, page by page; deleted values skipped."""
    requests = data_requests(kpis, municipalities, years)
    rows: list[ValueRow] = []
    for done, request in enumerate(requests, start=1):
        for url, page in client.pages(request):
            label = url.split("/v3/", 1)[-1]
            rows.extend(parse_kolada_page(page, file=url, source=f"Kolada API v3: {label}"))
        if on_progress:
            on_progress(done, len(requests))
    return rows


def sync_kolada_values(
    *,
    kpis: list[str],
    municipalities: list[str],
    first_year: int | None = None,
    last_year: int | None = None,
    client: KoladaClient | None = None,
    actor=None,
    on_progress: Progress | None = None,
) -> ImportSummary:
    """Fetch from Kolada, then upsert everything in one transaction (see import_kolada_values).

    ``municipalities`` are tokens for ``resolve_areas``; years default to all."""
    kpis, areas = check_kpis(kpis), resolve_areas(municipalities)
    if not areas:
        raise ImportDataError("no municipality given", field="municipality")
    years = range(first_year, (last_year or date.today().year) + 1) if first_year else ()
    owned = client is None
    client = client or KoladaClient()
    try:
        fetched_at = timezone.now()
        rows = fetch_kolada_values(client=client, kpis=kpis, municipalities=areas, years=years, on_progress=on_progress)
    finally:
        if owned:
            client.close()
    return import_kolada_values(
        rows=rows, source="Kolada API v3", file="Kolada API v3", actor=actor, fetched_at=fetched_at
    )
