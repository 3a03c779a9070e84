"""Dot counts (pluppar) read as Swedish: "1 plupp", "2 pluppar"."""

import datetime

import pytest
from django.urls import reverse

from kunskapsnod.mapping.services import save_prioritised_needs


@pytest.fixture
def workshop_list(analysis_models, org, mark_editor):
    save_prioritised_needs(
        actor=mark_editor,
        municipality=org("mark"),
        source_label="Workshop: behov 2026",
        source_date=datetime.date(2026, 11, 20),
        ranked=[("Fler vuxna i skolan", 2), ("Läxhjälp", 1), ("Simskola", 0)],
        workshop_ref="workshop:PLUPP1",
    )


@pytest.mark.parametrize("url", [reverse("mapping:municipality", args=["mark"]), reverse("mapping:priorities")])
def test_it_says_one_plupp_and_two_pluppar(client, boras_reader, workshop_list, url):
    client.force_login(boras_reader)
    page = client.get(url).content.decode()
    assert "(1 plupp)" in page
    assert "(2 pluppar)" in page
    assert "(0 pluppar)" in page
    assert "1 pluppar" not in page
