"""The English catalogue is complete and compiled, and every app's pages speak English when
English is chosen (the language switch sets the cookie), while Swedish stays the default.

A string added to a template or to Python without an English translation fails here: the
catalogue is regenerated into a temporary copy of the package and must come out complete.
To fix it, run from src/kunskapsnod:

    kunskapsnod makemessages -l en --no-obsolete --settings pytest_settings --pythonpath ../../tests
    (translate the new entries in locale/en/LC_MESSAGES/django.po)
    kunskapsnod compilemessages -l en --settings pytest_settings --pythonpath ../../tests
"""

import ast
import gettext
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

import kunskapsnod
from kunskapsnod.workshops import services as workshop_services

PACKAGE = Path(kunskapsnod.__file__).resolve().parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Common Swedish UI words; none of them occurs in the data the pages below show.
SWEDISH_UI = (
    "Spara", "Sök", "Välj", "Logga ut", "Logga in", "Kommun", "Kommuner", "Avbryt", "Tillbaka",
    "Visa", "Ta bort", "Lägg till", "Redigera", "Inga", "Ingen", "Källa", "Översikt", "Statistik",
    "Kartläggning", "Möten", "Workshoppar", "Granskningslogg", "Personer", "Lappar", "Pluppar",
    "Deltagare", "Insatser", "Behov", "Tema", "Nivå", "Totalt", "Flickor", "Pojkar", "Värde",
    "Nyckeltal", "Rang", "Filtrera", "Byt lösenord", "Språk", "Hoppa till innehållet",
)  # fmt: skip
SWEDISH_PATTERN = re.compile(r"(?<![\wåäöÅÄÖ])(" + "|".join(map(re.escape, SWEDISH_UI)) + r")(?![\wåäöÅÄÖ])")


# --- The catalogue ----------------------------------------------------------------------------


def po_entries(path: Path) -> list[tuple[dict[str, str], set[str]]]:
    """(fields, flags) of every live entry of a .po file as msgmerge writes it (entries
    separated by blank lines, obsolete ones commented out with #~)."""
    entries = []
    for block in path.read_text("utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        key = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
            elif line and not line.startswith("#"):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
        if "msgid" in fields:
            entries.append((fields, flags))
    return entries


def untranslated(path: Path) -> list[str]:
    return [
        fields["msgid"] + (" (fuzzy)" if "fuzzy" in flags else "")
        for fields, flags in po_entries(path)
        if "fuzzy" in flags or (fields["msgid"] and not all(v for k, v in fields.items() if k.startswith("msgstr")))
    ]


def test_it_translates_every_entry_of_the_catalogue():
    assert not untranslated(PO), "untranslated or fuzzy entries in django.po"


def test_it_has_a_compiled_catalogue_that_matches_the_po_file():
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    stale = []
    for fields, _flags in po_entries(PO):
        msgid, context = fields["msgid"], fields.get("msgctxt")
        if not msgid or not all(v for k, v in fields.items() if k.startswith("msgstr")):
            continue  # the header; untranslated entries fail the test above
        if "msgid_plural" in fields:
            got = [compiled.ngettext(msgid, fields["msgid_plural"], n) for n in (1, 2)]
            want = [fields["msgstr[0]"], fields["msgstr[1]"]]
        elif context is not None:
            got, want = compiled.pgettext(context, msgid), fields["msgstr"]
        else:
            got, want = compiled.gettext(msgid), fields["msgstr"]
        if got != want:
            stale.append(msgid)
    assert not stale, f"django.mo is older than django.po (run compilemessages): {stale[:5]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_it_has_every_translatable_string_of_the_code_in_the_catalogue(tmp_path, settings, monkeypatch):
    copy = tmp_path / "kunskapsnod"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    missing = untranslated(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert not missing, f"strings without an English translation (run makemessages, see the docstring): {missing}"


# --- The pages --------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and the labelling attributes."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm")

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0
        self.headings: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.in_h1 = self.in_h1 or tag == "h1"
        attributes = dict(attrs)
        self.parts += [attributes[name] for name in self.ATTRIBUTES if attributes.get(name)]
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)
            if self.in_h1:
                self.headings.append(data)


def read(client: Client, path: str) -> VisibleText:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    text = VisibleText()
    text.feed(response.content.decode())
    return text


def in_english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def pages(regions, sjuharad_staff, administrator):
    """Minimal data behind one page of each kind, none of it holding a word of SWEDISH_UI:
    the analysis model, a workshop and one real Kolada indicator with its values."""
    from kunskapsnod.indicators.models import Indicator
    from kunskapsnod.indicators.services import import_kolada_values, read_values_file
    from kunskapsnod.mapping.services import load_analysis_models

    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    workshop = workshop_services.create_workshop(
        actor=sjuharad_staff, organisation=regions.get(slug="boras"), title="Workshop 2026", dots_per_participant=3
    )
    Indicator.objects.create(
        code="N15428",
        title="Elever i åk 9 som är behöriga till yrkesprogram, hemkommun, andel (%)",
        higher_is_better=True,
        in_default_set=True,
        is_divided_by_gender=True,
        theme="pre-study 2",
    )
    rows = [row for row in read_values_file(settings.DATA_DIR / "kolada" / "values-more.csv") if row.kpi == "N15428"]
    import_kolada_values(rows=rows, source="values-more.csv")
    return {"workshop": workshop}


# (path, who reads it: staff, admin or anyone, a phrase the English page shows)
PAGES = [
    ("/", "staff", "Boråsregionen Sjuhärad"),
    ("/konto/logga-in/", None, "Log in"),
    ("/konto/granskningslogg/", "admin", "Audit log"),
    ("/organisering/", "staff", "Sweden → county"),
    ("/organisering/grupper/", "staff", "Groups and networks"),
    ("/organisering/personer/", "staff", "People"),
    ("/moten/", "staff", "Dialogue and network meetings"),
    ("/kommun/boras/", "staff", "Mapping for Borås"),
    ("/workshoppar/", "staff", "Workshops, newest first"),
    ("/workshoppar/{workshop.pk}/", "staff", "How participants join"),
    ("/w/", None, "Join a workshop"),
    ("/w/{workshop.join_code}/", None, "You are taking part anonymously."),
    ("/kartlaggning/", "staff", "Mapping: interventions, needs and priorities"),
    ("/kartlaggning/poster/", "staff", "Interventions and needs"),
    ("/kartlaggning/matris/", "staff", "Analysis matrix"),
    ("/kartlaggning/prioriteringar/", "staff", "What do most of our municipalities want to do together?"),
    ("/kartlaggning/analysmodell/", "staff", "The analysis model and its versions"),
    ("/statistik/", "staff", "The indicators for completed studies"),
    ("/kommun/boras/statistik/", "staff", "Statistics for Borås"),
    ("/kommun/boras/statistik/N15428/", "staff", "Development over time"),
    ("/statistik/N15428/", "staff", "Click a column heading to sort."),
    ("/statistik/N15428/karta/", "staff", "The same data as a table"),
    ("/statistik/jamfor/?nyckeltal=N15428&kommun=boras&kon=alla", "staff", "Compare over time"),
    ("/kommun/boras/liknande/", "staff", "Municipalities similar to Borås"),
    ("/statistik/egna/", "staff", "Own indicators"),
    ("/kunskapsbank/", "staff", "The knowledge bank is empty so far"),
    ("/kunskapsbank/ny/", "staff", "New entry in the knowledge bank"),
]


def _client(who, sjuharad_staff, administrator) -> Client:
    client = Client()
    if who:
        client.force_login({"staff": sjuharad_staff, "admin": administrator}[who])
    return client


def _swedish_leftovers(page: VisibleText) -> set[str]:
    return set(SWEDISH_PATTERN.findall(" ".join(page.parts)))


@pytest.mark.parametrize(("path", "who", "english"), PAGES)
def test_it_shows_every_page_in_english_when_english_is_chosen(
    pages, sjuharad_staff, administrator, path, who, english
):
    path = path.format(**pages)
    if path.startswith("/w/") and path != "/w/":
        client = in_english(Client())
        client.post(path, {"name": ""})
    else:
        client = in_english(_client(who, sjuharad_staff, administrator))
    page = read(client, path)
    assert english in " ".join(" ".join(page.parts).split())
    assert not _swedish_leftovers(page), f"{path} in English still says {_swedish_leftovers(page)}"


def chart_texts(html: str) -> str:
    """The Vega-Lite specs of a page (its json_script blocks), as one text."""
    specs = re.findall(r'<script id="vega-spec-[^"]*" type="application/json">(.*?)</script>', html, re.S)
    return " ".join(json.dumps(json.loads(spec), ensure_ascii=False) for spec in specs)


def test_it_draws_charts_in_the_chosen_language(pages, sjuharad_staff, administrator):
    client = _client("staff", sjuharad_staff, administrator)
    swedish = chart_texts(client.get("/kommun/boras/statistik/N15428/?kon=alla").text)
    english = chart_texts(in_english(client).get("/kommun/boras/statistik/N15428/?kon=alla").text)
    assert '"År"' in swedish and '"Flickor"' in swedish
    assert '"Year"' in english and '"Girls"' in english
    assert not re.search(r'"(År|Kön|Flickor|Pojkar|Totalt|Område)"', english)
    assert '"decimal": "."' in english and '"decimal": ","' in swedish  # 12.3 in English, 12,3 in Swedish


def test_it_speaks_swedish_unless_english_is_chosen(pages, sjuharad_staff, administrator):
    client = _client("staff", sjuharad_staff, administrator)
    response = client.get(
        "/kartlaggning/", headers={"accept-language": "en-GB,en;q=0.9"}
    )  # a browser's wish is not a choice
    page = VisibleText()
    page.feed(response.text)
    assert response.headers["Content-Language"] == "sv"
    assert "Kartläggning: insatser, behov och prioriteringar" in page.headings
    assert {"Logga ut", "Kommun", "Spara"} & _swedish_leftovers(page)  # the detector sees Swedish
