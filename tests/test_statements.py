"""The accessibility statement (DOS act, DIGG's model) and the personal-data notice are
public pages, linked from the footer of every page."""

import pytest
from django.conf import settings
from django.test import override_settings

STATEMENTS = {"/tillganglighet/": "Tillgänglighetsredogörelse", "/personuppgifter/": "Personuppgifter"}


@pytest.mark.parametrize("path", STATEMENTS)
def test_it_shows_the_statements_without_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.templates[0].name.startswith("about/")


def test_the_accessibility_statement_follows_diggs_model(client, db):
    text = client.get("/tillganglighet/").content.decode()
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert f">{heading}</h" in text, heading
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    assert "Myndigheten för digital förvaltning" in text
    assert text.count("(WCAG ") == 3  # the admin's three known axe findings
    assert 'datetime="2026-12-01"' in text  # when it was assessed


def test_the_personal_data_notice_names_what_why_how_long_and_rights(client, db):
    text = client.get("/personuppgifter/").content.decode()
    for kind in (
        "Användare med konto",
        "Tjänstepersoner i möten, grupper och nätverk",
        "Deltagare i workshoppar",
        "Granskningsloggen",
    ):
        assert f"<h3>{kind}</h3>" in text, kind
    assert text.count("<dt>Hur länge</dt>") == 5
    assert "artikel 6.1 e" in text
    assert "Integritetsskyddsmyndigheten" in text
    assert "registerutdrag" in text


@pytest.mark.parametrize("path", STATEMENTS)
@override_settings(OPERATOR="Boråsregionen Sjuhärads kommunalförbund", CONTACT_EMAIL="kunskapsnod@example.se")
def test_the_statements_name_the_operator_and_contact_from_settings(client, db, path):
    text = client.get(path).content.decode()
    assert "Boråsregionen Sjuhärads kommunalförbund" in text
    assert 'href="mailto:kunskapsnod@example.se"' in text


def test_they_read_in_english_when_english_is_chosen(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Accessibility statement for Kunskapsnod" in client.get("/tillganglighet/").content.decode()
    assert "How Kunskapsnod processes personal data" in client.get("/personuppgifter/").content.decode()


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/", "/kommun/boras/", "/finns-inte/", "/konto/granskningslogg/"])
def test_every_page_links_both_in_its_footer(client, boras_reader, path):
    client.force_login(boras_reader)
    response = client.get(path)
    assert response.status_code in (200, 403, 404)
    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/tillganglighet/"' in footer
    assert 'href="/personuppgifter/"' in footer
