"""The choropleth's data: the shipped geometry (data/geo) joined with one indicator's
values for one year."""

import json
from functools import lru_cache

from django.conf import settings

from kunskapsnod.indicators.analysis.ranking import Ranking

GEOMETRY = "geo/vg-kommuner.geojson"


@lru_cache(maxsize=1)
def _geometry() -> dict:
    return json.loads((settings.DATA_DIR / GEOMETRY).read_text(encoding="utf-8"))


def map_features(ranking: Ranking, display) -> list[dict]:
    """GeoJSON features with ``value`` (None where missing) and ``display`` (the text a table
    shows, e.g. "sekretess") added to each municipality's properties."""
    by_code = {r.municipality.kolada_id: r for r in ranking.rows}
    features = []
    for feature in _geometry()["features"]:
        properties = feature["properties"]
        if properties["kind"] == "kommun":
            row = by_code.get(properties["kolada_id"])
            if row is None and ranking.association is not None:
                continue  # outside the chosen association
            measure = row.value if row else None
            properties = {
                **properties,
                "value": measure.number if measure else None,
                "display": display(measure) if measure else "–",
            }
        elif ranking.association is not None and properties["name"] != ranking.association.name:
            continue
        features.append({**feature, "properties": properties})
    return features
