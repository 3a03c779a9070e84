import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from kunskapsnod.regions.models import Membership, Organisation, OrganisationKind
from kunskapsnod.regions.services import RegionFileError, import_regions

REGIONS = settings.DATA_DIR / "regions.csv"
HEADER = "municipality_id,municipality,county_id,county,association\n"


@pytest.fixture
def region_file(tmp_path):
    def write(body: str, encoding: str = "utf-8"):
        path = tmp_path / "regions.csv"
        path.write_bytes((HEADER + body).encode(encoding))
        return path

    return write


def test_it_loads_the_real_hierarchy(db):
    import_regions(REGIONS)
    assert Organisation.objects.municipalities().count() == 50
    assert Organisation.objects.associations().count() == 4
    assert Organisation.objects.filter(kind=OrganisationKind.COUNTY).count() == 2
    assert Organisation.objects.get(kind=OrganisationKind.COUNTRY).kolada_id == "0000"
    assert Organisation.objects.get(kolada_id="0014").name == "Västra Götalands län"


@pytest.mark.parametrize(
    ("association", "members"),
    [("sjuharad", 8), ("fyrbodal", 14), ("goteborgsregionen", 13), ("skaraborg", 15)],
)
def test_it_gives_each_association_its_members(db, association, members):
    import_regions(REGIONS)
    assert Membership.objects.filter(association__slug=association).count() == members


def test_kungsbacka_is_in_halland_but_a_member_of_goteborgsregionen(db):
    import_regions(REGIONS)
    kungsbacka = Organisation.objects.get(kolada_id="1384")
    assert kungsbacka.parent.name == "Hallands län"
    assert [link.association.slug for link in kungsbacka.association_links.all()] == ["goteborgsregionen"]


def test_running_it_twice_changes_nothing(db):
    first = import_regions(REGIONS)
    before = list(Organisation.objects.values_list("pk", "name", "slug", "parent_id").order_by("pk"))
    second = import_regions(REGIONS)
    assert first.created == 57
    assert (second.created, second.updated, second.unchanged, second.memberships_created) == (0, 0, 57, 0)
    assert list(Organisation.objects.values_list("pk", "name", "slug", "parent_id").order_by("pk")) == before


def test_it_updates_a_renamed_municipality_in_place(db, region_file):
    import_regions(region_file("1490,Borås,14,Västra Götalands län,Boråsregionen Sjuhärad\n"))
    summary = import_regions(region_file("1490,Borås stad,14,Västra Götalands län,Boråsregionen Sjuhärad\n"))
    assert summary.updated == 1
    assert Organisation.objects.get(kolada_id="1490").name == "Borås stad"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("149,Borås,14,Västra Götalands län,Sjuhärad\n", "rad 2, fält municipality_id: '149'"),
        ("1490,,14,Västra Götalands län,Sjuhärad\n", "rad 2, fält municipality: värde saknas"),
        ("1490,Borås,X4,Västra Götalands län,Sjuhärad\n", "rad 2, fält county_id"),
        (
            "1490,Borås,14,VG,Sjuhärad\n1490,Borås,14,VG,Sjuhärad\n",
            "rad 3, fält municipality_id: 1490 förekommer redan på rad 2",
        ),
        ("", "innehåller inga kommuner"),
    ],
)
def test_it_refuses_a_malformed_file_and_writes_nothing(db, region_file, body, message):
    with pytest.raises(RegionFileError, match=message):
        import_regions(region_file(body))
    assert not Organisation.objects.exists()


def test_it_names_a_missing_column(db, tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("id,name\n1490,Borås\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="rad 1: kolumn saknas: municipality_id"):
        import_regions(path)


def test_it_refuses_a_file_that_is_not_utf8(db, region_file):
    with pytest.raises(RegionFileError, match="inte UTF-8"):
        import_regions(region_file("1490,Borås,14,Västra Götalands län,Sjuhärad\n", encoding="cp1252"))
    assert not Organisation.objects.exists()


def test_a_later_bad_row_rolls_back_the_good_ones(db, region_file):
    with pytest.raises(RegionFileError):
        import_regions(region_file("1490,Borås,14,VG,Sjuhärad\n1491,,14,VG,Sjuhärad\n"))
    assert not Organisation.objects.exists()


def test_the_command_reports_a_bad_file_as_one_clear_error(db, region_file):
    with pytest.raises(CommandError, match="fält municipality_id"):
        call_command("load_regions", str(region_file("abcd,Borås,14,VG,Sjuhärad\n")))


def test_the_command_summarises_what_it_did(db, capsys):
    call_command("load_regions")
    assert "57 created" in capsys.readouterr().out
