"""Build kit/geodata/world_110m.geojson from Natural Earth's 1:110m countries.

Run once by a maintainer, never at run time. The public-domain Natural Earth
1:110m admin-0 countries ship inside the geopandas 0.14.4 wheel (as the
``naturalearth_lowres`` shapefile, removed in geopandas 1.0). This script takes
that wheel from PyPI, reads the shapefile with the pure-Python ``pyshp`` and
writes a compact GeoJSON (coordinates rounded to 0.01°, about 1 km, well
below the 1:110m scale's own precision).

Usage::

    pip install pyshp
    python scripts/build_world_map.py            # downloads the wheel with pip
    python scripts/build_world_map.py WHEEL.whl  # or uses a wheel you have
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parent.parent / "kit" / "geodata" / "world_110m.geojson"
PREFIX = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
# Natural Earth marks a few entities "-99"; give them the codes readers expect.
ISO_FIXES = {"Kosovo": "XKX"}


def fetch_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "geopandas==0.14.4", "-d", str(folder)],
        check=True,
    )
    return next(folder.glob("geopandas-0.14.4-*.whl"))


def read_countries(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{PREFIX}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = zf.read(f"{PREFIX}.cpg").decode("ascii").strip()
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding=encoding)
    features = []
    for shape_record in reader.shapeRecords():
        record = shape_record.record.as_dict()
        geometry = shape_record.shape.__geo_interface__
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": record["name"],
                    "iso_a3": ISO_FIXES.get(record["name"], record["iso_a3"]),
                    "continent": record["continent"],
                },
                "geometry": _rounded(geometry),
            }
        )
    return sorted(features, key=lambda f: f["properties"]["name"])


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(value[0], 2), round(value[1], 2)]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wheel = Path(argv[1]) if len(argv) > 1 else fetch_wheel(Path(tmp))
        features = read_countries(wheel)
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:110m admin-0 countries (public domain), from the geopandas 0.14.4 wheel",
        "features": features,
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(features)} countries to {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv)
