"""Property-based tests of the value parsers: exports read back as the same rows, and
no input makes them fail with anything but ImportDataError."""

import datetime as dt
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from kunskapsnod.indicators.services import ImportDataError, parse_kolada_json, parse_values_csv
from kunskapsnod.indicators.services.exporting import (
    rows_to_csv,
    rows_to_kolada_json,
    rows_to_xlsx,
)
from kunskapsnod.indicators.services.parsing import decode, parse_values_xlsx
from kunskapsnod.indicators.services.rows import ValueRow

_printable = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
_clean_text = st.text(_printable, min_size=1, max_size=30).filter(lambda s: s == s.strip())

rows_strategy = st.builds(
    ValueRow,
    kpi=st.from_regex(r"\A[NU]\d{5}\Z"),
    municipality=st.from_regex(r"\A\d{4}\Z"),
    period=st.integers(1950, 2100),
    gender=st.sampled_from(["T", "K", "M"]),
    value=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    status=st.sampled_from(["", "Privacy", "Missing"]) | _clean_text,
    source=_clean_text,
    where=st.just(""),
    fetched_at=st.none() | st.datetimes(timezones=st.just(dt.UTC)),
)


def _unique(rows):
    return list({row.key: row for row in rows}.values())


def _plain(rows):
    return [(*row[:7], row.fetched_at) for row in rows]


@given(st.lists(rows_strategy, max_size=20), st.booleans())
def test_csv_export_parses_back_to_the_same_rows(rows, swedish):
    parsed = parse_values_csv(rows_to_csv(rows, swedish=swedish), file="x.csv")
    assert _plain(parsed) == _plain(rows)


def _as_excel_keeps_it(row: ValueRow) -> ValueRow:
    # Excel (and openpyxl) keep 15 significant digits; Kolada's values have far fewer.
    value = None if row.value is None else float(f"{row.value:.15g}")
    return row._replace(value=value)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        rows_strategy.map(_as_excel_keeps_it).filter(lambda r: r.value is None or math.isfinite(r.value)), max_size=10
    )
)
def test_xlsx_export_parses_back_to_the_same_rows(rows):
    parsed = parse_values_xlsx(rows_to_xlsx(rows), file="x.xlsx")
    assert _plain(parsed) == _plain(rows)


@given(st.lists(rows_strategy, max_size=20).map(_unique))
def test_json_export_parses_back_to_the_same_rows(rows):
    parsed = parse_kolada_json(rows_to_kolada_json(rows), file="x.json")
    assert sorted(_plain(parsed)) == sorted(_plain(rows))


@given(st.lists(rows_strategy, max_size=8).map(_unique), st.integers(1, 3))
def test_a_list_of_pages_reads_as_their_union(rows, pages):
    chunks = [rows[i::pages] for i in range(pages)]
    text = "[" + ",".join(rows_to_kolada_json(chunk) for chunk in chunks) + "]"
    assert sorted(_plain(parse_kolada_json(text))) == sorted(_plain(rows))


def _only_domain_errors(parse, *args):
    try:
        parse(*args)
    except ImportDataError as exc:
        assert str(exc)


@settings(max_examples=2 * settings.default.max_examples)  # ci 200; deep 4000
@given(st.text(max_size=300))
def test_garbage_csv_fails_only_with_a_clear_error(text):
    _only_domain_errors(parse_values_csv, text)


@settings(max_examples=2 * settings.default.max_examples)  # ci 200; deep 4000
@given(st.text(max_size=200))
def test_garbage_text_as_json_fails_only_with_a_clear_error(text):
    _only_domain_errors(parse_kolada_json, text)


@given(st.binary(max_size=200))
def test_garbage_bytes_fail_only_with_a_clear_error(data):
    _only_domain_errors(lambda: parse_values_csv(decode(data, file="b.csv")))


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_item = st.fixed_dictionaries(
    {
        "kpi": _json | st.just("N02797"),
        "municipality": _json | st.just("1490"),
        "period": _json | st.just(2019),
        "values": _json
        | st.lists(
            st.dictionaries(st.sampled_from(["gender", "value", "status", "isdeleted", "source", "fetched_at"]), _json)
        ),
    },
)


@settings(max_examples=3 * settings.default.max_examples)  # ci 300; deep 6000
@given(_json | st.lists(_item, max_size=3).map(lambda items: {"values": items}))
def test_wrongly_shaped_json_fails_only_with_a_clear_error(document):
    _only_domain_errors(parse_kolada_json, json.dumps(document))
