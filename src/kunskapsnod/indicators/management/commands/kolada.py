"""`kunskapsnod kolada sync|refresh|import|export|load-metadata`: Kolada values in and out."""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kunskapsnod.indicators.kolada import KoladaError
from kunskapsnod.indicators.services import (
    ImportDataError,
    import_kolada_values,
    load_indicator_metadata,
    read_values_file,
)
from kunskapsnod.indicators.services.exporting import FORMATS, export_values
from kunskapsnod.indicators.services.sync import (
    check_kpis,
    refresh_kolada_values,
    resolve_areas,
    split_ids,
    sync_kolada_values,
)


class Command(BaseCommand):
    help = "Kolada key figures: sync from the API, import a file, export, load KPI metadata."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sync = actions.add_parser("sync", help="fetch values from the live Kolada API v3")
        sync.add_argument("--kpi", required=True, help="comma-separated KPI ids, e.g. N15428")
        sync.add_argument(
            "--municipality", required=True, help="comma-separated Kolada ids, municipality or association slugs"
        )
        sync.add_argument("--from", dest="first_year", type=int, help="first year")
        sync.add_argument("--to", dest="last_year", type=int, help="last year (default: now)")
        load = actions.add_parser("import", help="import a saved v3 /data response or a CSV")
        load.add_argument("path", type=Path)
        export = actions.add_parser("export", help="export stored values")
        export.add_argument("--kpi", required=True)
        export.add_argument("--municipality", help="default: every area")
        export.add_argument("--format", choices=FORMATS, default="csv")
        export.add_argument("--output", type=Path, help="file to write (default: stdout)")
        actions.add_parser("load-metadata", help="load the metadata of all Kolada KPIs")
        refresh = actions.add_parser(
            "refresh", help="the nightly refresh: what Kolada changed since the last one, for the KPIs and areas held"
        )
        refresh.add_argument("--since", type=date.fromisoformat, help="fetch changes since this day (YYYY-MM-DD)")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action.replace('-', '_')}")(**options)
        except (ImportDataError, KoladaError) as exc:
            raise CommandError(str(exc)) from None

    def _load_metadata(self, **options):
        summary = load_indicator_metadata()
        self.stdout.write(
            f"KPI metadata: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
        )

    def _refresh(self, *, since, **options):
        self.stdout.write(str(refresh_kolada_values(since=since)))

    def _import(self, *, path, **options):
        rows = read_values_file(path)
        summary = import_kolada_values(rows=rows, source=f"file:{path.name}", file=path.name)
        self.stdout.write(f"{path.name}: {summary}")

    def _sync(self, *, kpi, municipality, first_year, last_year, **options):
        with Progress(
            TextColumn("Kolada"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True)
        ) as progress:
            task = progress.add_task("requests", total=None)
            summary = sync_kolada_values(
                kpis=split_ids(kpi),
                municipalities=split_ids(municipality),
                first_year=first_year,
                last_year=last_year,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        self.stdout.write(f"Kolada API v3: {summary}")

    def _export(self, *, kpi, municipality, format, output, **options):
        areas = resolve_areas(split_ids(municipality)) if municipality else None
        data = export_values(kpis=check_kpis(split_ids(kpi), own=True), areas=areas, format=format)
        if output is None:
            if format == "xlsx":
                raise CommandError("--format xlsx needs --output PATH")
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        output.write_bytes(data)
        self.stderr.write(f"wrote {output} ({len(data):,} bytes)")
