"""The tables under the map and the ranking chart have a "Status" column saying why a value
is missing; where nothing is missing the column is left out rather than shown empty."""

import pytest

from kunskapsnod.indicators.services import import_kolada_values
from kunskapsnod.indicators.services.parsing import parse_values_bytes
from kunskapsnod.regions.models import Organisation

HEADER = '<th scope="col">Status</th>'


@pytest.fixture
def every_municipality_has_a_value(indicators):
    ids = Organisation.objects.municipalities().values_list("kolada_id", flat=True)
    lines = [
        f"N15428,{kolada_id},{year},T,{50 + i / 10},,test"
        for i, kolada_id in enumerate(sorted(ids))
        for year in (2023, 2024)  # the ranking also shows the previous year
    ]
    text = "kpi,municipality_id,period,gender,value,status,source\n" + "\n".join(lines) + "\n"
    import_kolada_values(rows=parse_values_bytes(text.encode(), file="t.csv"), source="t.csv")


def _suppress(kolada_id: str) -> None:
    text = f"kpi,municipality_id,period,gender,value,status,source\nN15428,{kolada_id},2024,T,,Privacy,test\n"
    import_kolada_values(rows=parse_values_bytes(text.encode(), file="t.csv"), source="t.csv")


@pytest.mark.parametrize("page", ["/statistik/N15428/karta/", "/statistik/N15428/"])
def test_it_shows_the_status_column_only_when_a_value_is_missing(
    client, boras_reader, every_municipality_has_a_value, page
):
    client.force_login(boras_reader)
    assert HEADER not in client.get(page).content.decode()
    _suppress("1490")
    html = client.get(page).content.decode()
    assert HEADER in html and "sekretess" in html
