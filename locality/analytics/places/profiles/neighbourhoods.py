"""Which LSOAs make up each neighbourhood: a user's file, the 2025 wards, or the whole area.

A neighbourhoods file is either

- a CSV with columns ``lsoa11cd`` and ``neighbourhood`` (one row per LSOA), or
- the GeoJSON that ``locality places design`` writes: features whose properties hold ``name``
  and ``lsoa_codes`` (a list of LSOA 2011 codes; ``population`` is ignored and recomputed).

Every LSOA must be an English LSOA of the local authority and in at most one neighbourhood;
LSOAs of the authority left out are "not in a neighbourhood" (reported, and still counted in
the authority's figures). Errors name the file, the line or feature, and the field.
"""

import csv
import json
from pathlib import Path

import pandas as pd

from locality.analytics.places.geography import WARD_LOOKUP_FILE as WARD_NAMES_FILE
from locality.analytics.places.geography import PlacesError, england_lsoas, ward_lookup


def read_neighbourhoods(path: Path, area) -> pd.Series:
    """LSOA code -> neighbourhood name for the area's LSOAs (NaN where none)."""
    path = Path(path)
    if not path.exists():
        raise PlacesError(f"{path}: no such file")
    if path.suffix.lower() in (".geojson", ".json"):
        pairs = _from_geojson(path)
    else:
        pairs = _from_csv(path)
    if not pairs:
        raise PlacesError(f"{path}: no neighbourhoods in the file")
    england = england_lsoas()
    inside = set(area.codes)
    seen: dict[str, tuple[str, str]] = {}
    for where, code, name in pairs:
        if code not in england.index:
            raise PlacesError(
                f"{path}: {where}: field lsoa11cd: {code!r} is not an English LSOA 2011 code"
            )
        if code not in inside:
            la = england.at[code, "lad19nm"]
            raise PlacesError(
                f"{path}: {where}: field lsoa11cd: {code} is in {la}, not in {area.name} "
                f"({area.code})"
            )
        if code in seen:
            before, other = seen[code]
            raise PlacesError(
                f"{path}: {where}: field lsoa11cd: {code} is already in neighbourhood "
                f"{other!r} ({before})"
            )
        seen[code] = (where, name)
    assignment = pd.Series({code: name for code, (_, name) in seen.items()}, dtype=object)
    return assignment.reindex(area.codes).rename("neighbourhood").rename_axis("lsoa11cd")


def _from_csv(path: Path) -> list[tuple[str, str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            for field in ("lsoa11cd", "neighbourhood"):
                if field not in header:
                    raise PlacesError(f"{path}: line 1: field {field}: missing")
            pairs = []
            for row in reader:
                where = f"line {reader.line_num}"
                code = (row.get("lsoa11cd") or "").strip()
                name = (row.get("neighbourhood") or "").strip()
                if not code:
                    raise PlacesError(f"{path}: {where}: field lsoa11cd: empty")
                if not name:
                    raise PlacesError(f"{path}: {where}: field neighbourhood: empty")
                pairs.append((where, code, name))
    except UnicodeDecodeError as exc:
        raise PlacesError(f"{path}: not a UTF-8 CSV file ({exc})") from exc
    except csv.Error as exc:
        raise PlacesError(f"{path}: not a CSV file ({exc})") from exc
    return pairs


def _from_geojson(path: Path) -> list[tuple[str, str, str]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlacesError(f"{path}: not a GeoJSON file ({exc})") from exc
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise PlacesError(f"{path}: field features: missing (not a FeatureCollection)")
    pairs = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        name = str(properties.get("name") or "").strip()
        where = f"feature {number}" + (f" ({name})" if name else "")
        if not name:
            raise PlacesError(f"{path}: {where}: field name: missing")
        codes = properties.get("lsoa_codes")
        if not isinstance(codes, list) or not codes:
            raise PlacesError(f"{path}: {where}: field lsoa_codes: missing or not a list")
        pairs.extend((where, str(code).strip(), name) for code in codes)
    return pairs


def default_neighbourhoods(area) -> tuple[pd.Series, str]:
    """The area's 2025 wards where the bundled lookup covers it, else the whole area as one;
    with a sentence saying which."""
    wards = ward_lookup(area)
    if wards is not None:
        names = pd.read_csv(WARD_NAMES_FILE, dtype=str).set_index("wd25cd_bestfit")["wd25nm"]
        names = names[~names.index.duplicated()]
        assignment = wards.map(names).fillna(wards)
        return (
            assignment.rename("neighbourhood").rename_axis("lsoa11cd"),
            f"No neighbourhoods file: the {assignment.nunique()} electoral wards (May 2025) of "
            f"{area.name}, each LSOA in its best-fit ward (bundled lookup).",
        )
    assignment = pd.Series(area.name, index=pd.Index(area.codes, name="lsoa11cd"))
    return (
        assignment.rename("neighbourhood"),
        f"No neighbourhoods file, and no ward lookup is bundled for {area.name}: the whole "
        "local authority is profiled as one neighbourhood. Give --neighbourhoods (a CSV "
        "lsoa11cd,neighbourhood or the GeoJSON of 'locality places design') to split it.",
    )
