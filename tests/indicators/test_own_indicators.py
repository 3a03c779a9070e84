"""Own indicators: statistics from other sources than Kolada, defined by node staff, with
values imported from the long CSV/Excel format, never touched by Kolada's sync or import."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from kunskapsnod.indicators.models import OWN_PREFIX, Indicator, Value
from kunskapsnod.indicators.services import ImportDataError, import_kolada_values, load_indicator_metadata
from kunskapsnod.indicators.services.own import create_own_indicator, import_own_values, update_own_indicator
from kunskapsnod.indicators.services.parsing import parse_values_bytes, parse_values_csv
from kunskapsnod.indicators.services.sync import sync_kolada_values
from kunskapsnod.regions.permissions import PermissionDenied

CSV = (
    "kpi;municipality_id;period;gender;value;status\n"
    "EGEN-CAN-ALK;1490;2024;T;12,5;\n"
    "EGEN-CAN-ALK;1490;2024;K;10,1;\n"
    "EGEN-CAN-ALK;1490;2024;M;;Privacy\n"
    "EGEN-CAN-ALK;1441;2024;T;9,0;\n"
    "EGEN-CAN-ALK;0014;2024;T;11,0;\n"
)


def _create(actor, owner, code="can alk", **fields):
    defaults = {"title": "Elever i åk 9 som druckit alkohol, andel (%)", "unit": "andel (%)", "source": "CAN"}
    return create_own_indicator(actor=actor, owner=owner, code=code, **{**defaults, **fields})


@pytest.fixture
def can(indicators, sjuharad_staff, org):
    return _create(sjuharad_staff, org("sjuharad"), higher_is_better=False, source="CAN:s drogvaneundersökning")


def _rows(text=CSV, file="can.csv"):
    return parse_values_csv(text, file=file)


def test_it_stores_an_own_code_with_the_prefix_and_its_own_source(can):
    assert can.code == "EGEN-CAN-ALK"
    assert (can.is_own, can.source_name, can.in_default_set) == (True, "CAN:s drogvaneundersökning", True)
    assert Indicator.objects.own().get() == can
    assert not Indicator.objects.kolada().filter(pk=can.pk).exists()


def test_it_imports_values_per_area_year_and_gender_idempotently(can, sjuharad_staff):
    summary = import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (5, 0, 0)
    stored = dict(Value.objects.filter(indicator=can, area__kolada_id="1490").values_list("gender", "value"))
    assert stored == {"T": 12.5, "K": 10.1, "M": None}
    again = import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert summary.batch.actor == sjuharad_staff


def test_a_changed_value_keeps_the_old_one_as_a_revision(can, sjuharad_staff):
    import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(CSV.replace("12,5", "13,0")), file="ny.csv")
    value = Value.objects.get(indicator=can, area__kolada_id="1490", gender="T")
    assert value.value == 13.0
    assert list(value.revisions.values_list("previous_value", flat=True)) == [12.5]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("EGEN-CAN-ALK;9999;2024;T;1;", "municipality", "unknown municipality id"),
        ("N15428;1490;2024;T;1;", "kpi", "not this indicator"),
        ("EGEN-CAN-ALK;1490;2024;T;101;", "value", "not a percentage"),
    ],
)
def test_a_bad_row_names_file_line_and_field_and_writes_nothing(can, sjuharad_staff, line, field, message):
    with pytest.raises(ImportDataError, match=rf"can.csv, line 7, field '{field}': .*{message}"):
        import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(CSV + line + "\n"), file="can.csv")
    assert not Value.objects.filter(indicator=can).exists()


def test_a_parse_error_names_file_line_and_field():
    with pytest.raises(ImportDataError, match=r"can.csv, line 3, field 'period'"):
        parse_values_bytes(
            b"kpi,municipality_id,period,value\nEGEN-X,1490,2024,1\nEGEN-X,1490,tjugo,2\n", file="can.csv"
        )


def test_an_excel_workbook_in_the_same_format_is_read(can, sjuharad_staff):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kpi", "municipality_id", "period", "gender", "value"])
    sheet.append(["EGEN-CAN-ALK", "1490", 2023, "T", 14.0])
    out = io.BytesIO()
    workbook.save(out)
    rows = parse_values_bytes(out.getvalue(), file="can.xlsx")
    import_own_values(actor=sjuharad_staff, indicator=can, rows=rows, file="can.xlsx")
    assert Value.objects.get(indicator=can, period=2023).value == 14.0


# --- Kolada never touches an own indicator ----------------------------------------------


def test_kolada_import_refuses_an_own_code_and_leaves_its_values(can, sjuharad_staff):
    import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    before = list(Value.objects.filter(indicator=can).order_by("pk").values_list())
    with pytest.raises(ImportDataError, match="own indicator"):
        import_kolada_values(rows=_rows(CSV.replace("12,5", "99")), source="kolada.csv", file="kolada.csv")
    assert list(Value.objects.filter(indicator=can).order_by("pk").values_list()) == before


def test_the_kolada_import_command_refuses_an_own_code(can, tmp_path):
    path = tmp_path / "kolada.csv"
    path.write_text(CSV, "utf-8")
    with pytest.raises(CommandError, match="own indicator"):
        call_command("kolada", "import", str(path), stdout=io.StringIO())
    assert not Value.objects.filter(indicator=can).exists()


def test_kolada_sync_refuses_an_own_code_before_asking_kolada(can):
    class NoNetwork:
        def pages(self, request):
            raise AssertionError("Kolada must not be asked")

    with pytest.raises(ImportDataError, match="own indicators, not in Kolada"):
        sync_kolada_values(kpis=[can.code], municipalities=["1490"], client=NoNetwork())


def test_a_kolada_sync_of_everything_leaves_own_values_alone(can, sjuharad_staff):
    import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    before = list(Value.objects.filter(indicator=can).order_by("pk").values_list())

    class Kolada:
        def pages(self, request):
            yield "https://api.kolada.se/v3/data", {"values": []}

    sync_kolada_values(kpis=["N15428"], municipalities=["1490"], client=Kolada())
    assert list(Value.objects.filter(indicator=can).order_by("pk").values_list()) == before


def test_loading_kolada_metadata_again_leaves_own_indicators_alone(can):
    summary = load_indicator_metadata()
    assert summary.created == 0
    assert Indicator.objects.get(pk=can.pk).source == "CAN:s drogvaneundersökning"


@pytest.mark.parametrize(
    ("code", "owner"),
    [("N99999", "sjuharad"), ("EGEN-X", None)],
    ids=["kolada-like code for an own indicator", "own prefix without an owner"],
)
def test_the_database_keeps_own_and_kolada_codes_apart(indicators, org, code, owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(code=code, title="x", source="y", owner=org(owner) if owner else None)


def test_an_own_code_cannot_be_taken_twice(can, sjuharad_staff, org):
    with pytest.raises(ValidationError, match="finns redan"):
        _create(sjuharad_staff, org("sjuharad"), code=can.code)


@pytest.mark.parametrize("code", ["", "å ä ö", "N15428/1", "x" * 60])
def test_an_unusable_code_is_refused(indicators, sjuharad_staff, org, code):
    with pytest.raises(ValidationError):
        _create(sjuharad_staff, org("sjuharad"), code=code)


def test_an_own_indicator_is_owned_by_an_association(indicators, administrator, org):
    with pytest.raises(ValidationError, match="kommunalförbund"):
        _create(administrator, org("boras"))
    assert OWN_PREFIX not in "".join(Indicator.objects.values_list("code", flat=True))


# --- who may do what (every persona) ------------------------------------------------------

ALLOWED_TO_CREATE_FOR_SJUHARAD = {"sjuharad_staff", "administrator"}


@pytest.mark.parametrize(
    "persona", ["boras_editor", "boras_reader", "mark_editor", "sjuharad_staff", "gr_staff", "administrator"]
)
def test_only_the_owners_staff_and_administrators_may_define_change_and_import(indicators, personas, org, persona):
    user, owner, allowed = personas[persona], org("sjuharad"), persona in ALLOWED_TO_CREATE_FOR_SJUHARAD
    if not allowed:
        with pytest.raises(PermissionDenied):
            _create(user, owner)
        assert not Indicator.objects.own().exists()
    can = _create(user if allowed else personas["sjuharad_staff"], owner, code="can-2")
    rows = _rows(CSV.replace("EGEN-CAN-ALK", "EGEN-CAN-2"))
    if allowed:
        update_own_indicator(actor=user, indicator=can, title="Ny titel")
        import_own_values(actor=user, indicator=can, rows=rows, file="can.csv")
        assert Indicator.objects.get(pk=can.pk).title == "Ny titel"
        assert Value.objects.filter(indicator=can).count() == 5
        return
    with pytest.raises(PermissionDenied):
        update_own_indicator(actor=user, indicator=can, title="Ny titel")
    with pytest.raises(PermissionDenied):
        import_own_values(actor=user, indicator=can, rows=rows, file="can.csv")
    assert Indicator.objects.get(pk=can.pk).title != "Ny titel"
    assert not Value.objects.filter(indicator=can).exists()


def test_node_staff_define_own_indicators_for_their_own_association(indicators, gr_staff, org):
    assert _create(gr_staff, org("goteborgsregionen")).owner == org("goteborgsregionen")


def test_changes_are_audited_with_the_actor(can, sjuharad_staff):
    from auditlog.models import LogEntry

    update_own_indicator(actor=sjuharad_staff, indicator=can, contact="diana@example.org")
    entries = LogEntry.objects.get_for_object(can)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {sjuharad_staff}


# --- hostile input ------------------------------------------------------------------------


def test_control_characters_never_reach_the_database(indicators, sjuharad_staff, org):
    own = _create(sjuharad_staff, org("sjuharad"), code="ctl\x0b1", title="Trivsel\x0bi skolan\x00", contact="a\x1bb")
    assert (own.code, own.title, own.contact) == ("EGEN-CTL-1", "Trivsel\ni skolan", "ab")
    rows = _rows("kpi,municipality_id,period,value,status,source\nEGEN-CTL-1,1490,2024,,Pri\x0bvacy,enk\x07ät\n")
    import_own_values(actor=sjuharad_staff, indicator=own, rows=rows, file="ctl.csv")
    assert Value.objects.filter(indicator=own).values_list("status", "source").get() == ("Pri\nvacy", "enkät")


def test_one_file_may_hold_only_so_many_rows(can, sjuharad_staff, settings):
    settings.IMPORT_MAX_ROWS = 4
    with pytest.raises(ImportDataError, match="at most 4"):
        import_own_values(actor=sjuharad_staff, indicator=can, rows=_rows(), file="can.csv")
    assert not Value.objects.filter(indicator=can).exists()
