"""Small geographic helpers: great-circle distance, bounding boxes, distances in SQL and words.

Coordinates are WGS84 degrees. Postcode centroids live in `locality.places.postcodes`.
"""

import json
import math

from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ACos, Cos, Least, Radians, Sin
from shapely.geometry import Point, shape

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
METRES_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_M / 180
METRES_PER_MILE = 1609.344


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) holding every point within `radius_m` of the point.

    A cheap pre-filter for an indexed query; check `haversine_m` on what it returns.
    """
    d_lat = radius_m / METRES_PER_DEGREE_LAT
    cos_lat = math.cos(math.radians(min(89.9, abs(lat) + d_lat)))
    d_lon = min(180.0, d_lat / cos_lat)
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon


def distance_m_expression(lat: float, lon: float, prefix: str = ""):
    """A query expression: metres from the point to the row's `latitude`/`longitude`.

    Spherical law of cosines (within about 0.1 m of `haversine_m` at any distance). Django
    supplies ACOS, SIN and COS on SQLite; a row without coordinates gives NULL on every
    database (PostgreSQL's LEAST ignores NULLs, so the guard is explicit).
    """
    lat_r, lon_r = Value(math.radians(lat)), Value(math.radians(lon))
    row_lat, row_lon = Radians(F(f"{prefix}latitude")), Radians(F(f"{prefix}longitude"))
    cosine = Sin(lat_r) * Sin(row_lat) + Cos(lat_r) * Cos(row_lat) * Cos(row_lon - lon_r)
    metres = ACos(Least(cosine, Value(1.0)), output_field=FloatField()) * Value(EARTH_RADIUS_M)
    located = Q(**{f"{prefix}latitude__isnull": False, f"{prefix}longitude__isnull": False})
    return Case(When(located, then=metres), default=Value(None), output_field=FloatField())


def geojson_contains(extent: str, lat: float, lon: float) -> bool | None:
    """Whether a GeoJSON geometry (or Feature) holds the point; None if it cannot be read."""
    try:
        geometry = json.loads(extent)
        if geometry.get("type") == "Feature":
            geometry = geometry["geometry"]
        return bool(shape(geometry).covers(Point(lon, lat)))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def distance_text(metres: float) -> str:
    """A distance for people: "0.4 miles", "1 mile", "12 miles"."""
    miles = metres / METRES_PER_MILE
    if miles < 0.1:
        return "less than 0.1 miles"
    if miles >= 10:
        return f"{round(miles)} miles"
    shown = f"{miles:.1f}".removesuffix(".0")
    return "1 mile" if shown == "1" else f"{shown} miles"
