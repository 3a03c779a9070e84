"""Fetching values from the live Kolada API and importing them in one transaction."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min
from django.utils import timezone

from kunskapsnod.indicators.kolada import KoladaClient, data_requests
from kunskapsnod.indicators.models import OWN_PREFIX, ImportBatch, Indicator, Value, ValueRevision
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
    from_date: date | None = None,
    on_progress: Progress | None = None,
) -> list[ValueRow]:
    """Every value for the combinations asked for, page by page; deleted values skipped;
    with ``from_date`` only those Kolada added or changed since that day."""
    requests = data_requests(kpis, municipalities, years, from_date=from_date)
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


# --- The nightly refresh ----------------------------------------------------------------------

REFRESH_SOURCE = "Kolada API v3 (refresh)"
# Days fetched again before the last refresh: a value Kolada changed during the last run (or
# on a day its clock and ours disagree about) is fetched again rather than missed.
REFRESH_OVERLAP = timedelta(days=1)
REVISIONS_LISTED = 50  # revisions named one by one in the summary; the rest are counted


@dataclass
class RefreshSummary:
    kpis: int
    areas: int
    requests: int
    since: date | None
    imported: ImportSummary | None
    revisions: list[str] = field(default_factory=list)
    more_revisions: int = 0

    def __str__(self) -> str:
        since = f"changed since {self.since.isoformat()}" if self.since else "everything (first refresh)"
        head = f"Kolada refresh: {self.kpis} KPIs x {self.areas} areas held here, {self.requests} requests, {since}"
        if self.imported is None:
            return f"{head}: nothing to refresh (no Kolada values stored yet)"
        lines = [f"{head}: {self.imported}"]
        lines += [f"  revised {line}" for line in self.revisions]
        if self.more_revisions:
            batch = self.imported.batch.pk if self.imported.batch else "?"
            lines.append(f"  ... and {self.more_revisions} more revisions (import batch {batch})")
        return "\n".join(lines)


def refresh_since() -> date | None:
    """The day from which Kolada's changes are fetched: the last refresh's start (less the
    overlap), or earlier if values were imported since with an older retrieval date (a file
    saved long ago: anything Kolada changed after it was saved counts). None: never
    refreshed and nothing stored with a date, so everything is fetched."""
    last = ImportBatch.objects.filter(source=REFRESH_SOURCE, finished_at__isnull=False).order_by("-started_at").first()
    values = Value.objects.filter(indicator__in=Indicator.objects.kolada())
    if last is not None:
        values = values.filter(batch__started_at__gte=last.started_at).exclude(batch__source=REFRESH_SOURCE)
    oldest = values.aggregate(oldest=Min("fetched_at"))["oldest"]
    candidates = [moment for moment in (oldest, last.started_at if last else None) if moment is not None]
    if not candidates:
        return None
    return (timezone.localtime(min(candidates)) - REFRESH_OVERLAP).date()


def refresh_kolada_values(
    *, client: KoladaClient | None = None, since: date | None = None, on_progress: Progress | None = None
) -> RefreshSummary:
    """The nightly refresh: for the Kolada KPIs and areas this installation already holds
    values of, fetch only what Kolada added or changed since the last refresh (v3's
    ``from_date``) and import it; changed values keep their previous state as revisions,
    which the summary lists (old -> new)."""
    held = Value.objects.filter(indicator__in=Indicator.objects.kolada())
    kpis = sorted(set(held.values_list("indicator__code", flat=True).distinct()))
    areas = sorted({area for area in held.values_list("area__kolada_id", flat=True).distinct() if area})
    since = since or refresh_since()
    requests = len(data_requests(kpis, areas, from_date=since))
    if not kpis or not areas:
        return RefreshSummary(kpis=0, areas=0, requests=0, since=since, imported=None)
    owned = client is None
    client = client or KoladaClient()
    try:
        fetched_at = timezone.now()
        rows = fetch_kolada_values(
            client=client, kpis=kpis, municipalities=areas, from_date=since, on_progress=on_progress
        )
    finally:
        if owned:
            client.close()
    imported = import_kolada_values(rows=rows, source=REFRESH_SOURCE, file=REFRESH_SOURCE, fetched_at=fetched_at)
    revisions = (
        ValueRevision.objects.filter(batch=imported.batch)
        .select_related("value_row__indicator", "value_row__area")
        .order_by("value_row__indicator__code", "value_row__area__kolada_id", "value_row__period", "value_row__gender")
    )
    listed = [_revision_line(revision) for revision in revisions[:REVISIONS_LISTED]]
    return RefreshSummary(
        kpis=len(kpis),
        areas=len(areas),
        requests=requests,
        since=since,
        imported=imported,
        revisions=listed,
        more_revisions=max(imported.updated - len(listed), 0),
    )


def _shown(value: float | None, status: str) -> str:
    if status or value is None:
        return f"({status or 'missing'})"
    return f"{value:g}"


def _revision_line(revision: ValueRevision) -> str:
    row = revision.value_row
    return (
        f"{row.indicator.code} {row.area.kolada_id} {row.area.name} {row.period} {row.gender}: "
        f"{_shown(revision.previous_value, revision.previous_status)} -> {_shown(row.value, row.status)}"
    )
