"""The annual survey in Chromium: a respondent answers on a phone with the keyboard only
(and, on another phone, with JavaScript switched off), both without an account; a used
and a tampered link say so; the staff's survey page, the address upload and the results
with their charts pass axe-core under the strict CSP at desktop and phone widths."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import MOBILE
from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import Response

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def survey(transactional_db, org, sjuharad_staff):
    """Sjuhärad's open survey from the template with one personal link (in the outbox)
    and twelve answers, and last year's with six, committed for the live server."""
    last_year = services.create_survey(actor=sjuharad_staff, organisation=org("sjuharad"), title="Enkät 2025",
                                       year=2025, open_link=True)  # fmt: skip
    last_year = services.open_survey(actor=sjuharad_staff, survey=last_year)
    _answer(last_year, [3, 2, 3, 4, 2, 3], org)
    survey = services.create_survey(actor=sjuharad_staff, organisation=org("sjuharad"), title="Enkät 2026",
                                    year=2026, open_link=True)  # fmt: skip
    survey = services.open_survey(actor=sjuharad_staff, survey=survey)
    _answer(survey, [5, 4, 4, 3, 5, 2, 4, 4, 5, 3, 4, 1], org)
    services.send_invitations(actor=sjuharad_staff, survey=survey, addresses=["anna@boras.se"], link_base="")
    return survey


def _answer(survey, values, org):
    link = services.link_for_open_code(survey.open_code)
    places = [org("boras").pk] * 6 + [org("mark").pk] * 2
    for n, value in enumerate(values):
        answers = {"kanner-till-stodet": value, "tillfort-ordinarie-arbete": 4, "starkt-samverkan": 3, "sektor": n % 2}
        if n < len(places):
            answers["kommun"] = places[n]
        if n % 2 == 0:
            answers["tillfort-fritext"] = f"Svar nummer {n} <b>med märkning</b>"
        services.submit_response(link=link, answers=answers)


def _personal_link() -> str:
    return "/enkat/svara/" + mail.outbox[-1].body.split("/enkat/svara/")[1].split("/")[0] + "/"


def test_a_respondent_answers_on_a_phone_with_the_keyboard(new_page, survey, axe_check, screenshot):
    page = new_page(viewport=MOBILE)
    link = _personal_link()
    page.goto(link)
    expect(page.get_by_role("heading", name="Enkät 2026")).to_be_visible()
    axe_check(page)
    screenshot(page, "surveys-svara-phone")
    page.locator("#id_q-kanner-till-stodet_0").focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowRight", "Tab", "Space", "Tab", "ArrowRight", "Tab"]:
        page.keyboard.press(key)  # 4 on the first scale, 1 on the second, 2 on the third
    page.keyboard.type("Mer tid för nätverk")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the municipality list: the first member
    page.locator("button", has_text="Skicka svaren").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    answers = [r.answers for r in Response.objects.filter(survey=survey) if "Mer tid" in str(r.answers)]
    assert len(answers) == 1 and answers[0]["kanner-till-stodet"] == 4 and answers[0]["tillfort-ordinarie-arbete"] == 1
    page.goto(link)
    expect(page.get_by_role("heading", name="Du har redan svarat på enkäten")).to_be_visible()
    axe_check(page)
    screenshot(page, "surveys-redan-svarat-phone")
    page.goto(link[:-3] + "xx/")
    expect(page.get_by_role("heading", name="Länken fungerar inte")).to_be_visible()
    axe_check(page)


def test_a_respondent_answers_without_javascript(new_page, survey):
    page = new_page(viewport=MOBILE, java_script_enabled=False)
    page.goto(f"/enkat/oppen/{survey.open_code}/")
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.locator(".form-errors")).to_contain_text("Några svar saknas")
    for question, label in [("kanner-till-stodet", "5"), ("tillfort-ordinarie-arbete", "3"), ("starkt-samverkan", "4")]:
        page.locator(f"#id_q-{question}_{int(label) - 1}").check()
    page.get_by_role("button", name="Skicka svaren").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert Response.objects.filter(survey=survey).count() == 13


def test_staff_pages_and_results_pass_axe_at_both_widths(
    new_page, login, survey, sjuharad_staff, axe_check, screenshot
):
    for name, viewport in [("desktop", DESKTOP), ("phone", MOBILE)]:
        page = new_page(viewport=viewport)
        login(page, sjuharad_staff)
        page.goto(f"/enkater/{survey.pk}/")
        expect(page.get_by_role("button", name="Stäng enkäten")).to_be_visible()
        axe_check(page)
        screenshot(page, f"surveys-enkat-{name}")
        page.goto(f"/enkater/{survey.pk}/inbjudningar/")
        axe_check(page)
        screenshot(page, f"surveys-inbjudningar-{name}")
        page.goto(f"/enkater/{survey.pk}/resultat/")
        expect(page.locator(".chart svg, .chart canvas").first).to_be_visible()
        expect(page.get_by_text("Svar nummer 0 <b>med märkning</b>")).to_be_visible()
        axe_check(page)
        screenshot(page, f"surveys-resultat-{name}")
