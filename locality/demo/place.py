"""The real place behind the demo: City of York's 120 LSOAs (2011) and their live postcodes.

Reads only the small files in ``data/york/`` (see ``data/york/SOURCE.md`` for where they came
from): ``lsoa.csv`` (names, MSOA, 2025 ward, population-weighted centroid, mid-2015 population
by broad age band, IMD 2019 score/rank/decile and the seven domain deciles),
``lsoa11_boundaries.geojson`` and ``postcodes.csv.gz``. Standard library only; no Django.

Any missing or malformed value raises :class:`PlaceDataError`, whose message names the file,
the row (1 = the header line) and the column.

``neighbourhood_of`` splits York into the four areas of its "four area model" (North, East,
South, West) by the compass bearing of each LSOA's population-weighted centroid from the
population-weighted centre of York: North is bearings [315°, 45°), East [45°, 135°),
South [135°, 225°) and West [225°, 315°).
"""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "york"
LA_CODE = "E06000014"
LA_NAME = "York"

LSOA_FILE = "lsoa.csv"
BOUNDARIES_FILE = "lsoa11_boundaries.geojson"
POSTCODES_FILE = "postcodes.csv.gz"

DOMAINS = (
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "housing_barriers",
    "living_environment",
)
NEIGHBOURHOODS = ("North", "East", "South", "West")

LSOA_CODE_RE = re.compile(r"E01\d{6}")
MSOA_CODE_RE = re.compile(r"E02\d{6}")
WARD_CODE_RE = re.compile(r"E05\d{6}")
POSTCODE_RE = re.compile(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}")
# A generous box around York; anything outside it is a data error (e.g. swapped lat/lon).
LAT_RANGE = (53.8, 54.1)
LON_RANGE = (-1.4, -0.8)

T = TypeVar("T")


class PlaceDataError(ValueError):
    """A place data file is missing, or one of its values is missing or malformed."""


@dataclass(frozen=True)
class Lsoa:
    """One 2011 Lower layer Super Output Area of York with its population and deprivation."""

    code: str
    name: str
    msoa_code: str
    msoa_name: str
    ward_code: str
    ward_name: str
    lon: float
    lat: float
    population: int
    age_0_15: int
    age_16_59: int
    age_60_plus: int
    imd_score: float
    imd_rank: int
    imd_decile: int
    domain_deciles: dict[str, int] = field(hash=False)
    geometry: dict[str, Any] = field(hash=False, repr=False)


@dataclass(frozen=True)
class Postcode:
    """A live postcode unit with its OS Code-Point Open centroid (WGS84)."""

    pcds: str
    lsoa_code: str
    lat: float
    lon: float
    ward_code: str = ""
    large_user: bool = False


# --- reading ---------------------------------------------------------------------------


class _Row:
    """One CSV row that turns bad values into PlaceDataError naming file, row and column."""

    def __init__(self, path: Path, number: int, values: dict[str, str]) -> None:
        self.path, self.number, self.values = path, number, values

    def error(self, column: str, problem: str) -> PlaceDataError:
        return PlaceDataError(f"{self.path}: row {self.number}, column {column!r}: {problem}")

    def get(
        self, column: str, convert: Callable[[str], T] = str, pattern: re.Pattern | None = None
    ) -> T:
        text = (self.values.get(column) or "").strip()
        if not text:
            raise self.error(column, "value is missing")
        if pattern is not None and not pattern.fullmatch(text):
            raise self.error(column, f"{text!r} is not in the expected form")
        try:
            return convert(text)
        except ValueError as exc:
            raise self.error(column, f"{text!r} is not a valid {convert.__name__}") from exc

    def ranged(self, column: str, convert: Callable[[str], T], low: float, high: float) -> T:
        value = self.get(column, convert)
        if not low <= value <= high:  # type: ignore[operator]
            raise self.error(column, f"{value} is outside {low}..{high}")
        return value


def _read_rows(path: Path, required: Iterable[str]) -> list[_Row]:
    """The rows of a CSV (optionally gzipped) file, after checking its header."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise PlaceDataError(f"{path}: row 1, column {missing[0]!r}: column is missing")
            return [_Row(path, reader.line_num, row) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PlaceDataError(f"{path}: cannot be read: {exc}") from exc


def _read_geometries(path: Path) -> dict[str, dict[str, Any]]:
    """LSOA11CD -> GeoJSON geometry dict."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = collection["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PlaceDataError(f"{path}: not a readable GeoJSON FeatureCollection: {exc}") from exc
    geometries: dict[str, dict[str, Any]] = {}
    for number, feature in enumerate(features, start=1):
        code = (feature.get("properties") or {}).get("LSOA11CD", "")
        if not LSOA_CODE_RE.fullmatch(str(code)) or not feature.get("geometry"):
            raise PlaceDataError(
                f"{path}: feature {number}, column 'LSOA11CD': bad code {code!r} or no geometry"
            )
        geometries[code] = feature["geometry"]
    return geometries


# --- LSOAs -----------------------------------------------------------------------------

LSOA_COLUMNS = (
    "lsoa11cd", "lsoa11nm", "msoa11cd", "msoa11nm", "wd25cd_bestfit", "wd25nm",
    "pwc_lon", "pwc_lat", "population", "age_0_15", "age_16_59", "age_60_plus",
    "imd_score", "imd_rank", "imd_decile", *(f"{d}_decile" for d in DOMAINS),
)  # fmt: skip
ENGLAND_LSOAS = 32844


def _lsoa_from_row(row: _Row, geometries: dict[str, dict[str, Any]], geo_path: Path) -> Lsoa:
    code = row.get("lsoa11cd", pattern=LSOA_CODE_RE)
    if code not in geometries:
        raise row.error("lsoa11cd", f"{code} has no polygon in {geo_path}")
    counts = [row.ranged(col, int, 0, 100_000) for col in LSOA_COLUMNS[8:12]]
    if counts[0] != sum(counts[1:]):
        raise row.error("population", f"{counts[0]} is not the sum of the age bands")
    return Lsoa(
        code=code,
        name=row.get("lsoa11nm"),
        msoa_code=row.get("msoa11cd", pattern=MSOA_CODE_RE),
        msoa_name=row.get("msoa11nm"),
        ward_code=row.get("wd25cd_bestfit", pattern=WARD_CODE_RE),
        ward_name=row.get("wd25nm"),
        lon=row.ranged("pwc_lon", float, *LON_RANGE),
        lat=row.ranged("pwc_lat", float, *LAT_RANGE),
        population=counts[0],
        age_0_15=counts[1],
        age_16_59=counts[2],
        age_60_plus=counts[3],
        imd_score=row.ranged("imd_score", float, 0.0, 100.0),
        imd_rank=row.ranged("imd_rank", int, 1, ENGLAND_LSOAS),
        imd_decile=row.ranged("imd_decile", int, 1, 10),
        domain_deciles={d: row.ranged(f"{d}_decile", int, 1, 10) for d in DOMAINS},
        geometry=geometries[code],
    )


def load_lsoas(data_dir: Path | None = None) -> list[Lsoa]:
    """All York LSOAs, sorted by code. Raises PlaceDataError on missing or bad data."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    geo_path = folder / BOUNDARIES_FILE
    geometries = _read_geometries(geo_path)
    lsoas: dict[str, Lsoa] = {}
    for row in _read_rows(folder / LSOA_FILE, LSOA_COLUMNS):
        lsoa = _lsoa_from_row(row, geometries, geo_path)
        if lsoa.code in lsoas:
            raise row.error("lsoa11cd", f"{lsoa.code} appears twice")
        lsoas[lsoa.code] = lsoa
    if not lsoas:
        raise PlaceDataError(f"{folder / LSOA_FILE}: row 2, column 'lsoa11cd': no LSOA rows")
    return sorted(lsoas.values(), key=lambda lsoa: lsoa.code)


# --- postcodes -------------------------------------------------------------------------

POSTCODE_COLUMNS = ("pcds", "lsoa11cd", "lat", "lon", "wd25cd", "usertype")


def _postcode_from_row(row: _Row) -> Postcode:
    usertype = row.get("usertype")
    if usertype not in ("0", "1"):
        raise row.error("usertype", f"{usertype!r} is not 0 or 1")
    return Postcode(
        pcds=row.get("pcds", pattern=POSTCODE_RE),
        lsoa_code=row.get("lsoa11cd", pattern=LSOA_CODE_RE),
        lat=row.ranged("lat", float, *LAT_RANGE),
        lon=row.ranged("lon", float, *LON_RANGE),
        ward_code=row.get("wd25cd", pattern=WARD_CODE_RE),
        large_user=usertype == "1",
    )


def load_postcodes(data_dir: Path | None = None) -> dict[str, list[Postcode]]:
    """Live York postcodes grouped by LSOA code; each list sorted by postcode."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    grouped: dict[str, list[Postcode]] = {}
    seen: set[str] = set()
    for row in _read_rows(folder / POSTCODES_FILE, POSTCODE_COLUMNS):
        postcode = _postcode_from_row(row)
        if postcode.pcds in seen:
            raise row.error("pcds", f"{postcode.pcds} appears twice")
        seen.add(postcode.pcds)
        grouped.setdefault(postcode.lsoa_code, []).append(postcode)
    for postcodes in grouped.values():
        postcodes.sort(key=lambda p: p.pcds)
    return dict(sorted(grouped.items()))


# --- neighbourhoods --------------------------------------------------------------------


def population_centre(lsoas: Iterable[Lsoa]) -> tuple[float, float]:
    """The population-weighted mean (lon, lat) of the LSOA centroids."""
    items = list(lsoas)
    total = sum(lsoa.population for lsoa in items)
    if total <= 0:
        raise ValueError("no population to weight by")
    lon = sum(lsoa.lon * lsoa.population for lsoa in items) / total
    lat = sum(lsoa.lat * lsoa.population for lsoa in items) / total
    return lon, lat


_DEFAULT_CENTRE: tuple[float, float] | None = None


def _default_centre() -> tuple[float, float]:
    global _DEFAULT_CENTRE
    if _DEFAULT_CENTRE is None:
        _DEFAULT_CENTRE = population_centre(load_lsoas())
    return _DEFAULT_CENTRE


def bearing_from(centre: tuple[float, float], lon: float, lat: float) -> float:
    """Compass bearing in degrees [0, 360) from centre (lon, lat) to a point (local flat map)."""
    east = (lon - centre[0]) * math.cos(math.radians(centre[1]))
    north = lat - centre[1]
    return math.degrees(math.atan2(east, north)) % 360.0


def neighbourhood_of(lsoa: Lsoa, centre: tuple[float, float] | None = None) -> str:
    """The quarter of York ("North", "East", "South" or "West") the LSOA's centroid lies in.

    ``centre`` defaults to the population-weighted centre of all York LSOAs in DATA_DIR.
    """
    bearing = bearing_from(centre or _default_centre(), lsoa.lon, lsoa.lat)
    return NEIGHBOURHOODS[int(((bearing + 45.0) % 360.0) // 90.0)]


def neighbourhoods(lsoas: Iterable[Lsoa]) -> dict[str, list[Lsoa]]:
    """The LSOAs grouped by neighbourhood, using the centre of these LSOAs."""
    items = list(lsoas)
    centre = population_centre(items)
    grouped: dict[str, list[Lsoa]] = {name: [] for name in NEIGHBOURHOODS}
    for lsoa in items:
        grouped[neighbourhood_of(lsoa, centre)].append(lsoa)
    return grouped
