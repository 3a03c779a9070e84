"""A fresh database (no analysis model loaded): the menu links to the mapping, so its
pages explain how to load a model instead of answering 404."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kunskapsnod.mapping.models import AnalysisModel, Item


@pytest.mark.parametrize("name", ["index", "matrix", "gap", "unclassified", "priorities", "priority_classify"])
def test_it_explains_how_to_load_a_model_instead_of_404(client, regions, boras_reader, name):
    client.force_login(boras_reader)
    response = client.get(reverse(f"mapping:{name}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "ingen analysmodell är inläst ännu" in page
    assert "kunskapsnod import_prestudy" in page
    assert "kunskapsnod setup_demo" in page
    assert "administrationen" in page


def test_it_links_administrators_to_creating_a_first_version(client, regions, administrator):
    client.force_login(administrator)
    page = client.get(reverse("mapping:index")).content.decode()
    assert reverse("admin:mapping_analysismodel_add") in page


def test_the_import_command_also_loads_the_analysis_model(regions, capsys):
    call_command("import_prestudy")
    assert AnalysisModel.objects.count() == 2
    assert Item.objects.exists()
    assert "analysis model: 2 new versions" in capsys.readouterr().out
