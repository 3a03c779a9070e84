import csv
import io

import pytest
from django.conf import settings

from kunskapsnod.indicators import demo
from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.indicators.services import import_kolada_values, read_values_file
from kunskapsnod.regions.models import Organisation

VALUES = settings.DATA_DIR / "kolada" / "values.csv"
MORE = settings.DATA_DIR / "kolada" / "values-more.csv"


def _keys(path) -> set[tuple]:
    with path.open(encoding="utf-8") as handle:
        return {(r["kpi"], r["municipality_id"], r["period"], r["gender"] or "T") for r in csv.DictReader(handle)}


def _rows_in_values_csv() -> int:
    return sum(1 for _ in csv.DictReader(VALUES.open(encoding="utf-8")))


def test_after_the_demo_every_row_of_both_value_files_is_stored(regions):
    out = io.StringIO()
    demo.load(out)
    new_in_more = _keys(MORE) - _keys(VALUES)
    assert _rows_in_values_csv() == 9_480
    assert Value.objects.count() == 9_480 + len(new_in_more)
    assert Indicator.objects.count() == 6_100
    assert "values.csv: 9480 created" in out.getvalue()
    assert f"values-more.csv: {len(new_in_more)} created" in out.getvalue()


def test_running_the_demo_again_changes_nothing(indicators):
    demo.load(io.StringIO())
    before = list(Value.objects.order_by("pk").values_list())
    out = io.StringIO()
    demo.load(out)
    assert list(Value.objects.order_by("pk").values_list()) == before
    assert "0 created, 0 updated, 9480 unchanged" in out.getvalue()
    assert f"0 created, 0 updated, {len(_keys(MORE))} unchanged" in out.getvalue()


@pytest.mark.parametrize("path", [VALUES, MORE], ids=["values", "values-more"])
def test_every_area_of_the_bundled_values_is_a_known_organisation(regions, path):
    ids = {key[1] for key in _keys(path)}
    assert ids <= set(regions.filter(kolada_id__in=ids).values_list("kolada_id", flat=True))


def test_values_more_brings_the_key_indicator_for_every_municipality(indicators):
    demo.load(io.StringIO())
    municipalities = Organisation.objects.municipalities()
    with_n15428 = municipalities.filter(indicator_values__indicator__code="N15428", indicator_values__period=2025)
    assert with_n15428.distinct().count() == municipalities.count() == 50


def _write(path, lines):
    path.write_text("kpi,municipality_id,period,gender,value,status,source\n" + "\n".join(lines) + "\n", "utf-8")
    return path


def test_a_later_file_wins_an_overlap_with_a_revision_and_a_second_run_keeps_it(indicators, tmp_path, monkeypatch):
    earlier = _write(tmp_path / "a.csv", ["N15428,1490,2024,T,80.0,,early", "N15428,1490,2023,T,70.0,,early"])
    later = _write(tmp_path / "b.csv", ["N15428,1490,2024,T,81.5,,late", "N15428,1490,2023,T,70.0,,late"])
    monkeypatch.setattr(demo, "VALUE_FILES", [earlier, later])
    demo.load(io.StringIO())
    changed = Value.objects.get(indicator__code="N15428", area__kolada_id="1490", period=2024)
    assert (changed.value, changed.source) == (81.5, "late")
    assert list(changed.revisions.values_list("previous_value", "previous_source")) == [(80.0, "early")]
    out = io.StringIO()
    demo.load(out)
    assert Value.objects.get(pk=changed.pk).value == 81.5
    assert changed.revisions.count() == 1
    assert "a.csv: 0 created, 0 updated, 1 unchanged" in out.getvalue()
    assert "b.csv: 0 created, 0 updated, 2 unchanged" in out.getvalue()


def test_the_v3_file_agrees_with_values_csv(indicators):
    demo.load(io.StringIO())
    v3 = settings.DATA_DIR / "kolada" / "v3-N02797-sjuharad.json"
    summary = import_kolada_values(rows=read_values_file(v3), source=v3.name)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 348)
