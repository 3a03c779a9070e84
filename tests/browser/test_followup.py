"""The follow-up in Chromium: staff read the activity plan with its difference from the
decided version, generate the annual report with one click, read it and download its PDF;
the plan, the coverage page and the report pass axe-core at desktop and phone widths."""

import datetime
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from conftest import MOBILE
from kunskapsnod.followup import services
from kunskapsnod.followup.models import Activity, ActivityStatus, Event, EventKind, Strategy
from kunskapsnod.mapping.services import load_analysis_models

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def year_in_sjuharad(transactional_db, org, sjuharad_staff, settings):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    plan = services.get_or_create_plan(actor=sjuharad_staff, association=org("sjuharad"), year=2026)
    first = services.save_activity(
        actor=sjuharad_staff,
        activity=Activity(
            plan=plan,
            title="Nätverk för elevhälsan",
            strategy=Strategy.COOPERATION_ARENA,
            focus_area="Hälsa för lärande",
            planned_start=datetime.date(2026, 2, 1),
        ),  # fmt: skip
        municipalities=[org("boras"), org("mark")],
    )
    services.decide_plan(actor=sjuharad_staff, plan=plan, decided_on=datetime.date(2026, 1, 20))
    first.status, first.outcome = ActivityStatus.DONE, "Sex träffar"
    services.save_activity(actor=sjuharad_staff, activity=first)
    event = services.save_event(
        actor=sjuharad_staff,
        event=Event(
            organiser=org("sjuharad"), kind=EventKind.CONFERENCE, title="Konferens", date=datetime.date(2026, 5, 1)
        ),
    )
    pending = services.start_participant_import(
        actor=sjuharad_staff,
        event=event,
        data="Namn;Organisation\nA;Borås Stad\nB;Marks kommun\n".encode(),
        file_name="l.csv",
    )
    services.confirm_participant_import(actor=sjuharad_staff, pending=pending, resolutions={})
    return plan


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "phone"])
def test_staff_read_the_plan_and_make_and_download_the_report(
    new_page, login, sjuharad_staff, year_in_sjuharad, axe_check, screenshot, viewport, tmp_path
):
    page = new_page(viewport=viewport)
    login(page, sjuharad_staff)
    size = "phone" if viewport is MOBILE else "desktop"
    page.goto("/uppfoljning/sjuharad/2026/")
    expect(page.get_by_role("heading", name="Ändringar sedan beslutad version 1")).to_be_visible()
    axe_check(page)
    screenshot(page, f"followup-plan-{size}")
    page.goto("/uppfoljning/sjuharad/2026/deltagare/")
    expect(page.get_by_role("heading", name="Medlemskommuner nådda: 2 av 8")).to_be_visible()
    axe_check(page)
    screenshot(page, f"followup-coverage-{size}")
    page.goto("/uppfoljning/sjuharad/2026/arsrapport/")
    # What the button said while the report was being made (noted across the navigation).
    page.evaluate(
        """() => document.addEventListener("submit", () => setTimeout(() => {
            const b = document.querySelector("button[data-busy-label]");
            sessionStorage.setItem("busy", JSON.stringify([b.disabled, b.textContent]));
        }, 20))"""
    )
    page.get_by_role("button", name="Skapa årsrapporten (HTML och PDF)").click()
    expect(page.get_by_role("heading", name="Nyckeltal och utveckling")).to_be_visible()
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))") == [True, "Skapar rapporten …"]
    axe_check(page)
    screenshot(page, f"followup-report-{size}")
    page.goto("/uppfoljning/sjuharad/2026/arsrapport/")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    path = tmp_path / "rapport.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    if viewport is DESKTOP:
        command = [shutil.which("pdftoppm"), "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")]
        subprocess.run(command, check=True)
        assert list(tmp_path.glob("p*.png")), "the PDF's first page does not render"
