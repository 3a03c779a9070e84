"""Fixtures of the knowledge bank tests: the real analysis model, a throwaway MEDIA_ROOT
and entries built through the services (never the demo)."""

import pytest
from django.conf import settings

from kunskapsnod.knowledge import services
from kunskapsnod.knowledge.models import Entry, EntryKind
from kunskapsnod.mapping.services import load_analysis_models


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its attachments in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def current_model(regions):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    from kunskapsnod.mapping.access import latest_model

    return latest_model()


@pytest.fixture
def make_entry(regions, administrator):
    """Factory: an entry of ``owner`` (a slug) in the given status, written by the services
    with the administrator as actor unless ``actor`` is given."""

    def make(owner="boras", *, status="utkast", kind=EntryKind.GOOD_EXAMPLE, actor=None, title=None, **fields):
        from kunskapsnod.regions.models import Organisation

        relations = {key: fields.pop(key) for key in ("themes", "actors", "municipalities", "links") if key in fields}
        entry = Entry(
            owner=Organisation.objects.get(slug=owner),
            kind=kind,
            title=title or f"Läxhjälp i {owner}",
            summary=fields.pop("summary", "Elever får stöd med läxorna efter skoltid."),
            **fields,
        )
        entry = services.create_entry(actor=actor or administrator, entry=entry, **relations)
        if status in ("granskning",):
            services.submit_entry(actor=actor or administrator, entry=entry)
        if status in ("publicerad", "arkiverad"):
            services.publish_entry(actor=administrator, entry=entry)
        if status == "arkiverad":
            services.archive_entry(actor=administrator, entry=entry)
        entry.refresh_from_db()
        return entry

    return make
