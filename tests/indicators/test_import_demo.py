import csv
import io

from django.conf import settings

from kunskapsnod.indicators import demo
from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.indicators.services import import_kolada_values, read_values_file

VALUES = settings.DATA_DIR / "kolada" / "values.csv"


def _rows_in_values_csv() -> int:
    return sum(1 for _ in csv.DictReader(VALUES.open(encoding="utf-8")))


def test_after_the_demo_every_row_of_values_csv_is_stored(regions):
    out = io.StringIO()
    demo.load(out)
    assert Value.objects.count() == _rows_in_values_csv() == 9_480
    assert Indicator.objects.count() == 6_100
    assert "9480 created" in out.getvalue()


def test_running_the_demo_again_changes_nothing(indicators):
    demo.load(io.StringIO())
    before = list(Value.objects.order_by("pk").values_list())
    out = io.StringIO()
    demo.load(out)
    assert list(Value.objects.order_by("pk").values_list()) == before
    assert "0 created, 0 updated, 9480 unchanged" in out.getvalue()


def test_every_area_of_values_csv_is_a_known_organisation(regions):
    with VALUES.open(encoding="utf-8") as handle:
        ids = {row["municipality_id"] for row in csv.DictReader(handle)}
    assert ids <= set(regions.filter(kolada_id__in=ids).values_list("kolada_id", flat=True))


def test_the_v3_file_agrees_with_values_csv(indicators):
    demo.load(io.StringIO())
    v3 = settings.DATA_DIR / "kolada" / "v3-N02797-sjuharad.json"
    summary = import_kolada_values(rows=read_values_file(v3), source=v3.name)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 348)
