"""Hostile mapping files answer a clear message and write nothing (issue 8: lone
surrogates, 100,000-deep nesting, rang 10**30, pluppar 2**63, random bytes as .csv)."""

import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kunskapsnod.mapping.models import Item, Priority


def _priorities(rank, dots):
    block = {"kommun": "Borås", "datum": "2026-01-01", "prioriteringar": [{"text": "x", "rang": rank, "pluppar": dots}]}
    return json.dumps({"prioriteringar_steg2": [block]}).encode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("djup.json", b"[" * 100_000 + b"]" * 100_000, "för djupt nästlad"),
        ("rang.json", _priorities(10**30, 1), "rang: får vara högst"),
        ("pluppar.json", _priorities(1, 2**63), "pluppar: får vara högst"),
        (
            "siffror.json",
            b'{"behov_steg1": [{"kommun": "Bor\\u00e5s", "behov": [{"text": "x"}]}], "x": ' + b"9" * 5000 + b"}",
            "ogiltig JSON",
        ),
        ("slump.csv", bytes(range(128, 256)) * 20 + os.urandom(100), "inte en textfil"),
        ("nollor.csv", b"\x00" * 1000, "kolumn saknas"),
        ("upphojd.csv", "avsnitt;kommun;nr;text\r\nbehov_steg1;Borås;²;x\r\n".encode(), "fält nr"),
        ("lang.csv", b"avsnitt;kommun;nr;text\r\nbehov_steg1;Bor\xe5s;99999999999;x\r\n", "fält nr"),
        ("slump.xlsx", os.urandom(3000), "inte en Excel-fil"),
        ("falsk.xlsx", b"PK\x03\x04" + b"\x00" * 500, "inte en Excel-fil"),
    ],
)
def test_a_hostile_file_gets_a_message_and_writes_nothing(
    client, sjuharad_staff, analysis_models, name, content, message
):
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Item.objects.exists() and not Priority.objects.exists()


def test_a_lone_surrogate_is_stored_as_the_replacement_character(client, sjuharad_staff, analysis_models):
    content = b'{"behov_steg1": [{"kommun": "Bor\\u00e5s", "behov": [{"text": "trasig \\ud800 text"}]}]}'
    client.force_login(sjuharad_staff)
    response = client.post(reverse("mapping:import"), {"file": SimpleUploadedFile("x.json", content)})
    assert response.status_code == 302
    assert Item.objects.get().text == "trasig \ufffd text"
