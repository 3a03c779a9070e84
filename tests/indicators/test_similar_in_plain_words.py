"""The similar municipalities page says in plain Swedish what the distance means, keeps the
formula in a "Så räknar vi" detail, and names the indicators a neighbour is alike on."""

import re

import pytest
from real_kolada import kolada_module, kolada_values  # noqa: F401

pytestmark = pytest.mark.usefixtures("kolada_values")


@pytest.fixture
def page(client, boras_reader):
    client.force_login(boras_reader)
    return client.get("/kommun/boras/liknande/").text


def test_the_distance_is_explained_in_words_before_the_formula(page):
    section = page.split('id="liknande"')[1].split('id="kolada-grupper"')[0]
    words, details = section.split("<summary>Så räknar vi</summary>")
    assert "0 betyder samma förutsättningar" in words
    assert "invånare 0-19 år med minst en långtidsarbetslös förälder" in words  # the profile, named
    for term in ("z-värde", "euklidiska", "standardavvikelse"):
        assert term not in words and term in details.lower()


def test_alike_and_differs_on_name_the_indicators_not_their_codes(page):
    table = page.split('aria-label="Kommuner som liknar Borås"')[1].split("</table>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert "Invånare 0-19 år med minst en långtidsarbetslös förälder" in cells
    assert not any(re.fullmatch(r"(N\d{5}(, )?)+", c) for c in cells)


def test_the_download_names_them_too(client, boras_reader):
    client.force_login(boras_reader)
    text = client.get("/kommun/boras/liknande/?format=csv").content.decode("utf-8-sig")
    assert "Invånare 0-19 år i ekonomiskt utsatta hushåll" in text
