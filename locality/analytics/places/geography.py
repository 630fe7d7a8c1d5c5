"""The LSOAs of a place: codes, population, deprivation, centroids and shapes; which touch.

Every ``locality places`` command starts here. An *area* is the LSOAs (2011 codes) of one local
authority (or of several, for a region), with the columns of the bundled England table
(``data/england/lsoa11.csv.gz``: population by age band, IMD 2019 and its domains,
population-weighted centroids) and a shape for each LSOA:

- the ONS boundaries bundled in ``data/places`` for York, Haringey and Islington;
- or a GeoJSON file the user supplies (``--boundaries``): any FeatureCollection whose features
  carry the LSOA 2011 code in a property named ``LSOA11CD``, ``lsoa11cd``, ``lsoa_code`` or
  ``code``; a national file is fine (features outside the area are ignored), but every LSOA of
  the area must be there. WGS84 longitude/latitude (the GeoJSON default) or British National
  Grid (EPSG:27700, when the file says so or the coordinates are plainly metres);
- otherwise Voronoi cells of the population-weighted centroids, clipped to the area's hull
  buffered by 1 km: good enough for adjacency and for a map someone can read, and said so on
  every report (``Area.shapes_source``).

Contiguity is *queen* contiguity (shapes that share any boundary point), found in British
National Grid metres with a 1 m tolerance for generalised boundaries. An LSOA with no neighbour
(an island) or a group cut off from the rest is joined to the nearest LSOA of the rest by
centroid distance; those links are returned as ``bridges`` so reports can name them.

>>> area = load_area("E06000014")
>>> (area.name, len(area.lsoas), int(area.lsoas.population.sum()))
('York', 120, 205699)
>>> adjacency = contiguity(area)
>>> len(adjacency.bridges), min(len(v) for v in adjacency.neighbours.values()) > 0
(0, True)
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
ENGLAND_FILE = DATA_DIR / "england" / "lsoa11.csv.gz"
PLACES_DIR = DATA_DIR / "places"
LA_FILE = PLACES_DIR / "la_all_codes.csv"
WARD_LOOKUP_FILE = PLACES_DIR / "lsoa11_ward25_lookup.csv"

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"  # British National Grid: metres
TOUCH_TOLERANCE_M = 1.0
CELL_HULL_BUFFER_M = 1000.0
CODE_PROPERTIES = ("LSOA11CD", "lsoa11cd", "lsoa_code", "code")

DOMAINS = (
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "housing_barriers",
    "living_environment",
)


class PlacesError(ValueError):
    """Bad input to a places command: the message names the file, record and field."""


@lru_cache(maxsize=1)
def england_lsoas() -> pd.DataFrame:
    """All 32,844 English LSOAs (2011), indexed by code; see ``data/england/SOURCE.md``."""
    table = pd.read_csv(ENGLAND_FILE, dtype={"lsoa11cd": str, "lad19cd": str})
    return table.set_index("lsoa11cd", verify_integrity=True)


@lru_cache(maxsize=1)
def local_authorities() -> pd.DataFrame:
    """Lower-tier local authorities (2019 codes) with name, region and upper tier."""
    table = pd.read_csv(LA_FILE, dtype=str)
    table = table[table.LADCD.isin(set(england_lsoas().lad19cd))]
    return table.set_index("LADCD")[["LADNM", "UTLACD", "UTLANM", "RGNCD", "RGNNM"]]


@dataclass(frozen=True)
class Area:
    """LSOAs of one or more local authorities, with a shape for each (WGS84)."""

    code: str
    name: str
    lsoas: pd.DataFrame  # index lsoa11cd; the England table's columns
    shapes: gpd.GeoSeries  # index lsoa11cd, WGS84 polygons
    shapes_source: str
    la_codes: tuple[str, ...] = field(default=())

    @property
    def population(self) -> int:
        return int(self.lsoas.population.sum())

    @property
    def codes(self) -> list[str]:
        return list(self.lsoas.index)

    def projected(self) -> gpd.GeoSeries:
        """The shapes in British National Grid metres."""
        return self.shapes.to_crs(BNG)

    def centroids_bng(self) -> np.ndarray:
        """Population-weighted centroids as an (n, 2) array of BNG metres (x, y)."""
        points = gpd.GeoSeries(
            gpd.points_from_xy(self.lsoas.pwc_lon, self.lsoas.pwc_lat), crs=WGS84
        ).to_crs(BNG)
        return np.column_stack([points.x.to_numpy(), points.y.to_numpy()])

    def frame(self) -> gpd.GeoDataFrame:
        """The LSOA table with its shapes, one GeoDataFrame (WGS84)."""
        return gpd.GeoDataFrame(self.lsoas, geometry=self.shapes.reindex(self.lsoas.index))


def la_name(la_code: str) -> str:
    las = local_authorities()
    if la_code not in las.index:
        raise PlacesError(
            f"--la {la_code!r}: not an English local authority code (LAD 2019, e.g. E06000014 "
            "for York); the bundled table has 317"
        )
    return str(las.at[la_code, "LADNM"])


def bundled_boundaries(la_code: str) -> Path | None:
    path = PLACES_DIR / f"lsoa11_boundaries_{la_code}.geojson"
    return path if path.exists() else None


def load_area(la_code: str, boundaries: Path | None = None) -> Area:
    """The LSOAs of local authority ``la_code`` with shapes from ``boundaries``, the bundled
    file or Voronoi cells, in that order of preference."""
    name = la_name(la_code)
    table = england_lsoas()
    lsoas = table[table.lad19cd == la_code].copy()
    return _area(la_code, name, lsoas, boundaries, (la_code,))


def load_region(la_codes: Sequence[str], code: str, name: str, boundaries=None) -> Area:
    """Several local authorities as one area (a region or an ICB), for example for design."""
    for la in la_codes:
        la_name(la)
    table = england_lsoas()
    lsoas = table[table.lad19cd.isin(set(la_codes))].copy()
    return _area(code, name, lsoas, boundaries, tuple(la_codes))


def region_las(region_code: str) -> list[str]:
    las = local_authorities()
    found = sorted(las.index[las.RGNCD == region_code])
    if not found:
        regions = ", ".join(sorted(set(las.RGNCD)))
        raise PlacesError(f"region {region_code!r}: not an English region code ({regions})")
    return found


def _area(code, name, lsoas, boundaries, la_codes) -> Area:
    if boundaries is not None:
        shapes = read_boundaries(Path(boundaries), lsoas)
        source = f"boundaries from {Path(boundaries).name}"
    elif len(la_codes) == 1 and (bundled := bundled_boundaries(la_codes[0])) is not None:
        shapes = read_boundaries(bundled, lsoas)
        source = "ONS LSOA 2011 boundaries (generalised, clipped), bundled"
    else:
        shapes = voronoi_cells(lsoas)
        source = (
            "Voronoi cells of the population-weighted centroids (no boundaries supplied: "
            "use --boundaries for the real LSOA shapes)"
        )
    return Area(code, name, lsoas, shapes, source, la_codes)


def read_boundaries(path: Path, lsoas: pd.DataFrame) -> gpd.GeoSeries:
    """The shapes of ``lsoas`` from a GeoJSON FeatureCollection (see the module docstring)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PlacesError(f"{path}: no such file") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlacesError(f"{path}: not a GeoJSON file ({exc})") from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise PlacesError(f"{path}: not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise PlacesError(f"{path}: the FeatureCollection has no features")
    wanted = set(lsoas.index)
    codes, geometries = [], []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        key = next((k for k in CODE_PROPERTIES if k in properties), None)
        if key is None:
            raise PlacesError(
                f"{path}: feature {number}: no LSOA code property "
                f"(one of {', '.join(CODE_PROPERTIES)})"
            )
        code = str(properties[key]).strip()
        if code not in wanted:
            continue
        try:
            geometry = shapely.geometry.shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PlacesError(f"{path}: feature {number} ({code}): field geometry: {exc}") from exc
        if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            raise PlacesError(
                f"{path}: feature {number} ({code}): field geometry: expected a Polygon or "
                f"MultiPolygon, found {geometry.geom_type}"
            )
        if code in codes:
            raise PlacesError(f"{path}: feature {number}: LSOA {code} appears twice")
        codes.append(code)
        geometries.append(shapely.make_valid(geometry))
    missing = sorted(wanted - set(codes))
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise PlacesError(
            f"{path}: {len(missing)} of the area's {len(wanted)} LSOAs have no boundary: {shown}"
        )
    crs = _crs_of(document, geometries)
    shapes = gpd.GeoSeries(geometries, index=pd.Index(codes, name="lsoa11cd"), crs=crs)
    return shapes.to_crs(WGS84).reindex(lsoas.index)


def _crs_of(document: dict, geometries: list) -> str:
    declared = json.dumps(document.get("crs") or {})
    if "27700" in declared:
        return BNG
    x_min, y_min, x_max, y_max = shapely.total_bounds(geometries)
    if max(abs(x_min), abs(x_max), abs(y_min), abs(y_max)) > 1000:
        return BNG  # metres, not degrees
    return WGS84


def voronoi_cells(lsoas: pd.DataFrame) -> gpd.GeoSeries:
    """A polygon per LSOA around its population-weighted centroid (see the module docstring)."""
    points = gpd.GeoSeries(
        gpd.points_from_xy(lsoas.pwc_lon, lsoas.pwc_lat), index=lsoas.index, crs=WGS84
    ).to_crs(BNG)
    hull = shapely.MultiPoint(list(points.values)).convex_hull.buffer(CELL_HULL_BUFFER_M)
    if len(points) == 1:
        cells = [hull]
    else:
        regions = shapely.voronoi_polygons(shapely.MultiPoint(list(points.values)), extend_to=hull)
        pieces = list(shapely.get_parts(regions))
        tree = shapely.STRtree(pieces)
        cells = []
        for point in points.values:
            hits = tree.query(point, predicate="intersects")
            cells.append(shapely.intersection(pieces[int(hits[0])], hull))
    return gpd.GeoSeries(cells, index=lsoas.index, crs=BNG).to_crs(WGS84)


@dataclass(frozen=True)
class Adjacency:
    """Which LSOAs touch: ``neighbours[code]`` (sorted), and the links added to join islands."""

    neighbours: dict[str, tuple[str, ...]]
    bridges: tuple[tuple[str, str], ...]

    def edges(self) -> list[tuple[str, str]]:
        return [(a, b) for a, near in self.neighbours.items() for b in near if a < b]


def contiguity(area: Area) -> Adjacency:
    """Queen contiguity of the area's shapes, with islands joined (see the module docstring)."""
    codes = area.codes
    shapes = area.projected().reindex(codes).values
    tree = shapely.STRtree(list(shapes))
    left, right = tree.query(shapely.buffer(shapes, TOUCH_TOLERANCE_M / 2), predicate="intersects")
    keep = left != right
    pairs = set(zip(left[keep].tolist(), right[keep].tolist(), strict=True))
    bridges = _join_components(len(codes), pairs, area.centroids_bng())
    for a, b in bridges:
        pairs.add((a, b))
        pairs.add((b, a))
    neighbours: dict[str, list[str]] = {code: [] for code in codes}
    for a, b in pairs:
        neighbours[codes[a]].append(codes[b])
    return Adjacency(
        {code: tuple(sorted(set(near))) for code, near in neighbours.items()},
        tuple(sorted((codes[min(a, b)], codes[max(a, b)]) for a, b in bridges)),
    )


def _join_components(n: int, pairs: set, xy: np.ndarray) -> list[tuple[int, int]]:
    """Links that make the graph connected: the smallest component is joined to the nearest
    LSOA outside it (centroid to centroid), until one component is left."""
    bridges: list[tuple[int, int]] = []
    while True:
        if pairs:
            rows, cols = zip(*pairs, strict=True)
        else:
            rows, cols = (), ()
        graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        count, labels = connected_components(graph, directed=False)
        if count <= 1:
            return bridges
        sizes = np.bincount(labels)
        smallest = int(np.argmin(sizes))
        inside = np.flatnonzero(labels == smallest)
        outside = np.flatnonzero(labels != smallest)
        d = np.hypot(
            xy[inside, 0][:, None] - xy[outside, 0][None, :],
            xy[inside, 1][:, None] - xy[outside, 1][None, :],
        )
        i, j = np.unravel_index(int(np.argmin(d)), d.shape)
        a, b = int(inside[i]), int(outside[j])
        bridges.append((a, b))
        pairs = pairs | {(a, b), (b, a)}


def ward_lookup(area: Area) -> pd.Series | None:
    """LSOA code -> best-fit 2025 ward code for the bundled areas, else None."""
    table = pd.read_csv(WARD_LOOKUP_FILE, dtype=str).set_index("lsoa11cd")
    if not set(area.codes) <= set(table.index):
        return None
    return table.loc[area.codes, "wd25cd_bestfit"]
