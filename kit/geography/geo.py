"""Geography on a sphere: great-circle distances and the Tropic of Cancer.

>>> round(great_circle_km((50.85, 4.35), (35.69, 139.69)))
9448
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

# The treaty names the line, not a number; the research notes (context facts §0) give about 23.44° N (23°26′).
TROPIC_OF_CANCER = 23.44
# The IUGG mean Earth radius; on this sphere distances stay within 0.5% of the WGS84 ellipsoid's.
EARTH_RADIUS_KM = 6371.0088


def first_day(partial_date: str) -> str:
    """The first day of a partial ISO date, so that dates of different precision sort and compare.

    >>> first_day("2023-05"), first_day("1965"), first_day("2023-07-12")
    ('2023-05-01', '1965-01-01', '2023-07-12')
    """
    return partial_date + "-01" * ((10 - len(partial_date)) // 3)


def last_day(partial_date: str) -> str:
    """The last day of a partial ISO date.

    >>> last_day("2024-02"), last_day("1990"), last_day("2023-07-12")
    ('2024-02-29', '1990-12-31', '2023-07-12')
    """
    if len(partial_date) == 4:
        return partial_date + "-12-31"
    if len(partial_date) == 7:
        year, month = int(partial_date[:4]), int(partial_date[5:])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).isoformat()
    return partial_date


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points, by the haversine formula.

    >>> great_circle_km((0, 0), (0, 180)) == math.pi * EARTH_RADIUS_KM
    True
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def north_of_tropic(latitude: float) -> bool:
    """Is a latitude north of the Tropic of Cancer (23.44° N)?

    >>> north_of_tropic(28.1), north_of_tropic(21.3)
    (True, False)
    """
    return latitude > TROPIC_OF_CANCER


def distance_table(case, origins=("brussels", "vilnius"), destinations=("tokyo", "beijing", "washington")):
    """Great-circle distances (km, rounded) from each origin (rows) to each destination (columns).

    >>> from kit import load_case
    >>> int(distance_table(load_case()).loc["Brussels", "Tokyo"])
    9448
    """
    rows = {}
    for origin in origins:
        start = case.place(origin)
        rows[start["name"]] = {
            case.place(d)["name"]: round(
                great_circle_km((start.lat, start.lon), (case.place(d).lat, case.place(d).lon))
            )
            for d in destinations
        }
    return pd.DataFrame(rows).T
