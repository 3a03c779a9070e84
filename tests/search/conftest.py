"""Fixtures of the search tests: rows written through the mapping and knowledge services
(which index them), never straight into the index."""

import pytest
from django.conf import settings
from django.test import Client

from kunskapsnod.knowledge import services as knowledge
from kunskapsnod.knowledge.models import Entry
from kunskapsnod.mapping.models import Item, Kind
from kunskapsnod.mapping.services import load_analysis_models, save_item


@pytest.fixture
def model(regions):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    from kunskapsnod.mapping.access import latest_model

    return latest_model()


@pytest.fixture
def make_item(org, administrator):
    def make(text, municipality="boras", kind=Kind.INTERVENTION, **fields):
        return save_item(actor=administrator, item=Item(kind=kind, text=text, municipality=org(municipality), **fields))

    return make


@pytest.fixture
def make_entry(org, administrator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def make(title, owner="boras", *, status="utkast", kind="metod", summary="En sammanfattning.", **relations):
        entry = Entry(owner=org(owner), kind=kind, title=title, summary=summary)
        entry = knowledge.create_entry(actor=administrator, entry=entry, **relations)
        if status in ("publicerad", "arkiverad"):
            entry = knowledge.publish_entry(actor=administrator, entry=entry)
        if status == "arkiverad":
            entry = knowledge.archive_entry(actor=administrator, entry=entry)
        return entry

    return make


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def searcher(administrator):
    """The administrator in another browser: the admin's own next page would carry its
    "deleted …" message, which names what was deleted."""
    browser = Client()
    browser.force_login(administrator)
    return browser
