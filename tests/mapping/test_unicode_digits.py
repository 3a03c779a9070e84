"""?version=² answered 500 (issue 8): a version that is not ASCII digits is ignored."""

import pytest
from django.urls import reverse

from kunskapsnod.mapping.models import Item, Kind


@pytest.mark.parametrize("version", ["²", "١", str(2**63), "9" * 40, "-1"])
def test_a_bad_version_falls_back_to_the_latest_model(client, boras_editor, analysis_models, org, version):
    item = Item.objects.create(kind=Kind.NEED, text="Behov", municipality=org("boras"))
    client.force_login(boras_editor)
    assert client.get(reverse("mapping:item_classify", args=[item.pk]), {"version": version}).status_code == 200
    assert client.get(reverse("mapping:items"), {"version": version}).status_code == 200
    assert client.get("/api/mapping/items", {"version": version}).status_code in (200, 400)
