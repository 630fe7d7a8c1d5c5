"""Sites from CSV files: candidate buildings (``--candidates``) and existing ones (``--keep``).

Columns (a header row is required; names are matched without regard to case or surrounding
spaces; other columns are ignored):

``name``
    required, non-empty, unique within the file;
``latitude``, ``longitude``
    required, WGS84 decimal degrees inside a box round England (latitude 49.8 to 55.9,
    longitude -6.5 to 1.8) and within ``VICINITY_KM`` of the area's nearest LSOA centroid;
``capacity``
    optional: residents the site can serve (a number > 0); required for every site with
    ``--capacity``;
``cost``
    optional: a number >= 0 (an estate cost; reported, not optimised);
``condition``
    optional free text (e.g. "good", "needs work"); reported.

An existing site (``--keep``) whose name is also a candidate's is the same building: its
coordinates must agree within ``SAME_SITE_M`` metres. Every problem is reported with the file,
the row (the header is row 1) and the field.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from locality.analytics.places.csv_input import read_rows
from locality.analytics.places.distances import haversine_m
from locality.analytics.places.geography import PlacesError

LATITUDE = (49.8, 55.9)
LONGITUDE = (-6.5, 1.8)
REQUIRED = ("name", "latitude", "longitude")
OPTIONAL = ("capacity", "cost", "condition")
VICINITY_KM = 15.0
SAME_SITE_M = 100.0


def read_sites(path: Path, area_lat=None, area_lon=None, area_name: str = "") -> pd.DataFrame:
    """The sites of ``path`` indexed by name: latitude, longitude, capacity, cost, condition,
    row (the CSV row)."""
    path = Path(path)
    header, rows = read_rows(path, REQUIRED)
    records = []
    for number, row in rows:
        cells = {c: row[c] for c in (*REQUIRED, *OPTIONAL) if c in row}
        records.append(_record(path, number, cells, {r["name"] for r in records}))
    if not records:
        raise PlacesError(f"{path}: no sites (the file has a header and no rows)")
    table = pd.DataFrame.from_records(records).set_index("name")
    if area_lat is not None:
        near = haversine_m(table.latitude, table.longitude, area_lat, area_lon).min(axis=1)
        for (name, site), metres in zip(table.iterrows(), near, strict=True):
            if metres > VICINITY_KM * 1000:
                raise PlacesError(
                    f"{path}: row {site.row}: field latitude/longitude: {name!r} is "
                    f"{metres / 1000:.0f} km from the nearest LSOA of {area_name or 'the area'} "
                    f"(at most {VICINITY_KM:g} km): is it in the right place?"
                )
    return table


def _record(path, number, cells, seen) -> dict:
    where = f"{path}: row {number}: field"
    name = cells["name"]
    if not name:
        raise PlacesError(f"{where} name: empty")
    if name in seen:
        raise PlacesError(f"{where} name: {name!r} appears twice")
    record = {"name": name, "row": number}
    for column, (low, high) in (("latitude", LATITUDE), ("longitude", LONGITUDE)):
        value = _number(where, column, cells[column])
        if value is None:
            raise PlacesError(f"{where} {column}: empty")
        if not low <= value <= high:
            raise PlacesError(f"{where} {column}: {value} is outside England ({low} to {high})")
        record[column] = value
    capacity = _number(where, "capacity", cells.get("capacity", ""))
    if capacity is not None and not capacity > 0:
        raise PlacesError(f"{where} capacity: {capacity:g} is not a number > 0")
    cost = _number(where, "cost", cells.get("cost", ""))
    if cost is not None and cost < 0:
        raise PlacesError(f"{where} cost: {cost:g} is not a number >= 0")
    record["capacity"] = np.nan if capacity is None else capacity
    record["cost"] = np.nan if cost is None else cost
    record["condition"] = cells.get("condition", "")
    return record


def _number(where, column, text):
    if not text:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise PlacesError(f"{where} {column}: {text!r} is not a number") from None
    if not np.isfinite(value):
        raise PlacesError(f"{where} {column}: {text!r} is not a number")
    return value


def merge_sites(candidates: pd.DataFrame, existing: pd.DataFrame | None, existing_path=None):
    """All sites (candidates, then existing ones not among them) with a column ``existing``."""
    sites = candidates.assign(existing=False)
    if existing is None:
        return sites
    extra = []
    for name, site in existing.iterrows():
        if name in sites.index:
            gap = float(
                haversine_m(
                    [site.latitude],
                    [site.longitude],
                    [sites.at[name, "latitude"]],
                    [sites.at[name, "longitude"]],
                )[0, 0]
            )
            if gap > SAME_SITE_M:
                raise PlacesError(
                    f"{existing_path}: row {site.row}: field latitude/longitude: {name!r} is "
                    f"also a candidate but {gap:,.0f} m from it (at most {SAME_SITE_M:g} m): "
                    "rename one or correct the coordinates"
                )
            sites.at[name, "existing"] = True
        else:
            extra.append(site)
    if extra:
        sites = pd.concat([sites, pd.DataFrame(extra).assign(existing=True)])
        sites.index.name = "name"
    return sites
