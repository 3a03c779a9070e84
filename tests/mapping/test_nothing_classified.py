"""Before anything is classified, the matrix and the gap say so (and link to the bulk
classification) instead of showing tables of zeros."""

import pytest
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Item
from kunskapsnod.mapping.services import classify_items

PAGES = [
    reverse("mapping:matrix") + "?municipality=mark",
    reverse("mapping:gap") + "?municipality=mark",
    reverse("mapping:municipality", args=["mark"]),
]


@pytest.fixture
def reader(client, boras_reader):
    client.force_login(boras_reader)
    return client


@pytest.mark.parametrize("url", PAGES)
def test_it_counts_the_unclassified_items_and_links_to_classifying_them(reader, imported, url):
    mark = Item.objects.filter(municipality__slug="mark")
    page = reader.get(url).content.decode()
    assert "ingen post här är klassificerad i analysmodell version 2" in page
    assert f"{mark.count()} poster ({mark.interventions().count()} insatser och {mark.needs().count()} behov)" in page
    assert reverse("mapping:unclassified") + "?version=2&amp;municipality=mark" in page
    assert "<caption>Celler i analysmatrisen" not in page
    assert 'class="matrix"' not in page


@pytest.mark.parametrize("url", PAGES)
def test_it_shows_the_tables_once_one_item_is_classified(reader, imported, sjuharad_staff, url):
    v2 = AnalysisModel.objects.get(version=2)
    item = Item.objects.filter(municipality__slug="mark").first()
    classify_items(actor=sjuharad_staff, items=[item], model=v2, themes=[v2.themes.first()], level=v2.levels.first())
    page = reader.get(url).content.decode()
    assert "ingen post här är klassificerad" not in page
    assert 'class="matrix"' in page or "<caption>Celler i analysmatrisen" in page


def test_it_says_when_nothing_is_mapped_at_all(reader, analysis_models):
    page = reader.get(reverse("mapping:matrix")).content.decode()
    assert "inga insatser eller behov är kartlagda här" in page
    assert 'class="matrix"' not in page
