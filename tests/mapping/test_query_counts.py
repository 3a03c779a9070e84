"""Lists and the matrix take a fixed number of queries, however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Item, Kind
from kunskapsnod.mapping.services import classify_items

PAGES = [
    ("mapping:items", "", 20),
    ("mapping:items", "?association=sjuharad&kind=behov&q=skola", 20),
    ("mapping:matrix", "?association=sjuharad", 15),  # + may the user classify any of them
    ("mapping:gap", "", 15),
    ("mapping:priorities", "", 14),
    ("mapping:unclassified", "", 16),  # + whether a required choice has one option (formfields)
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(org, actor):
    """Add classified items with actors in another municipality."""
    v2 = AnalysisModel.objects.get(version=2)
    items = [
        Item.objects.create(kind=kind, text=f"Ny {i}", municipality=org("vargarda"))
        for i, kind in enumerate([Kind.NEED, Kind.INTERVENTION] * 15)
    ]
    for item in items:
        item.actor_links.create(actor="skola")
    classify_items(actor=actor, items=items, model=v2, themes=list(v2.themes.all()[:2]), level=v2.levels.first())


@pytest.mark.parametrize(("name", "query", "expected"), PAGES)
def test_the_page_takes_a_fixed_number_of_queries(
    client, imported, sjuharad_staff, org, django_assert_num_queries, name, query, expected
):
    client.force_login(sjuharad_staff)
    url = reverse(name) + query
    _count(client, url)  # warm caches (content types, session)
    _grow(org, sjuharad_staff)
    with django_assert_num_queries(expected):
        client.get(url)
