"""The mapping page and a workshop's review page tell the same truth about a municipality's
current ranked list, on the real 2022 pre-study (issue 8: Borås's mapping page said it had
no priorities while the review said a save would replace its list "Workshop steg 1", a
source of interventions and needs only). Both use SourceQuerySet.current_lists."""

import json
import re

import pytest
from django.conf import settings

from kunskapsnod.mapping.models import Source
from kunskapsnod.mapping.services import import_prestudy, load_analysis_models
from kunskapsnod.workshops import services
from kunskapsnod.workshops.models import Phase

SJUHARAD = ["bollebygd", "boras", "herrljunga", "mark", "svenljunga", "tranemo", "ulricehamn", "vargarda"]


@pytest.fixture
def prestudy(regions):
    load_analysis_models(settings.DATA_DIR / "analysmodell.json")
    data = json.loads((settings.DATA_DIR / "sjuharad-forstudie-2022.json").read_text("utf-8"))
    import_prestudy(actor=None, data=data)


def _reviewed_workshop(org, staff, slug):
    """A workshop on needs for the municipality, voted on and showing its results."""
    workshop = services.create_workshop(actor=staff, organisation=org(slug), title=f"Behov {slug}")
    note = services.add_facilitator_note(actor=staff, workshop=workshop, text="Läxhjälp")
    services.place_note_as_facilitator(actor=staff, workshop=workshop, note_id=note.pk, placement="delregionalt")
    services.set_phase(actor=staff, workshop=workshop, phase=Phase.VOTING)
    services.set_joining(actor=staff, workshop=workshop, open=True)
    services.cast_dot(participant=services.join_workshop(workshop=workshop), note_id=note.pk)
    services.set_phase(actor=staff, workshop=workshop, phase=Phase.RESULTS)
    return workshop


def _current_on_mapping_page(client, slug) -> str | None:
    """The label of the list the municipality's mapping page marks as current, or None
    when it says there is none."""
    page = client.get(f"/kommun/{slug}/kartlaggning/").text
    if "ingen prioriterad lista ännu" in page:
        return None
    heading = re.search(r"<h3>([^<]*), \d{4}-\d\d-\d\d\s*<span class=\"tag\">Aktuell lista</span>", page)
    return heading.group(1).strip()


def _current_on_review_page(client, workshop) -> str | None:
    page = client.get(f"/workshoppar/{workshop.pk}/resultat/").text
    if "har ingen annan lista" in page:
        return None
    named = re.search(r"listan ”([^”]*)”", page)
    return named.group(1)


def test_borås_has_no_ranked_list_on_both_pages(client, prestudy, org, sjuharad_staff):
    assert Source.objects.filter(municipality=org("boras")).exists()  # step 1: items only
    assert not Source.objects.filter(municipality=org("boras")).ranked_lists().exists()
    workshop = _reviewed_workshop(org, sjuharad_staff, "boras")
    client.force_login(sjuharad_staff)
    assert _current_on_mapping_page(client, "boras") is None
    assert _current_on_review_page(client, workshop) is None
    assert "Workshop steg 1" not in client.get(f"/workshoppar/{workshop.pk}/resultat/").text


@pytest.mark.parametrize("slug", SJUHARAD)
def test_both_pages_name_the_same_current_list(client, prestudy, org, sjuharad_staff, slug):
    workshop = _reviewed_workshop(org, sjuharad_staff, slug)
    client.force_login(sjuharad_staff)
    current = Source.objects.filter(municipality=org(slug)).current_lists().first()
    assert _current_on_mapping_page(client, slug) == (current.label if current else None)
    assert _current_on_review_page(client, workshop) == (current.label if current else None)


def test_the_current_list_is_the_newest_ranked_one_per_municipality(prestudy, org):
    current = Source.objects.current_lists()
    assert current.count() == len({s.municipality_id for s in current})
    for source in current:
        assert source.priorities.filter(parent__isnull=True).exists()
        newer = Source.objects.ranked_lists().filter(municipality=source.municipality, date__gt=source.date)
        assert not newer.exists()
