"""A hostile regions file gets a clear message naming line and field, and writes nothing
(issue 8: Unicode digits, control characters, overlong names, undecodable bytes)."""

import pytest

from kunskapsnod.regions.models import Organisation
from kunskapsnod.regions.services import RegionFileError, import_regions

HEADER = "municipality_id,municipality,county_id,county,association\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "²²²²,Borås,14,Västra Götaland,Sjuhärad\n", "fält municipality_id"),
        (HEADER + "1490,Borås,¹⁴,Västra Götaland,Sjuhärad\n", "fält county_id"),
        (HEADER + "1490," + "B" * 500 + ",14,Västra Götaland,Sjuhärad\n", "längre än 80 tecken"),
        (HEADER.encode() + b"1490,Bor\xe5s,14,VG,Sj\n", "inte UTF-8"),
        (b"\x00\xff" * 300, "inte UTF-8"),
        ("\x00" * 50, "kolumn saknas"),
    ],
)
def test_a_hostile_regions_file_is_refused_with_a_message(db, tmp_path, content, message):
    path = tmp_path / "regions.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(RegionFileError, match=message):
        import_regions(path)
    assert not Organisation.objects.exists()


def test_control_characters_in_names_are_left_out(db, tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text(HEADER + "1490,Bor\x0bås\x00,14,Västra Götaland,Boråsregionen Sjuhärad\n", "utf-8")
    import_regions(path)
    assert Organisation.objects.get(kolada_id="1490").name == "Bor\nås"
