import pytest
from django.conf import settings

from kunskapsnod.indicators.services import import_kolada_values, parse_values_csv


@pytest.fixture
def imported(indicators):
    text = (settings.DATA_DIR / "kolada" / "values.csv").read_text("utf-8")
    import_kolada_values(rows=parse_values_csv(text)[:200], source="values.csv")


@pytest.mark.parametrize("model", ["indicator", "importbatch", "value", "valuerevision"])
def test_the_admin_lists_render(client, administrator, imported, model):
    client.force_login(administrator)
    assert client.get(f"/admin/indicators/{model}/").status_code == 200


def test_values_cannot_be_edited_in_the_admin(client, administrator, imported):
    client.force_login(administrator)
    assert client.get("/admin/indicators/value/add/").status_code == 403


def test_readers_do_not_reach_the_admin(client, boras_reader, imported):
    client.force_login(boras_reader)
    assert client.get("/admin/indicators/value/").status_code == 302


def test_own_indicators_are_read_only_in_the_admin(client, administrator, indicators, org):
    from kunskapsnod.indicators.services.own import create_own_indicator

    own = create_own_indicator(actor=administrator, owner=org("sjuharad"), code="BHV", title="BHV", source="BVC")
    client.force_login(administrator)
    assert client.get("/admin/indicators/indicator/add/").status_code == 403
    page = client.get(f"/admin/indicators/indicator/{own.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    client.post(f"/admin/indicators/indicator/{own.pk}/change/", {"title": "Ändrad", "code": own.code})
    assert client.get("/admin/indicators/indicator/").status_code == 200
    own.refresh_from_db()
    assert own.title == "BHV"
