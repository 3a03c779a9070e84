import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsnod.mapping.models import Item
from kunskapsnod.mapping.services import WRITERS


def _upload(name, content):
    return {"file": SimpleUploadedFile(name, content)}


def _boras_only(prestudy_data):
    return {
        "kalla": prestudy_data["kalla"],
        "behov_steg1": [b for b in prestudy_data["behov_steg1"] if b["kommun"] == "Borås"],
    }


def test_an_editor_imports_an_excel_file_for_their_own_municipality(
    client, boras_editor, analysis_models, prestudy_data
):
    client.force_login(boras_editor)
    content = WRITERS["xlsx"](_boras_only(prestudy_data))
    response = client.post(reverse("mapping:import"), _upload("borås.xlsx", content))
    assert response.status_code == 302
    assert Item.objects.filter(municipality__slug="boras").count() == 35


def test_a_file_with_another_municipality_is_refused_whole(client, boras_editor, analysis_models, prestudy_data):
    client.force_login(boras_editor)
    content = json.dumps(prestudy_data).encode()
    response = client.post(reverse("mapping:import"), _upload("alla.json", content))
    assert response.status_code == 200
    assert "får inte ändra" in response.content.decode()
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trasig.json", b'{"behov_steg1": [', "ogiltig JSON"),
        ("lista.txt", b"x", "okänt filformat"),
        ("fel.csv", "avsnitt;kommun;nr;text\r\nbehov_steg1;Borås;ett;X\r\n".encode(), "rad 2, fält nr"),
    ],
)
def test_bad_files_get_a_clear_message_and_change_nothing(
    client, sjuharad_staff, analysis_models, name, content, message
):
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:import"), _upload(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Item.objects.exists()


def test_readers_may_not_import(client, boras_reader, analysis_models):
    client.force_login(boras_reader)
    assert client.get(reverse("mapping:import")).status_code == 403
    assert client.post(reverse("mapping:import"), _upload("x.json", b"{}")).status_code == 403
