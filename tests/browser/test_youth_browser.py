"""The youth follow-up in Chromium: a coordinator enrols TOTP from the QR page and reads
her municipality's person; the pages pass axe-core at desktop and phone widths; a
coordinator of another municipality (with TOTP) and a Göteborg editor without the grant
see none of Göteborg's records, on the pages or in the API."""

import re

import pyotp
import pytest

from conftest import MOBILE
from kunskapsnod.accounts.models import Role
from kunskapsnod.accounts.services import create_user
from kunskapsnod.youth.services.people import grant_coordinator
from personas import PASSWORD
from youth_world import MARKER, youth_world


def _coordinator(username, municipality, administrator):
    user = create_user(username=username, password=PASSWORD, role=Role.READER, organisation=municipality)
    grant_coordinator(actor=administrator, user=user, municipality=municipality)
    return user


@pytest.fixture
def youth(transactional_db, org, administrator):
    gunilla = _coordinator("gunilla", org("goteborg"), administrator)
    editor = create_user(username="gbg-red", password=PASSWORD, role=Role.EDITOR, organisation=org("goteborg"))
    berit = _coordinator("berit", org("boras"), administrator)
    return {"gunilla": gunilla, "berit": berit, "editor": editor, **youth_world(gunilla, org("goteborg"))}


def _enrol_totp(page, user, login):
    login(page, user)
    page.goto("/unga/")
    page.wait_for_url(re.compile(r"/unga/tvastegsverifiering/"))
    secret = page.locator(".youth-secret").inner_text()
    page.get_by_label("Engångskod").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(re.compile(r"/unga/$"))


def test_a_coordinator_enrols_totp_and_reads_her_municipalitys_person(
    page, new_page, youth, login, axe_check, screenshot
):
    login(page, youth["gunilla"])
    page.goto("/unga/")
    axe_check(page)
    screenshot(page, "youth-otp-setup")
    page.context.clear_cookies()
    _enrol_totp(page, youth["gunilla"], login)
    person = f"/unga/personer/{youth['youth_person'].pk}/"
    for url in ("/unga/", "/unga/personer/", person, "/unga/franvaro/", "/unga/oversikt/", "/unga/kaa/halvar/",
                "/unga/kaa/konflikter/"):  # fmt: skip
        page.goto(url)
        axe_check(page)
    assert f"{MARKER} Listnamn" in page.content()  # the world's list named the person otherwise
    screenshot(page, "youth-conflicts")
    page.goto(person)
    assert MARKER in page.content() and "loggat" in page.content()
    screenshot(page, "youth-person")
    phone = new_page(viewport=MOBILE)
    phone.context.add_cookies(page.context.cookies())
    for url, name in ((person, "youth-person-390"), ("/unga/franvaro/", "youth-absence-390"),
                      ("/unga/kaa/konflikter/", "youth-conflicts-390")):  # fmt: skip
        phone.goto(url)
        axe_check(phone)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        screenshot(phone, name)


@pytest.mark.parametrize("who", ["berit", "editor"])
def test_no_one_else_reads_goteborgs_records_in_the_browser(page, youth, login, who):
    if who == "berit":
        _enrol_totp(page, youth["berit"], login)
    else:
        login(page, youth["editor"])
    pk = youth["youth_person"].pk
    for url in ("/unga/personer/", f"/unga/personer/{pk}/", f"/unga/personer/{pk}/logg/", "/unga/franvaro/",
                f"/api/youth/people/{pk}", "/api/youth/people", "/api/youth/flags"):  # fmt: skip
        page.goto(url)
        assert MARKER not in page.content(), url
