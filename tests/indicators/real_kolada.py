"""The real Kolada data (data/kolada: all KPI metadata and the 9,480 values of values.csv),
loaded once per test module through the app's own importers, and removed again when the
module is done so that other modules start from an empty value table.

Use in a test module:

    from real_kolada import kolada_module, kolada_values  # noqa: F401
    pytestmark = pytest.mark.usefixtures("kolada_values")
"""

import datetime as dt

import pytest
from django.conf import settings

from kunskapsnod.indicators.models import ImportBatch, Indicator, Value, ValueRevision
from kunskapsnod.indicators.services import (
    import_kolada_values,
    load_indicator_metadata,
    read_values_file,
)
from kunskapsnod.regions.models import Membership, Organisation
from kunskapsnod.regions.services import import_regions

VALUES_CSV = settings.DATA_DIR / "kolada" / "values.csv"
# The values were saved from Kolada in 2021 and 2026; the tests pin the fetch date so
# the source line they assert on does not depend on the day the suite runs.
FETCHED_AT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _load():
    import_regions(settings.DATA_DIR / "regions.csv")
    load_indicator_metadata()
    import_kolada_values(
        rows=read_values_file(VALUES_CSV), source=VALUES_CSV.name, file=VALUES_CSV.name, fetched_at=FETCHED_AT
    )


def _remove():
    # Plain SQL deletes, in this order: the collector would visit every app's relations,
    # and Indicator is audited, so 6,100 deletions wrote 6,100 committed audit entries (8 s
    # a module). Nothing else refers to these rows (each test rolls its own rows back).
    for model in (ValueRevision, Value, ImportBatch, Indicator, Membership, Organisation):
        model.objects.all()._raw_delete(model.objects.db)


@pytest.fixture(scope="module")
def kolada_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _remove()
        _load()
    yield
    with django_db_blocker.unblock():
        _remove()


@pytest.fixture
def kolada_values(kolada_module, db):
    """Regions, every KPI and the real values, as stored by the importers."""
    return Value.objects


def csv_values(kpi: str, period: int, gender: str = "T") -> dict[str, float | None]:
    """The raw file's values for one KPI and year, read without the app: what tests compare to."""
    import csv

    with VALUES_CSV.open(encoding="utf-8-sig") as f:
        return {
            row["municipality_id"]: (float(row["value"]) if row["value"] and not row["status"] else None)
            for row in csv.DictReader(f)
            if row["kpi"] == kpi and int(row["period"]) == period and row["gender"] == gender
        }
