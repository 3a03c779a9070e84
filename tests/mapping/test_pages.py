"""Every mapping page renders for a signed-in reader, with the real data."""

import pytest
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Item, Kind


@pytest.fixture
def client_reader(client, boras_reader):
    client.force_login(boras_reader)
    return client


@pytest.mark.parametrize(
    "url",
    [
        reverse("mapping:index"),
        reverse("mapping:items"),
        reverse("mapping:items") + "?municipality=boras&kind=behov&q=BUP",
        reverse("mapping:matrix"),
        reverse("mapping:matrix") + "?association=sjuharad&version=1",
        reverse("mapping:gap"),
        reverse("mapping:unclassified") + "?municipality=mark",
        reverse("mapping:priorities"),
        reverse("mapping:models"),
        reverse("mapping:model", args=[2]),
        reverse("mapping:municipality", args=["svenljunga"]),
        reverse("mapping:municipality", args=["harryda"]),
    ],
)
def test_the_page_renders_for_a_reader(client_reader, imported, url):
    response = client_reader.get(url)
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b'style="' not in response.content


def test_the_page_for_classifying_priorities_refuses_a_reader(client_reader, imported):
    """A page for classifying, not for reading: a reader gets the styled 403 (the combined
    priorities show the themes to everyone)."""
    response = client_reader.get(reverse("mapping:priority_classify") + "?municipality=svenljunga")
    assert response.status_code == 403
    assert "Ingen behörighet" in response.content.decode()


def test_an_item_page_shows_its_parts(client_reader, imported):
    item = Item.objects.get(municipality__slug="bollebygd", text="Skolpliktsbevakning")
    response = client_reader.get(item.get_absolute_url())
    assert "Närvarokontroll i skolan" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, imported):
    response = client.get(reverse("mapping:matrix"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_the_municipality_page_keeps_svenljungas_list_with_sub_items(client_reader, imported):
    page = client_reader.get(reverse("mapping:municipality", args=["svenljunga"])).content.decode()
    assert page.count("<li>Psykisk ohälsa</li>") == 1
    assert "Bryta lokal kultur kring skolan" in page


def test_the_organisation_page_links_to_the_mapping(client_reader, imported):
    page = client_reader.get(reverse("regions:municipality", args=["boras"])).content.decode()
    assert reverse("mapping:municipality", args=["boras"]) in page


def test_exports_download_in_three_formats(client_reader, imported):
    for fmt, start in (("json", b"{"), ("csv", "\ufeff".encode()), ("xlsx", b"PK")):
        response = client_reader.get(reverse("mapping:export", args=[fmt]))
        assert response.status_code == 200
        assert response.content.startswith(start)
    assert client_reader.get(reverse("mapping:export", args=["exe"])).status_code == 404


def test_the_model_version_page_counts_its_classifications(client_reader, imported):
    assert AnalysisModel.objects.count() == 2
    assert Item.objects.filter(kind=Kind.NEED).exists()
    response = client_reader.get(reverse("mapping:model", args=[1]))
    assert "0 poster är klassificerade" in response.content.decode()


def test_unknown_municipalities_and_versions_are_not_found(client_reader, imported):
    assert client_reader.get(reverse("mapping:municipality", args=["atlantis"])).status_code == 404
    assert client_reader.get(reverse("mapping:municipality", args=["sjuharad"])).status_code == 404
    assert client_reader.get(reverse("mapping:model", args=[9])).status_code == 404
    assert client_reader.get(reverse("mapping:item", args=[999999])).status_code == 404
