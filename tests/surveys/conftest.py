"""Surveys made as staff make them: from the template, by Sjuhärad's node coordinator."""

import pytest

from kunskapsnod.surveys import services
from kunskapsnod.surveys.models import Survey


@pytest.fixture
def make_survey(sjuharad_staff, org):
    def make(year=2026, *, open_link=True, opened=True, organisation="sjuharad", actor=None) -> Survey:
        survey = services.create_survey(
            actor=actor or sjuharad_staff,
            organisation=org(organisation),
            title=f"Årlig enkät {year}",
            year=year,
            open_link=open_link,
        )
        if opened:
            survey = services.open_survey(actor=actor or sjuharad_staff, survey=survey)
        return survey

    return make


@pytest.fixture
def survey(make_survey):
    return make_survey()


@pytest.fixture
def answer():
    """Answer ``survey`` through its open link."""

    def submit(survey, **answers):
        link = services.link_for_open_code(survey.open_code)
        return services.submit_response(link=link, answers={k.replace("_", "-"): v for k, v in answers.items()})

    return submit


@pytest.fixture
def boras_id(org):
    return org("boras").pk
