"""The choropleth: shipped geometry joined with one indicator's values, and its table."""

import json

import pytest
from django.conf import settings
from real_kolada import kolada_module, kolada_values  # noqa: F401

from kunskapsnod.indicators.analysis.maps import map_features
from kunskapsnod.indicators.analysis.ranking import indicator_ranking
from kunskapsnod.indicators.formatting import measure
from kunskapsnod.indicators.models import Indicator
from kunskapsnod.regions.models import Organisation

pytestmark = pytest.mark.usefixtures("kolada_values")
GEOJSON = settings.DATA_DIR / "geo" / "vg-kommuner.geojson"


def test_the_shipped_geometry_covers_every_municipality_and_association():
    collection = json.loads(GEOJSON.read_text(encoding="utf-8"))
    kommuner = {f["properties"]["kolada_id"] for f in collection["features"] if f["properties"]["kind"] == "kommun"}
    outlines = {f["properties"]["name"] for f in collection["features"] if f["properties"]["kind"] == "forbund"}
    assert kommuner == set(Organisation.objects.municipalities().values_list("kolada_id", flat=True))
    assert len(kommuner) == 50 and "1384" in kommuner  # Kungsbacka, Hallands län
    assert outlines == set(Organisation.objects.associations().values_list("name", flat=True))
    assert GEOJSON.stat().st_size < 300_000


def _features(code, period, **kw):
    ranking = indicator_ranking(Indicator.objects.get(code=code), period=period, **kw)
    return ranking, map_features(ranking, measure)


def test_each_municipality_carries_its_value_and_missing_ones_none():
    _ranking, features = _features("N02797", 2018)
    by_id = {f["properties"]["kolada_id"]: f["properties"] for f in features if f["properties"]["kind"] == "kommun"}
    assert by_id["1490"]["value"] == pytest.approx(6.241343)
    assert by_id["1490"]["display"] == "6,2"
    assert by_id["1384"]["value"] is None  # Kungsbacka: no value in the data
    assert by_id["1384"]["display"] == "–"


def test_suppressed_values_read_sekretess_on_the_map():
    _ranking, features = _features("N15563", 2020)
    harryda = next(f["properties"] for f in features if f["properties"]["kolada_id"] == "1401")
    assert harryda["value"] is None and harryda["display"] == "sekretess"


def test_the_association_filter_keeps_its_members_and_its_own_border(org):
    _ranking, features = _features("N02797", 2018, association=org("skaraborg"))
    kinds = [f["properties"]["kind"] for f in features]
    assert kinds.count("kommun") == 15
    assert [f["properties"]["name"] for f in features if f["properties"]["kind"] == "forbund"] == ["Skaraborg"]


def test_the_map_page_has_the_same_data_as_an_accessible_table(client, boras_reader):
    client.force_login(boras_reader)
    html = client.get("/statistik/N02797/karta/?year=2018").content.decode()
    assert 'data-vega-spec="vega-spec-karta"' in html
    assert "<caption>Invånare 16-24 år som varken arbetar eller studerar, andel (%), 2018, per kommun</caption>" in html
    assert '<th scope="row">Borås</th><td>Boråsregionen Sjuhärad</td><td class="num">6,2</td>' in html
