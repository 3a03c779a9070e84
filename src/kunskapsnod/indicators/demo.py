"""`make demo`: all Kolada KPI metadata and the 9,480 real values of data/kolada/values.csv,
imported through the same importer users use (so loading the demo also tests it)."""

from django.conf import settings

from kunskapsnod.indicators.services import (
    import_kolada_values,
    load_indicator_metadata,
    read_values_file,
)

VALUES = settings.DATA_DIR / "kolada" / "values.csv"


def load(out) -> None:
    metadata = load_indicator_metadata()
    # Every area id in values.csv is in regions.csv; should the bundled file ever carry one
    # that is not, the demo skips it and says so (a user's file with one is an error).
    summary = import_kolada_values(
        rows=read_values_file(VALUES), source="data/kolada/values.csv", file=VALUES.name, skip_unknown_areas=True
    )
    out.write(f"indicators: {metadata.total} KPIs ({metadata.created} new); values.csv: {summary}")
