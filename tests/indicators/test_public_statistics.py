"""Kolada's figures are public: with KUNSKAPSNOD_PUBLIC_STATISTICS on, the statistics pages
and their downloads answer visitors without login, and show them no staff actions; the
rest of the platform stays behind the login either way."""

import pytest

STATISTICS = [
    "/statistik/",
    "/statistik/kommun/?kommun=boras",
    "/statistik/jamfor/?nyckeltal=N02797&kommun=boras&lan=on",
    "/statistik/N02797/",
    "/statistik/N02797/?format=csv&chart=rangordning",
    "/statistik/N02797/karta/",
    "/kommun/boras/statistik/",
    "/kommun/boras/statistik/?format=xlsx&chart=nyckeltal",
    "/kommun/boras/statistik/N02797/",
    "/kommun/boras/liknande/",
]
LOGIN_ONLY = [
    "/kartlaggning/",
    "/kartlaggning/poster/",
    "/kommun/boras/kartlaggning/",
    "/workshoppar/",
    "/moten/",
    "/organisering/",
    "/organisering/personer/",
    "/organisering/grupper/",
    "/kommun/boras/",
    "/statistik/egna/",
    "/statistik/egna/ny/",
]
STAFF_ACTIONS = ["/statistik/egna/", "kunskapsnod kolada sync", "Logga ut", "/admin/"]


@pytest.fixture
def public(settings):
    settings.KUNSKAPSNOD_PUBLIC_STATISTICS = True


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize("url", STATISTICS)
def test_visitors_read_the_statistics_and_their_downloads_when_they_are_public(client, stored_values, public, url):
    response = client.get(url)
    assert response.status_code in (200, 302)
    assert not _is_login_redirect(response)


@pytest.mark.parametrize("url", STATISTICS)
def test_visitors_are_asked_to_log_in_when_statistics_are_not_public(client, stored_values, url):
    assert _is_login_redirect(client.get(url))


@pytest.mark.parametrize("url", LOGIN_ONLY)
def test_the_rest_stays_behind_the_login_when_statistics_are_public(client, regions, public, url):
    assert _is_login_redirect(client.get(url))


@pytest.mark.parametrize("url", [u for u in STATISTICS if "format=" not in u and "/kommun/?" not in u])
def test_visitors_see_no_staff_actions(client, stored_values, public, url):
    page = client.get(url).content.decode()
    assert [action for action in STAFF_ACTIONS if action in page] == []
    assert "Logga in" in page


def test_visitors_find_the_statistics_in_the_menu(client, stored_values, public):
    page = client.get("/statistik/N02797/").content.decode()
    assert '<a href="/statistik/" aria-current="page">Statistik</a>' in page
    assert "/kartlaggning/" not in page


def test_a_visitors_profile_links_nothing_that_asks_for_a_login(client, stored_values, public):
    """The municipality page is not public: a visitor's breadcrumb names Borås without a link."""
    html = client.get("/kommun/boras/statistik/").content.decode()
    assert 'href="/kommun/boras/"' not in html
    assert "Borås" in html
