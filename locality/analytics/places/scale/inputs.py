"""Inputs of the scale advisor: the services CSV and the neighbourhoods file.

Services CSV (header row required; other columns, such as a note, are ignored):

``service``
    a name, non-empty and unique;
``min_caseload``
    the smallest number of people a team for this service needs to be viable (a number above
    0). It is compared with the expected demand, prevalence x population, so it must be on the
    same basis as the prevalence: with a point prevalence (share of people with the need at any
    one time), the caseload is people on the books at once; with an annual incidence (share of
    people who start to need the service in a year), it is new people a year;
``prevalence``
    that share, a number above 0 and at most 1;
``population_group`` (optional; empty means ``all``)
    the residents the prevalence applies to: ``all``, ``0-15``, ``16-59`` or ``60+`` (the age
    bands of the bundled mid-2019 LSOA population table).

Neighbourhoods: a CSV with columns ``lsoa11cd, neighbourhood`` or a GeoJSON FeatureCollection
whose features carry ``name`` and ``lsoa_codes`` (a list), as ``locality places design``
writes. Every LSOA of the local authority must be in exactly one neighbourhood, and no LSOA
of another authority may appear.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

from locality.analytics.places.csv_input import read_rows
from locality.analytics.places.geography import PlacesError

GROUPS = {"all": "population", "0-15": "age_0_15", "16-59": "age_16_59", "60+": "age_60_plus"}
GROUP_LABELS = {
    "all": "residents",
    "0-15": "residents aged 0-15",
    "16-59": "residents aged 16-59",
    "60+": "residents aged 60+",
}


@dataclass(frozen=True)
class Service:
    service: str
    min_caseload: float
    prevalence: float
    population_group: str = "all"


def read_services(path: Path) -> list[Service]:
    path = Path(path)
    header, records = _read_csv(path)
    for needed in ("service", "min_caseload", "prevalence"):
        if needed not in header:
            raise PlacesError(f"{path}: header: no column {needed!r}")
    services: list[Service] = []
    seen: set[str] = set()
    for number, row in records:
        name = row.get("service", "")
        if not name:
            raise PlacesError(f"{path}: row {number}: field service: empty")
        if name in seen:
            raise PlacesError(f"{path}: row {number}: field service: {name!r} appears twice")
        seen.add(name)
        caseload = _number(path, number, row, "min_caseload")
        if caseload <= 0:
            raise PlacesError(
                f"{path}: row {number}: field min_caseload: {caseload:g} must be above 0"
            )
        prevalence = _number(path, number, row, "prevalence")
        if not 0 < prevalence <= 1:
            raise PlacesError(
                f"{path}: row {number}: field prevalence: {prevalence:g} must be above 0 and "
                "at most 1 (a share, not a percentage)"
            )
        group = row.get("population_group", "") or "all"
        if group not in GROUPS:
            raise PlacesError(
                f"{path}: row {number}: field population_group: {group!r} is not one of "
                f"{', '.join(GROUPS)}"
            )
        services.append(Service(name, caseload, prevalence, group))
    if not services:
        raise PlacesError(f"{path}: no services (the file has a header and no rows)")
    return services


def read_neighbourhoods(path: Path, la_codes: set[str], la_name: str) -> dict[str, str]:
    """LSOA code -> neighbourhood name, checked against the LSOAs of the local authority."""
    path = Path(path)
    if path.suffix.lower() in (".geojson", ".json"):
        assignments = _from_geojson(path)
    else:
        header, records = _read_csv(path)
        for needed in ("lsoa11cd", "neighbourhood"):
            if needed not in header:
                raise PlacesError(f"{path}: header: no column {needed!r}")
        assignments = [
            (f"row {number}", row.get("lsoa11cd", ""), row.get("neighbourhood", ""))
            for number, row in records
        ]
    found: dict[str, str] = {}
    for where, code, name in assignments:
        if not code:
            raise PlacesError(f"{path}: {where}: field lsoa11cd: empty")
        if not name:
            raise PlacesError(f"{path}: {where}: field neighbourhood: empty")
        if code not in la_codes:
            raise PlacesError(
                f"{path}: {where}: field lsoa11cd: {code!r} is not an LSOA of {la_name}"
            )
        if code in found:
            raise PlacesError(
                f"{path}: {where}: field lsoa11cd: {code} is already in {found[code]!r}"
            )
        found[code] = name
    missing = sorted(la_codes - set(found))
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise PlacesError(
            f"{path}: {len(missing)} of {la_name}'s {len(la_codes)} LSOAs are in no "
            f"neighbourhood: {shown}"
        )
    return found


def _from_geojson(path: Path) -> list[tuple[str, str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PlacesError(f"{path}: no such file") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlacesError(f"{path}: not a GeoJSON file ({exc})") from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise PlacesError(f"{path}: not a GeoJSON FeatureCollection with features")
    out = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        name = str(properties.get("name") or "").strip()
        if not name:
            raise PlacesError(f"{path}: feature {number}: field name: empty or missing")
        codes = properties.get("lsoa_codes")
        if not isinstance(codes, list) or not codes:
            raise PlacesError(
                f"{path}: feature {number} ({name}): field lsoa_codes: expected a list of "
                "LSOA codes"
            )
        out.extend((f"feature {number} ({name})", str(c).strip(), name) for c in codes)
    return out


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    return read_rows(path)


def _number(path: Path, number: int, row: dict[str, str], field: str) -> float:
    text = row.get(field, "")
    try:
        value = float(text)
    except ValueError:
        raise PlacesError(
            f"{path}: row {number}: field {field}: {text!r} is not a number"
        ) from None
    if not math.isfinite(value):
        raise PlacesError(f"{path}: row {number}: field {field}: {text!r} is not a number")
    return value
