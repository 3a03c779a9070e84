"""Kolada ids in addresses: /kommun/1490/ finds Borås on every page and filter where the slug
does; the page answers with a temporary redirect to its one address under the slug."""

import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

pytestmark = pytest.mark.usefixtures("kolada_values")


@pytest.mark.parametrize(
    ("by_id", "by_slug"),
    [
        ("/kommun/1490/", "/kommun/boras/"),
        ("/kommun/1490/statistik/", "/kommun/boras/statistik/"),
        ("/kommun/1490/statistik/N02797/", "/kommun/boras/statistik/N02797/"),
        ("/kommun/1490/liknande/", "/kommun/boras/liknande/"),
        ("/kommun/1490/statistik/?format=csv", "/kommun/boras/statistik/?format=csv"),
        (
            "/kommun/1490/liknande/?utfall=N17461&struktur=N02902",
            "/kommun/boras/liknande/?utfall=N17461&struktur=N02902",
        ),
    ],
)
def test_it_redirects_a_kolada_id_to_the_slug_address_keeping_the_filters(reader, by_id, by_slug):
    response = reader.get(by_id)
    assert (response.status_code, response["Location"]) == (302, by_slug)
    assert reader.get(by_slug).status_code == 200


@pytest.mark.parametrize(
    "url", ["/kommun/9999/statistik/", "/kommun/0014/statistik/", "/kommun/1490/statistik/N00000/"]
)
def test_it_answers_404_for_an_id_that_is_no_municipality(reader, url):
    # 0014 is Västra Götalands län: a Kolada id, but no municipality.
    assert reader.get(url, follow=True).status_code == 404


def test_the_profile_chooser_takes_a_kolada_id(reader):
    response = reader.get("/statistik/kommun/?kommun=1490")
    assert response["Location"] == "/kommun/boras/statistik/"


def test_the_comparison_takes_kolada_ids_for_municipalities(reader):
    html = reader.get("/statistik/jamfor/?nyckeltal=N17461&kommun=1490&kommun=mark").text
    assert _checked(html, "boras") and _checked(html, "mark")
    assert "Borås" in html.split("N17461 per år")[-1]  # a row of the comparison's table


def test_the_rankings_time_series_takes_kolada_ids(reader):
    html = reader.get("/statistik/N17461/?kommun=1463").text
    assert _checked(html, "mark")
    assert "Mark:" in html or ">Mark<" in html


def _checked(html: str, slug: str) -> bool:
    """Whether the checkbox of ``slug`` is ticked in the page's municipality picker."""
    tag = next(t for t in html.split("<input") if f'value="{slug}"' in t and 'name="kommun"' in t)
    return " checked" in tag.split(">")[0]
