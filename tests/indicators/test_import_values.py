import pytest
from django.conf import settings

from kunskapsnod.indicators.models import ImportBatch, Value, ValueRevision
from kunskapsnod.indicators.services import (
    ImportDataError,
    import_kolada_values,
    parse_values_csv,
    read_values_file,
)

KOLADA = settings.DATA_DIR / "kolada"
HEADER = "kpi,municipality_id,period,gender,value,status,source\n"


def _import(text, file="upload.csv"):
    return import_kolada_values(rows=parse_values_csv(text, file=file), source=file, file=file)


def test_it_imports_every_row_of_the_real_values_file(indicators):
    rows = read_values_file(KOLADA / "values.csv")
    summary = import_kolada_values(rows=rows, source="values.csv")
    assert summary.created == len(rows) == 9_480
    assert Value.objects.count() == 9_480
    privacy = Value.objects.get(indicator__code="N15563", area__kolada_id="1401", period=2020, gender="K")
    assert privacy.value is None and privacy.status == "Privacy"
    assert privacy.source.startswith("goeranh/fs_website2")


def test_a_second_import_changes_nothing(indicators):
    rows = read_values_file(KOLADA / "values.csv")
    import_kolada_values(rows=rows, source="values.csv")
    before = list(Value.objects.values_list("id", "value", "status", "fetched_at", "batch_id"))
    summary = import_kolada_values(rows=rows, source="values.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 9_480)
    after = list(Value.objects.values_list("id", "value", "status", "fetched_at", "batch_id"))
    assert before == after
    assert not ValueRevision.objects.exists()


def test_it_reads_the_kolada_v3_response(indicators):
    rows = read_values_file(KOLADA / "v3-N02797-sjuharad.json")
    summary = import_kolada_values(rows=rows, source="v3")
    assert summary.created == len(rows) > 0
    assert {r.kpi for r in rows} == {"N02797"}
    assert Value.objects.for_area("1490").for_indicator("N02797").exists()


def test_a_changed_value_keeps_its_previous_state_as_a_revision(indicators):
    _import(HEADER + "N02797,1490,2019,T,7.5,,first\n")
    summary = _import(HEADER + "N02797,1490,2019,T,,Privacy,second\n")
    assert summary.updated == 1
    value = Value.objects.get()
    assert (value.value, value.status, value.source) == (None, "Privacy", "second")
    revision = value.revisions.get()
    assert (revision.previous_value, revision.previous_status) == (7.5, "")
    assert revision.previous_source == "first" and revision.batch == value.batch


def test_the_batch_counts_what_it_did(indicators):
    _import(HEADER + "N02797,1490,2019,T,7.5,,a\nN02797,1490,2020,T,8,,a\n")
    summary = _import(HEADER + "N02797,1490,2019,T,7.5,,a\nN02797,1490,2020,T,9,,a\nN02797,1490,2021,T,9,,a\n")
    batch = ImportBatch.objects.get(pk=summary.batch.pk)
    assert (batch.created, batch.updated, batch.unchanged) == (1, 1, 1)
    assert batch.finished_at is not None


def test_it_reads_what_swedish_excel_writes(indicators):
    text = (
        "\ufeffkpi;municipality_id;period;gender;value;status;source\n"
        "N02797;1490;2019;K;7,25;;Excel\nN02797;14;2019;T;1 234,5;;Excel\n"
    )
    rows = parse_values_csv(text, file="excel.csv")
    assert [(r.municipality, r.value) for r in rows] == [("1490", 7.25), ("0014", 1234.5)]


def test_it_reads_cp1252(indicators, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes(
        "kpi;municipality_id;period;gender;value;status;source\nN02797;1490;2019;T;7,5;;Borås kommun\n".encode("cp1252")
    )
    assert read_values_file(path)[0].source == "Borås kommun"


@pytest.mark.parametrize(
    ("body", "where", "field"),
    [
        ("N99999X,1490,2019,T,7,,s\n", "line 3", "kpi"),
        ("N02797,9999,2019,T,7,,s\n", "line 3", "municipality"),
        ("N02797,1490,2019,T,sju,,s\n", "line 3", "value"),
        ("N02797,1490,2019,X,7,,s\n", "line 3", "gender"),
        ("N02797,1490,tjugo,T,7,,s\n", "line 3", "period"),
        ("N02797,1490,2019,T,100.5,,s\n", "line 3", "value"),
        ("N02797,1490,2019,T,-1,,s\n", "line 3", "value"),
        ("N02797,1490,2019,T,8,,s\n", "line 3", "value"),
    ],
)
def test_bad_input_writes_nothing_and_names_file_line_and_field(indicators, body, where, field):
    text = HEADER + "N02797,1490,2019,T,7,,s\n" + body
    with pytest.raises(ImportDataError) as caught:
        _import(text, file="bad.csv")
    assert caught.value.file == "bad.csv"
    assert caught.value.where == where and caught.value.field == field
    assert str(caught.value).startswith(f"bad.csv, {where}, field '{field}': ")
    assert not Value.objects.exists() and not ImportBatch.objects.exists()


def test_the_same_key_twice_with_the_same_value_is_accepted(indicators):
    summary = _import(HEADER + "N02797,1490,2019,T,7,,s\nN02797,1490,2019,T,7,,s\n")
    assert summary.created == 1


def test_it_refuses_a_file_without_the_required_columns(indicators):
    with pytest.raises(ImportDataError, match="missing column"):
        _import("kpi,period\nN02797,2019\n")


def test_a_failed_import_leaves_earlier_values_alone(indicators):
    _import(HEADER + "N02797,1490,2019,T,7,,s\n")
    with pytest.raises(ImportDataError):
        _import(HEADER + "N02797,1490,2019,T,8,,s\nN02797,1490,2020,T,x,,s\n")
    assert Value.objects.get().value == 7


def test_demo_imports_may_skip_areas_outside_the_region_list(indicators):
    rows = parse_values_csv(HEADER + "N02797,0180,2019,T,7,,s\nN02797,1490,2019,T,7,,s\n")
    summary = import_kolada_values(rows=rows, source="demo", skip_unknown_areas=True)
    assert (summary.created, summary.skipped, summary.skipped_areas) == (1, 1, {"0180"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"values": [', "bad.json, line 1, column 13: malformed JSON"),
        ('{"count": 3}', "bad.json, top level, field 'values': expected a Kolada v3 response"),
        ('[{"values": []}, {"values": 3}]', "bad.json, page 2, field 'values'"),
        (
            '{"values": [{"kpi": "N02797", "municipality": "1490", "values": []}]}',
            "bad.json, item 1, field 'period': missing",
        ),
        (
            '{"values": [{"kpi": "N02797", "municipality": "1490", "period": 2019,'
            ' "values": [{"gender": "T", "value": 1}, {"gender": "X", "value": 2}]}]}',
            "bad.json, item 1, value 2, field 'gender'",
        ),
    ],
)
def test_a_wrongly_shaped_v3_file_names_the_place(indicators, tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportDataError) as caught:
        read_values_file(path)
    assert str(caught.value).startswith(message)


def test_an_unknown_kpi_in_a_v3_file_names_item_and_value(indicators, tmp_path):
    path = tmp_path / "v3.json"
    path.write_text(
        '{"values": [{"kpi": "N00000X", "municipality": "1490", "period": 2019,'
        ' "values": [{"gender": "T", "value": 1, "status": ""}]}]}'
    )
    with pytest.raises(ImportDataError, match=r"^v3.json, item 1, value 1, field 'kpi': unknown"):
        import_kolada_values(rows=read_values_file(path), source="v3", file="v3.json")
    assert not Value.objects.exists()
