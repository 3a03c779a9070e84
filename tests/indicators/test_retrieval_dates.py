"""A value's ``fetched_at`` is when it was retrieved from Kolada, not when it was imported:
the bundled values were saved in 2021 and 2026 (data/kolada/sources.csv), and the pages
say so ("Källa: Kolada, hämtad 2021 och 2026")."""

import datetime as dt
import io
import json
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from kunskapsnod.indicators import demo
from kunskapsnod.indicators.models import ImportBatch, Value
from kunskapsnod.indicators.services import ImportDataError, import_kolada_values, parse_values_csv, read_values_file
from kunskapsnod.indicators.services.exporting import export_values
from kunskapsnod.indicators.services.parsing import parse_kolada_json, parse_values_xlsx
from kunskapsnod.indicators.services.provenance import known_sources

KOLADA = settings.DATA_DIR / "kolada"
UTC = dt.UTC


def _import_bundled():
    return import_kolada_values(
        rows=read_values_file(KOLADA / "values.csv"), source="values.csv", file="values.csv", skip_unknown_areas=True
    )


def _years() -> Counter:
    return Counter(d.year for d in Value.objects.values_list("fetched_at", flat=True))


def test_the_bundled_values_keep_the_year_they_were_retrieved_and_the_batch_the_import_time(indicators):
    before = timezone.now()
    summary = _import_bundled()
    assert _years() == {2021: 9368, 2026: 112}
    fs_website = Value.objects.filter(source__startswith="goeranh/fs_website2:")
    assert set(fs_website.values_list("fetched_at", flat=True)) == {dt.datetime(2021, 1, 1, tzinfo=UTC)}
    assert summary.batch.started_at >= before
    assert ImportBatch.objects.get().finished_at >= summary.batch.started_at


def test_demo_loads_the_values_with_their_retrieval_years(indicators):
    demo.load(io.StringIO())
    # values.csv: 2021 and 2026; values-more.csv: claesludvig/projekt 2026, RaquelSandblad 2025.
    assert _years() == {2021: 9368, 2026: 112 + 555, 2025: 183}


def test_every_source_of_the_bundled_files_has_a_documented_retrieval_date():
    sources = {row.source for path in demo.VALUE_FILES for row in read_values_file(path)}
    sources.add("v3-N02797-sjuharad.json")
    known = known_sources()
    assert all(any(s.startswith(prefix) for prefix, _ in known) for s in sources)
    readme = (settings.DATA_DIR / "README.md").read_text("utf-8")
    assert "kolada/sources.csv" in readme


@pytest.mark.parametrize("column", ["fetched_at", "retrieved"])
def test_a_csv_may_say_when_each_value_was_retrieved(indicators, column):
    rows = parse_values_csv(
        f"kpi,municipality_id,period,value,{column}\n"
        "N02797,1490,2019,7.5,2024-05-06\n"
        "N02797,1490,2020,7.6,2025-02-03T10:15:00+01:00\n"
        "N02797,1490,2021,7.7,\n",
        file="mine.csv",
    )
    import_kolada_values(rows=rows, source="mine.csv", fetched_at=dt.datetime(2026, 11, 1, tzinfo=UTC))
    dates = dict(Value.objects.values_list("period", "fetched_at"))
    assert dates == {
        2019: dt.datetime(2024, 5, 6, tzinfo=UTC),
        2020: dt.datetime(2025, 2, 3, 9, 15, tzinfo=UTC),
        2021: dt.datetime(2026, 11, 1, tzinfo=UTC),  # no date in the file: the import's
    }


def test_a_bad_retrieval_date_names_line_and_field():
    with pytest.raises(ImportDataError, match="mine.csv, line 2, field 'fetched_at'"):
        parse_values_csv("kpi,municipality_id,period,value,fetched_at\nN02797,1490,2019,7.5,igår\n", file="mine.csv")


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_carries_the_retrieval_date_and_reimport_changes_nothing(indicators, fmt):
    _import_bundled()
    before = list(Value.objects.order_by("pk").values_list())
    data = export_values(kpis=["N02797", "N15428"], format=fmt)
    if fmt == "csv":
        rows = parse_values_csv(data.decode(), file="export.csv")
    elif fmt == "json":
        rows = parse_kolada_json(data.decode(), file="export.json")
        assert json.loads(data)["values"][0]["values"][0]["fetched_at"].startswith("2021-01-01T00:00:00")
    else:
        rows = parse_values_xlsx(data, file="export.xlsx")
    assert {row.fetched_at.year for row in rows} == {2021, 2026}
    summary = import_kolada_values(rows=rows, source="export", fetched_at=dt.datetime(2030, 1, 1, tzinfo=UTC))
    assert (summary.created, summary.updated, summary.redated) == (0, 0, 0)
    assert list(Value.objects.order_by("pk").values_list()) == before


def test_an_unchanged_value_takes_an_earlier_retrieval_date_without_a_revision(indicators):
    """A database filled before the retrieval dates existed is put right by importing again."""
    rows = [r._replace(fetched_at=None) for r in read_values_file(KOLADA / "values.csv") if r.kpi == "N15428"]
    import_kolada_values(rows=rows, source="old import")
    summary = import_kolada_values(rows=read_values_file(KOLADA / "values.csv"), source="again")
    assert summary.redated == 56 and summary.updated == 0
    assert _years() == {2021: 9368, 2026: 112}
    assert not Value.objects.filter(revisions__isnull=False).exists()


def test_the_command_import_of_the_bundled_file_keeps_the_years(indicators):
    call_command("kolada", "import", str(KOLADA / "values.csv"), stdout=io.StringIO())
    assert _years() == {2021: 9368, 2026: 112}


def test_the_profile_page_says_when_the_values_were_retrieved(indicators, client, boras_reader, org):
    _import_bundled()
    client.force_login(boras_reader)
    html = client.get(f"/kommun/{org('vargarda').slug}/statistik/").content.decode()
    assert "Källa: Kolada, hämtad 2021 och 2026" in html
    assert "hämtad 2026-" not in html
