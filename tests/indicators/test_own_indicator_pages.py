"""The staff pages of own indicators, as every persona sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kunskapsnod.indicators.models import Indicator, Value
from kunskapsnod.indicators.services.own import create_own_indicator

PERSONAS = ["boras_editor", "boras_reader", "mark_editor", "sjuharad_staff", "gr_staff", "administrator"]
STAFF = {"sjuharad_staff", "gr_staff", "administrator"}
SJUHARAD = {"sjuharad_staff", "administrator"}  # who may change Sjuhärad's own indicator
CSV = "kpi;municipality_id;period;gender;value\nEGEN-BHV;1490;2024;T;71,5\nEGEN-BHV;1490;2024;K;70\n"


@pytest.fixture
def bhv(indicators, sjuharad_staff, org):
    return create_own_indicator(
        actor=sjuharad_staff, owner=org("sjuharad"), code="BHV", title="Barn med fullföljda hälsobesök", source="BHV"
    )


def _form(**extra):
    data = {"code": "elevhalsa", "title": "Elever som mår bra", "unit": "andel (%)", "direction": "hogre"}
    return {**data, "source": "Elevhälsoenkäten", "owner": "", **extra}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_reach_the_pages_to_define_an_own_indicator(client, personas, persona):
    client.force_login(personas[persona])
    for url in ("/statistik/egna/", "/statistik/egna/ny/"):
        assert client.get(url).status_code == (200 if persona in STAFF else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_defining_an_own_indicator_is_for_staff_of_its_association(client, personas, org, indicators, persona):
    client.force_login(personas[persona])
    owner = {"administrator": str(org("skaraborg").pk)}.get(persona, "")
    response = client.post("/statistik/egna/ny/", _form(owner=owner))
    created = Indicator.objects.own().filter(code="EGEN-ELEVHALSA").first()
    if persona not in STAFF:
        assert response.status_code == 403 and created is None
        return
    assert response.status_code == 302 and response["Location"] == "/statistik/egna/EGEN-ELEVHALSA/varden/"
    expected = {"sjuharad_staff": "sjuharad", "gr_staff": "goteborgsregionen", "administrator": "skaraborg"}
    assert created.owner == org(expected[persona])
    assert (created.higher_is_better, created.source) == (True, "Elevhälsoenkäten")


def test_node_staff_cannot_make_an_indicator_for_another_association(client, gr_staff, org, indicators):
    client.force_login(gr_staff)
    client.post("/statistik/egna/ny/", _form(owner=str(org("sjuharad").pk)))
    assert Indicator.objects.own().get().owner == org("goteborgsregionen")


@pytest.mark.parametrize("persona", PERSONAS)
def test_changing_and_uploading_is_for_the_owners_staff(client, personas, bhv, persona):
    client.force_login(personas[persona])
    allowed = persona in SJUHARAD
    edit = client.post(f"/statistik/egna/{bhv.code}/", {"title": "Ändrad", "source": "BHV", "direction": ""})
    upload = client.post(
        f"/statistik/egna/{bhv.code}/varden/", {"file": SimpleUploadedFile("bhv.csv", CSV.encode("utf-8"))}
    )
    # Another association's indicator is "not found" for its staff, as for everyone outside.
    expected = 302 if allowed else (404 if persona in STAFF else 403)
    assert (edit.status_code, upload.status_code) == (expected, expected)
    assert (Indicator.objects.get(pk=bhv.pk).title == "Ändrad") is allowed
    assert Value.objects.filter(indicator=bhv).count() == (2 if allowed else 0)


def test_a_bad_file_writes_nothing_and_says_where(client, sjuharad_staff, bhv):
    client.force_login(sjuharad_staff)
    bad = CSV + "EGEN-BHV;1490;2025;X;1\n"
    response = client.post(f"/statistik/egna/{bhv.code}/varden/", {"file": SimpleUploadedFile("bhv.csv", bad.encode())})
    assert response.status_code == 200
    assert "Ingenting sparades. bhv.csv, line 4, field &#x27;gender&#x27;" in response.content.decode()
    assert not Value.objects.filter(indicator=bhv).exists()


def test_the_upload_page_reports_what_it_read(client, sjuharad_staff, bhv):
    client.force_login(sjuharad_staff)
    url = f"/statistik/egna/{bhv.code}/varden/"
    client.post(url, {"file": SimpleUploadedFile("bhv.csv", CSV.encode())})
    page = client.get(url).content.decode()
    assert "bhv.csv: 2 nya, 0 ändrade och 0 oförändrade värden för EGEN-BHV." in page
    assert "2 värden är inlästa" in page


def test_staff_see_change_links_only_for_what_they_may_change(client, gr_staff, bhv):
    client.force_login(gr_staff)
    page = client.get("/statistik/egna/").content.decode()
    assert bhv.title in page
    assert f"/statistik/egna/{bhv.code}/varden/" not in page


def test_a_file_over_the_size_limit_is_refused(client, sjuharad_staff, bhv, settings):
    settings.IMPORT_MAX_BYTES = 20
    client.force_login(sjuharad_staff)
    response = client.post(f"/statistik/egna/{bhv.code}/varden/", {"file": SimpleUploadedFile("bhv.csv", CSV.encode())})
    assert "Filen är större än" in response.content.decode()
    assert not Value.objects.filter(indicator=bhv).exists()


@pytest.mark.parametrize("data", [b"\x00\xff\xfe random bytes \x81", b"PK\x03\x04not a zip", b"[[[[[[[[[["])
def test_a_hostile_file_gets_a_clear_message_not_a_server_error(client, sjuharad_staff, bhv, data):
    client.force_login(sjuharad_staff)
    response = client.post(f"/statistik/egna/{bhv.code}/varden/", {"file": SimpleUploadedFile("x.csv", data)})
    assert response.status_code == 200
    assert "Ingenting sparades." in response.content.decode()
