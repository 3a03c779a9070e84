"""Hostile value files get ImportDataError with a message, never a crash (issue 8): deep
nesting, integers of thousands of digits, random bytes; control characters are left out."""

import os

import pytest

from kunskapsnod.indicators.services.errors import ImportDataError
from kunskapsnod.indicators.services.parsing import parse_values_bytes

HEADER = b"kpi;municipality_id;period;gender;value;status;source\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("djup.json", b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
        ("stor.json", b'[{"kpi": "N15428", "period": ' + b"9" * 5000 + b"}]", "malformed JSON"),
        ("slump.csv", bytes(range(256)) * 8 + os.urandom(200), "."),
        ("trasig.xlsx", b"PK\x03\x04" + b"\x00" * 500, "not a readable Excel workbook"),
        ("upphöjd.csv", HEADER + "N15428;1490;²⁰²⁰;T;1;;x\n".encode(), "not a year"),
        ("enorm.csv", HEADER + b"N15428;1490;2020;T;1e400;;x\n", "not a number"),
    ],
)
def test_a_hostile_values_file_is_refused_with_a_message(name, content, message):
    with pytest.raises(ImportDataError, match=message):
        parse_values_bytes(content, file=name)


def test_control_characters_are_left_out_of_every_text_field():
    (row,) = parse_values_bytes(HEADER + "N15428;1490;2020;T;1;\x0b;kä\x00lla\x1b\n".encode(), file="x.csv")
    assert (row.status, row.source) == ("", "källa")
    json_rows = parse_values_bytes(
        b'{"values": [{"kpi": "N15428", "municipality": "1490", "period": 2020, '
        b'"values": [{"gender": "T", "value": 1, "status": "\\u000b", "count": 1}]}]}',
        file="x.json",
    )
    assert [r.status for r in json_rows] == [""]
