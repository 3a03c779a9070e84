"""Dates read the Swedish standard way, 2026-12-01 (and 2026-12-01 14:05), on every page and
in both languages: one convention set in the format modules, not per template."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import formats, translation

from kunskapsnod.regions.models import Meeting
from kunskapsnod.regions.services import save_meeting

MONTHS = (
    "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|"
    "january|february|march|may|june|july|august|october|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec"
)
# "20 november 2026", "Nov. 20, 2026", "20 Nov 2026": a date written with a month's name.
MONTH_NAMES = re.compile(rf"\b\d{{1,2}}\.?\s+({MONTHS})\.?\s+\d{{4}}|\b({MONTHS})\.?\s+\d{{1,2}},\s+\d{{4}}", re.I)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_dates_and_times_are_iso_in_both_languages(language):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 12, 1)) == "2026-12-01"
        moment = datetime.datetime(2026, 12, 1, 14, 5)
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2026-12-01 14:05"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-12-01 14:05"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"


def test_numbers_keep_the_swedish_decimal_comma():
    with translation.override("sv"):
        assert formats.localize(82.6) == "82,6"


@pytest.fixture
def meeting(boras_editor, org):
    return save_meeting(
        actor=boras_editor,
        meeting=Meeting(date=datetime.date(2026, 11, 20), topic="Dialogmöte om närvaro", organiser=org("boras")),
    )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "path", ["/moten/?start=2026-01-01", "/moten/{pk}/", "/kommun/boras/", "/moten/{pk}/redigera/"]
)
def test_pages_write_dates_the_swedish_way(client, boras_editor, meeting, path, language):
    client.force_login(boras_editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(path.format(pk=meeting.pk)).text
    assert "2026-11-20" in page
    assert not MONTH_NAMES.search(page), MONTH_NAMES.search(page)
