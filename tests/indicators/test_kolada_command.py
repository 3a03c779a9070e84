import json

import httpx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kunskapsnod.indicators.kolada import KoladaClient
from kunskapsnod.indicators.models import Value, ValueRevision
from kunskapsnod.indicators.services.sync import resolve_areas, sync_kolada_values

KOLADA = settings.DATA_DIR / "kolada"
V3 = json.loads((KOLADA / "v3-N02797-sjuharad.json").read_text("utf-8"))


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("kolada", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_reads_the_v3_file_and_reports(indicators):
    output = _run("import", str(KOLADA / "v3-N02797-sjuharad.json"))
    assert "348 created, 0 updated, 0 unchanged" in output
    assert Value.objects.count() == 348


def test_import_reads_a_csv_by_its_content(indicators, tmp_path):
    path = tmp_path / "values.txt"
    path.write_text(
        "kpi;municipality_id;period;gender;value;status;source\nN02797;1490;2019;T;7,5;;mine\n", encoding="cp1252"
    )
    _run("import", str(path))
    assert Value.objects.get().value == 7.5


def test_a_bad_file_is_a_command_error_and_writes_nothing(indicators, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"values": [{"kpi": "N02797", "municipality": "1490", "period": 2019,'
        ' "values": [{"gender": "T", "value": "x"}]}]}'
    )
    with pytest.raises(CommandError, match="bad.json, item 1, value 1, field 'value'"):
        _run("import", str(path))
    assert not Value.objects.exists()


def test_a_missing_file_is_a_command_error(indicators, tmp_path):
    with pytest.raises(CommandError, match="nothing.csv"):
        _run("import", str(tmp_path / "nothing.csv"))


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_then_import_changes_nothing(indicators, tmp_path, fmt):
    _run("import", str(KOLADA / "values.csv"))
    before = list(Value.objects.order_by("pk").values_list())
    path = tmp_path / f"export.{fmt}"
    _run("export", "--kpi", "N02797,N15563", "--format", fmt, "--output", str(path))
    output = _run("import", str(path))
    assert " 0 created, 0 updated" in output
    assert list(Value.objects.order_by("pk").values_list()) == before


def test_export_keeps_gender_status_and_source(indicators):
    _run("import", str(KOLADA / "values.csv"))
    text = _run("export", "--kpi", "N15563", "--municipality", "1401")
    assert "N15563,1401,2020,K,,Privacy,goeranh/fs_website2:data/kommunblad/gymbeh.xlsx" in text


def test_export_to_excel_by_association(indicators, tmp_path):
    _run("import", str(KOLADA / "values.csv"))
    path = tmp_path / "sjuharad.xlsx"
    _run("export", "--kpi", "N02797", "--municipality", "sjuharad", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("kpi", "municipality_id", "period", "gender", "value")
    assert {r[1] for r in rows[1:]} == {"1490", "1491", "1442", "1443", "1452", "1463", "1465", "1466"} - {"0014"}
    assert len(rows) - 1 == Value.objects.for_indicator("N02797").for_area(resolve_areas(["sjuharad"])).count()


def test_export_of_an_unknown_kpi_is_an_error(indicators):
    with pytest.raises(CommandError, match="unknown KPI"):
        _run("export", "--kpi", "X1")


def test_load_metadata_reports_counts(db):
    assert "6100 created" in _run("load-metadata")
    assert "6100 unchanged" in _run("load-metadata")


def test_municipality_accepts_ids_slugs_and_associations(indicators):
    assert resolve_areas(["1490", "mark"]) == ["1490", "1463"]
    assert len(resolve_areas(["sjuharad"])) == 8
    with pytest.raises(Exception, match="unknown municipality"):
        resolve_areas(["atlantis"])


def _kolada_with(changes=None, deleted=None):
    """Serves the real v3 values for whatever path is asked, optionally altered."""

    def handler(request):
        parts = request.url.path.split("/")
        municipalities = set(parts[parts.index("municipality") + 1].split(","))
        items = json.loads(json.dumps([v for v in V3["values"] if v["municipality"] in municipalities]))
        for item in items:
            for entry in item["values"]:
                key = (item["municipality"], item["period"], entry["gender"])
                entry.update((changes or {}).get(key, {}))
                entry["isdeleted"] = key in (deleted or set())
        return httpx.Response(200, json={"values": items, "count": len(items), "next_url": None})

    return KoladaClient(transport=httpx.MockTransport(handler), sleep=lambda s: None)


def test_sync_imports_an_association_and_reports_progress(indicators):
    progress = []
    summary = sync_kolada_values(
        kpis=["N02797"],
        municipalities=["sjuharad"],
        client=_kolada_with(deleted={("1490", 2018, "T")}),
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert progress == [(1, 1)]
    assert summary.created == Value.objects.count() > 0
    assert not Value.objects.filter(area__kolada_id="1490", period=2018, gender="T").exists()
    assert Value.objects.first().source.startswith("Kolada API v3: data/kpi/N02797/")


def test_a_second_sync_records_what_kolada_revised(indicators):
    sync_kolada_values(kpis=["N02797"], municipalities=["1490"], client=_kolada_with())
    revised = _kolada_with(changes={("1490", 2018, "T"): {"value": None, "status": "Missing"}})
    summary = sync_kolada_values(kpis=["N02797"], municipalities=["1490"], client=revised)
    assert summary.updated == 1 and summary.created == 0
    revision = ValueRevision.objects.get()
    assert revision.value_row.status == "Missing" and revision.previous_value is not None


def test_the_sync_command_fetches_and_reports(indicators, monkeypatch):
    monkeypatch.setattr("kunskapsnod.indicators.services.sync.KoladaClient", lambda: _kolada_with())
    output = _run("sync", "--kpi", "N02797", "--municipality", "sjuharad,0014", "--from", "2015")
    assert output.startswith("Kolada API v3: ")
    assert "created" in output
    assert Value.objects.for_area("0014").exists()


def test_the_sync_command_refuses_an_unknown_area(indicators):
    with pytest.raises(CommandError, match="unknown municipality, association or Kolada id"):
        _run("sync", "--kpi", "N02797", "--municipality", "atlantis")


def test_a_damaged_workbook_is_a_clear_error(indicators, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="broken.xlsx: not a readable Excel workbook"):
        _run("import", str(path))
