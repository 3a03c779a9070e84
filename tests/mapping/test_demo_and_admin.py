import io

from django.urls import reverse

from kunskapsnod.mapping import demo
from kunskapsnod.mapping.models import AnalysisModel, Item, Priority, Source


def test_the_demo_loads_the_models_and_the_pre_study_once(regions):
    first, second = io.StringIO(), io.StringIO()
    demo.load(first)
    counts = (AnalysisModel.objects.count(), Item.objects.count(), Priority.objects.count())
    demo.load(second)
    assert counts == (AnalysisModel.objects.count(), Item.objects.count(), Priority.objects.count())
    assert counts[0] == 2
    assert "0 new analysis model versions" in second.getvalue()
    assert "0 created, 0 updated" in second.getvalue()


def test_the_admin_action_imports_without_a_selection(client, analysis_models, administrator):
    client.force_login(administrator)
    url = reverse("admin:mapping_source_changelist")
    response = client.post(url, {"action": "import_prestudy_action", "index": "0"}, follow=True)
    assert response.status_code == 200
    assert "Förstudien:" in response.content.decode()
    assert Source.objects.count() == 7 + 6
    assert Item.objects.filter(municipality__slug="boras", parent__isnull=True).count() == 89


def test_the_list_answers_htmx_with_the_results_only(client, imported, boras_reader):
    client.force_login(boras_reader)
    response = client.get(reverse("mapping:items"), {"municipality": "boras"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<h1" not in body and "<html" not in body
    assert "89 poster" in body
