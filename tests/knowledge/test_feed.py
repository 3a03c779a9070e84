"""Spreading knowledge: the Atom feed of newly published entries and the printable
digest for a period, both public and both of published entries only."""

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from kunskapsnod.knowledge.models import Entry

ATOM = "{http://www.w3.org/2005/Atom}"


def _published_on(entry, day: datetime.date):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Entry.objects.filter(pk=entry.pk).update(published_at=moment)


def _feed(client):
    response = client.get(reverse("knowledge:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own feed)


def test_the_feed_lists_published_entries_newest_first(client, make_entry):
    older = make_entry("boras", title="Äldre metod", kind="metod", status="publicerad")
    make_entry("mark", title="Nyare exempel", status="publicerad")
    _published_on(older, datetime.date(2025, 1, 1))
    make_entry("boras", title="Utkastet")
    make_entry("boras", title="Granskas", status="granskning")
    make_entry("boras", title="Arkiverat", status="arkiverad")
    entries = _feed(client).findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Gott exempel: Nyare exempel", "Metod: Äldre metod"]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link.endswith(older.get_absolute_url())
    assert entries[1].find(f"{ATOM}author/{ATOM}name").text == "Borås"


def test_a_summary_is_text_even_to_a_reader_that_renders_html(client, make_entry):
    make_entry("boras", status="publicerad", summary='<script>alert("x")</script> & mer')
    summary = _feed(client).find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    # Unescaped once by the XML parser, the HTML a reader renders is still escaped text.
    assert summary.text == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; mer"


def test_the_feed_is_linked_from_the_list(client, regions):
    text = client.get(reverse("knowledge:index")).content.decode()
    assert f'type="application/atom+xml" title="Kunskapsbanken – nya poster" href="{reverse("knowledge:feed")}"' in text


def test_the_digest_shows_what_was_published_in_the_period_by_kind(client, make_entry):
    inside = make_entry("boras", title="I perioden", kind="metod", status="publicerad")
    project = make_entry("mark", title="Projekt i perioden", kind="projekt", status="publicerad")
    before = make_entry("boras", title="Före perioden", status="publicerad")
    make_entry("boras", title="Aldrig publicerad")
    _published_on(inside, datetime.date(2026, 3, 10))
    _published_on(project, datetime.date(2026, 3, 31))
    _published_on(before, datetime.date(2026, 2, 28))
    response = client.get(reverse("knowledge:digest"), {"fran": "2026-03-01", "till": "2026-03-31"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nytt i kunskapsbanken 1 mars 2026 – 31 mars 2026" in text
    assert "I perioden" in text and "Projekt i perioden" in text
    assert "Före perioden" not in text and "Aldrig publicerad" not in text
    assert text.index("<h2>Metod</h2>") < text.index("<h2>Projekt</h2>")
    assert "2 poster publicerades under perioden" in text
    assert "knowledge/knowledge.css" in text  # the print styles


@pytest.mark.parametrize(
    "params",
    [
        {"fran": "inte ett datum"},
        {"fran": "2026-04-01", "till": "2026-03-01"},
        {"till": "9999-12-31"},
        {"till": "0001-01-02"},
        {"fran": "0001-01-01", "till": "9999-12-31"},
    ],
)
def test_a_strange_period_still_answers(client, regions, params):
    assert client.get(reverse("knowledge:digest"), params).status_code == 200


def test_the_print_styles_hide_the_site_around_the_digest():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("knowledge/knowledge.css")).read_text("utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".no-print" in print_rules and "display: none" in print_rules
