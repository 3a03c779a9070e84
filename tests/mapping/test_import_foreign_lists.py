"""An import writes only where its importer may write: a block's workshop reference must
not lead into another municipality's list (issue 8, the one hole the permission probe
found). The rule is the form's rule, applied to the organisation a row is actually
written to."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kunskapsnod.mapping.models import Item, Priority, Source
from kunskapsnod.mapping.services import DocumentError, import_prestudy, save_prioritised_needs
from kunskapsnod.workshops import services as workshops

DATE = "2026-11-27"


@pytest.fixture
def goteborg_workshop(org, gr_staff, analysis_models):
    """A Göteborg workshop whose list is saved in the mapping (as a saved review would)."""
    workshop = workshops.create_workshop(actor=gr_staff, organisation=org("goteborg"), title="Behov i Göteborg")
    save_prioritised_needs(
        actor=gr_staff,
        municipality=org("goteborg"),
        source_label="Workshop: Behov i Göteborg",
        source_date=workshop.created_at.date(),
        ranked=[("Göteborgs första behov", 7), ("Göteborgs andra behov", 3)],
        workshop_ref=workshops.workshop_ref(workshop),
    )
    return workshop


def _priority_block(ref, kommun="Borås"):
    return {
        "prioriteringar_steg2": [
            {
                "kommun": kommun,
                "datum": DATE,
                "workshop": ref,
                "prioriteringar": [{"text": "Inskjutet av Borås", "rang": 1, "pluppar": 99}],
            }
        ]
    }


def _need_block(ref, kommun="Borås"):
    return {"behov_steg1": [{"kommun": kommun, "datum": DATE, "workshop": ref, "behov": [{"text": "Inskjutet"}]}]}


def _goteborg_list():
    return sorted(Priority.objects.filter(municipality__slug="goteborg").values_list("rank", "text", "dots"))


def _post(client, user, document):
    client.force_login(user)
    upload = SimpleUploadedFile("lista.json", json.dumps(document).encode())
    return client.post(reverse("mapping:import"), {"file": upload})


@pytest.mark.parametrize("block", [_priority_block, _need_block], ids=["priorities", "needs"])
def test_it_refuses_a_block_whose_workshop_belongs_to_another_municipality(
    client, boras_editor, goteborg_workshop, block
):
    before = _goteborg_list()
    response = _post(client, boras_editor, block(workshops.workshop_ref(goteborg_workshop)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "[0].workshop" in page and "Göteborg" in page
    assert _goteborg_list() == before
    assert not Item.objects.exists()
    assert Source.objects.get().municipality.slug == "goteborg"


@pytest.mark.parametrize("block", [_priority_block, _need_block], ids=["priorities", "needs"])
def test_even_an_administrator_cannot_file_one_municipalitys_rows_under_anothers_workshop(
    administrator, goteborg_workshop, block
):
    before = _goteborg_list()
    with pytest.raises(DocumentError, match=r"\[0\]\.workshop: .*Göteborg"):
        import_prestudy(actor=administrator, data=block(workshops.workshop_ref(goteborg_workshop)))
    assert _goteborg_list() == before


def test_it_refuses_a_reference_to_another_municipalitys_workshop_before_its_list_is_saved(
    client, boras_editor, org, gr_staff, analysis_models
):
    """Otherwise Borås could take Göteborg's workshop reference first, and Göteborg's own
    save of its reviewed result would then be refused."""
    workshop = workshops.create_workshop(actor=gr_staff, organisation=org("goteborg"), title="Ännu inte sparad")
    response = _post(client, boras_editor, _priority_block(workshops.workshop_ref(workshop)))
    assert "[0].workshop" in response.content.decode()
    assert not Source.objects.exists()


def test_a_borås_editor_may_reimport_boras_own_workshop_list(
    client, boras_editor, org, sjuharad_staff, analysis_models
):
    workshop = workshops.create_workshop(actor=sjuharad_staff, organisation=org("boras"), title="Borås")
    response = _post(client, boras_editor, _priority_block(workshops.workshop_ref(workshop)))
    assert response.status_code == 302
    assert Priority.objects.get().source.workshop_ref == workshops.workshop_ref(workshop)


def test_a_reference_to_a_list_of_another_municipality_is_refused_without_a_workshop(
    boras_editor, sjuharad_staff, org, analysis_models
):
    """Lists keyed by any reference (not only this platform's workshops) stay with their
    municipality."""
    save_prioritised_needs(
        actor=sjuharad_staff,
        municipality=org("mark"),
        source_label="Lista",
        source_date=timezone.localdate(),
        ranked=[("Marks behov", 1)],
        workshop_ref="extern:42",
    )
    with pytest.raises(DocumentError, match=r"prioriteringar_steg2\[0\]\.workshop: .*Mark"):
        import_prestudy(actor=sjuharad_staff, data=_priority_block("extern:42"))
    assert list(Priority.objects.values_list("text", flat=True)) == ["Marks behov"]
