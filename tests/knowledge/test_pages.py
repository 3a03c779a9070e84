"""The knowledge bank's pages: published entries are public, drafts are not; forms and
workflow buttons follow the one rule; nothing a user writes runs in the browser."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from kunskapsnod.knowledge.models import Entry, EntryKind, Status

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _get(client, user, url, **extra):
    if user is not None:
        client.force_login(user)
    return client.get(url, **extra)


def test_an_empty_bank_explains_itself_and_how_staff_add_an_entry(client, regions):
    response = client.get(reverse("knowledge:index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kunskapsbanken är tom" in text
    assert "Skicka den för granskning" in text or "skickar det för granskning" in text
    assert "Logga in för att lägga till en post" in text


def test_visitors_see_published_entries_and_never_drafts(client, make_entry):
    make_entry("boras", title="Publicerad läxhjälp", status="publicerad")
    make_entry("boras", title="Hemligt utkast")
    make_entry("boras", title="Under granskning", status="granskning")
    make_entry("boras", title="Arkiverad metod", status="arkiverad")
    text = client.get(reverse("knowledge:index")).content.decode()
    assert "Publicerad läxhjälp" in text
    assert "Hemligt utkast" not in text and "Under granskning" not in text and "Arkiverad metod" not in text


READERS = {
    "publicerad": {None: 200, "boras_reader": 200, "mark_editor": 200, "boras_editor": 200},
    "utkast": {None: 404, "boras_reader": 404, "gr_staff": 404, "boras_editor": 200, "sjuharad_staff": 200},
    "granskning": {None: 404, "mark_editor": 404, "boras_editor": 200, "sjuharad_staff": 200},
    "arkiverad": {None: 404, "boras_reader": 404, "administrator": 200, "boras_editor": 200},
}


@pytest.mark.parametrize("status", READERS)
def test_who_reads_an_entry(client, make_entry, personas, status):
    entry = make_entry("boras", status=status)
    for persona, expected in READERS[status].items():
        client.logout()
        assert _get(client, personas.get(persona), entry.get_absolute_url()).status_code == expected, persona


def test_a_missing_entry_is_the_same_404(client, regions):
    assert client.get(reverse("knowledge:entry", args=[999999])).status_code == 404


def test_the_list_filters_by_kind_theme_level_and_municipality(client, make_entry, current_model, org):
    theme, level = current_model.themes.first(), current_model.levels.first()
    make_entry("boras", title="Metod med tema", kind=EntryKind.METHOD, status="publicerad", themes=[theme])
    make_entry("mark", title="Forskning på nivå", kind=EntryKind.RESEARCH, status="publicerad", level=level)
    make_entry("sjuharad", title="Projekt i Svenljunga", kind=EntryKind.PROJECT, status="publicerad",
               municipalities=[org("svenljunga")])  # fmt: skip
    url = reverse("knowledge:index")

    def titles(**params):
        text = client.get(url, params).content.decode()
        return {t for t in ("Metod med tema", "Forskning på nivå", "Projekt i Svenljunga") if t in text}

    assert titles(kind="metod") == {"Metod med tema"}
    assert titles(theme=theme.pk) == {"Metod med tema"}
    assert titles(level=level.pk) == {"Forskning på nivå"}
    assert titles(municipality="svenljunga") == {"Projekt i Svenljunga"}
    assert titles(municipality="mark") == {"Forskning på nivå"}


def test_the_filter_answers_htmx_with_the_results_only(client, make_entry):
    make_entry("boras", title="Publicerad", status="publicerad")
    response = client.get(reverse("knowledge:index"), {"kind": "gott_exempel"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Publicerad" in text
    assert "<html" not in text and "<form" not in text


def test_the_status_filter_is_for_writers_and_shows_only_what_they_may_read(client, make_entry, personas):
    make_entry("boras", title="Borås utkast")
    make_entry("goteborg", title="Göteborgs utkast")
    reader = _get(client, personas["boras_reader"], reverse("knowledge:index"), data={"status": "utkast"})
    assert 'name="status"' not in reader.content.decode()
    assert "Borås utkast" not in reader.content.decode()
    staff = _get(client, personas["sjuharad_staff"], reverse("knowledge:index"), data={"status": "utkast"})
    assert "Borås utkast" in staff.content.decode()
    assert "Göteborgs utkast" not in staff.content.decode()


def test_the_list_costs_a_fixed_number_of_queries(client, make_entry, current_model, django_assert_max_num_queries):
    for n in range(12):
        make_entry("boras", title=f"Post {n}", status="publicerad", themes=list(current_model.themes.all()[:2]))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("knowledge:index")).status_code == 200


# --- forms -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [None, "boras_reader"])
def test_who_may_not_write_gets_no_form(client, personas, regions, persona):
    response = _get(client, personas.get(persona), reverse("knowledge:entry_create"))
    assert response.status_code in (302, 403)
    if persona:
        assert response.status_code == 403
        assert "behörighet" in response.content.decode()


def test_an_editor_creates_a_draft_of_their_municipality(client, boras_editor, current_model, org):
    client.force_login(boras_editor)
    form = client.get(reverse("knowledge:entry_create")).content.decode()
    owners = re.search(r'<select name="owner"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert "Borås" in owners and "Mark" not in owners and "Göteborg" not in owners
    response = client.post(
        reverse("knowledge:entry_create"),
        {
            "kind": "metod",
            "owner": org("boras").pk,
            "title": "Närvaroteam",
            "summary": "Ett team följer upp frånvaro samma dag.",
            "body": "## Så gör vi\n\n- ringer hem\n- träffar eleven",
            "themes": [current_model.themes.first().pk],
            "actors": ["skola"],
            "municipalities": [org("boras").pk],
            "links": "https://example.org/narvaro Beskrivning",
        },
    )
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert (entry.status, entry.owner.slug, entry.created_by) == (Status.DRAFT, "boras", boras_editor)
    assert [(link.url, link.label) for link in entry.links.all()] == [("https://example.org/narvaro", "Beskrivning")]


def test_a_forged_owner_is_refused_and_nothing_is_saved(client, mark_editor, org):
    client.force_login(mark_editor)
    response = client.post(
        reverse("knowledge:entry_create"),
        {"kind": "metod", "owner": org("boras").pk, "title": "Smygande", "summary": "Från fel kommun"},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not Entry.objects.exists()


def test_project_fields_on_a_method_are_an_error_on_the_form(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("knowledge:entry_create"),
        {"kind": "metod", "owner": org("boras").pk, "title": "Metod", "summary": "S", "budget": "1000"},
    )
    assert "Bara projekt har detta fält" in response.content.decode()
    assert not Entry.objects.exists()


def test_a_project_with_a_backwards_period_is_an_error_on_the_form(client, boras_editor, org):
    client.force_login(boras_editor)
    response = client.post(
        reverse("knowledge:entry_create"),
        {"kind": "projekt", "owner": org("boras").pk, "title": "P", "summary": "S",
         "start_date": "2026-05-01", "end_date": "2026-01-01", "budget": "-3"},
    )  # fmt: skip
    text = response.content.decode()
    assert "Slutdatum kan inte ligga före startdatum" in text
    assert not Entry.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("mark_editor", 404), ("boras_reader", 404), ("gr_staff", 404)])
def test_no_one_outside_boras_opens_the_edit_form_of_a_boras_draft(client, make_entry, personas, persona, expected):
    entry = make_entry("boras")
    assert _get(client, personas[persona], reverse("knowledge:entry_edit", args=[entry.pk])).status_code == expected


def test_an_editor_cannot_edit_a_published_entry_but_staff_can(client, make_entry, boras_editor, sjuharad_staff):
    entry = make_entry("boras", status="publicerad")
    url = reverse("knowledge:entry_edit", args=[entry.pk])
    assert _get(client, boras_editor, url).status_code == 403
    assert _get(client, sjuharad_staff, url).status_code == 200


# --- workflow buttons ----------------------------------------------------------------------


BUTTONS = ("Skicka för granskning", "Publicera", "Skicka tillbaka till utkast", "Arkivera", "Redigera")


SHOWN = {
    "utkast": {"boras_editor": {"Skicka för granskning", "Redigera"}, "mark_editor": set()},
    "granskning": {
        "boras_editor": {"Redigera"},
        "sjuharad_staff": {"Publicera", "Skicka tillbaka till utkast", "Redigera"},
    },
    "publicerad": {
        None: set(),
        "boras_reader": set(),
        "mark_editor": set(),
        "gr_staff": set(),
        "boras_editor": {"Arkivera"},
        "sjuharad_staff": {"Arkivera", "Redigera"},
    },
}


@pytest.mark.parametrize("status", SHOWN)
def test_the_buttons_are_shown_only_to_those_who_may_use_them(client, make_entry, personas, status):
    entry = make_entry("boras", status=status)
    for persona, shown in SHOWN[status].items():
        client.logout()
        text = _get(client, personas.get(persona), entry.get_absolute_url()).content.decode()
        actions = re.search(r'<div class="actions workflow">(.*?)</div>', text, re.S)
        found = {b for b in BUTTONS if actions and re.search(rf">{b}</(button|a)>", actions.group(1))}
        assert found == shown, persona


def test_an_editor_submits_and_cannot_publish_by_posting(client, make_entry, boras_editor, sjuharad_staff):
    entry = make_entry("boras", actor=boras_editor)
    client.force_login(boras_editor)
    client.post(reverse("knowledge:entry_submit", args=[entry.pk]))
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW
    response = client.post(reverse("knowledge:entry_publish", args=[entry.pk]))
    assert response.status_code == 403
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW
    client.force_login(sjuharad_staff)
    client.post(reverse("knowledge:entry_publish", args=[entry.pk]))
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED


@pytest.mark.parametrize("step", ["entry_submit", "entry_publish", "entry_return", "entry_archive"])
def test_no_step_by_post_from_outside_boras(client, make_entry, personas, step):
    status = {"entry_submit": "utkast", "entry_archive": "publicerad"}.get(step, "granskning")
    entry = make_entry("boras", status=status)
    for persona in ("mark_editor", "boras_reader", "gr_staff"):
        client.force_login(personas[persona])
        response = client.post(reverse(f"knowledge:{step}", args=[entry.pk]))
        assert response.status_code in (403, 404), persona
        assert Entry.objects.get(pk=entry.pk).status == status


def test_a_step_from_the_wrong_state_says_why(client, make_entry, administrator):
    entry = make_entry("boras", status="publicerad")
    client.force_login(administrator)
    response = client.post(reverse("knowledge:entry_submit", args=[entry.pk]), follow=True)
    assert "kan inte skickas för granskning" in response.content.decode()


def test_a_step_answers_only_post(client, make_entry, administrator):
    entry = make_entry("boras")
    client.force_login(administrator)
    assert client.get(reverse("knowledge:entry_submit", args=[entry.pk])).status_code == 405


# --- untrusted text ------------------------------------------------------------------------


def test_stored_xss_in_every_text_field_is_inert(client, make_entry, org):
    fields = {
        field: f"{field} {XSS}"
        for field in ("summary", "body", "target_group", "contact_name", "contact_phone", "funder", "modules",
                      "goals", "results")
    }  # fmt: skip
    entry = make_entry(
        "sjuharad",
        kind=EntryKind.PROJECT,
        status="publicerad",
        title=f"Rubrik {XSS}",
        contact_email="kontakt@example.org",
        start_date=datetime.date(2026, 1, 1),
        links=[("https://example.org/?q=<script>", f"Länktext {XSS}")],
        **{k: v[:200] if k in ("contact_name", "funder") else v for k, v in fields.items() if k != "contact_phone"},
        contact_phone="<b>070</b>",
    )
    pages = [
        entry.get_absolute_url(),
        reverse("knowledge:index"),
        reverse("knowledge:digest") + "?fran=2000-01-01",
        reverse("knowledge:feed"),
    ]
    for url in pages:
        text = client.get(url).content.decode()
        tags = elements(text)
        assert not [tag for tag, _ in tags if tag in ("img", "b")], url
        assert not [attrs for _, attrs in tags if any(name.startswith("on") for name in attrs)], url
        assert [attrs.get("src") for tag, attrs in tags if tag == "script"] == [
            attrs.get("src") for tag, attrs in tags if tag == "script" and attrs.get("src", "").startswith("/static/")
        ], url
    detail = client.get(entry.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert" in detail  # shown as the text it is


def test_markdown_is_rendered_and_sanitised_on_the_page(client, make_entry):
    body = (
        "# Rubrik\n\n**Fet** och [länk](https://example.org) och [farlig](javascript:alert(1))\n\n"
        '<a href="https://evil.example" onclick="steal()">rå html</a>\n\n![spårning](https://tracker.example/p.gif)'
    )
    entry = make_entry("boras", status="publicerad", body=body)
    text = client.get(entry.get_absolute_url()).content.decode()
    body_html = re.search(r'<div class="entry-body">(.*?)</div>', text, re.S).group(1)
    assert "<h2>Rubrik</h2>" in body_html and "<strong>Fet</strong>" in body_html
    assert '<a href="https://example.org" rel="noopener nofollow">länk</a>' in body_html
    tags = elements(body_html)
    assert {tag for tag, _ in tags} <= {"h2", "p", "strong", "a"}
    assert all(href.startswith("https://") for tag, attrs in tags if tag == "a" for href in [attrs["href"]])
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert "&lt;a href" in body_html  # the raw HTML is shown as text


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element of ``html`` with its attributes, as a browser's parser sees them."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found
