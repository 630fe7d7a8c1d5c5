"""Access to services by neighbourhood and need: what is within reach of where people live.

Pure functions on numpy arrays; no Django. The inputs are LSOAs (code, population,
population-weighted centroid, neighbourhood) and service points (service id, need category,
location). A service delivered at several locations, or meeting several needs, is several points.

Definitions
-----------
distance
    The great-circle (haversine) distance in metres between an LSOA's population-weighted
    centroid and a service location, multiplied by a circuity factor: the ratio of the
    distance along streets and paths to the straight line. The default, 1.3, is the usual
    figure for British towns and cities (studies of road networks find 1.2 to 1.4); set 1.0
    for straight-line distance.
reachable
    A service is reachable from an LSOA for a need when at least one of its points for that
    need is within `within_m` metres by that distance (the boundary counts as within).
services reachable (neighbourhood x need)
    The number of distinct services for the need reachable from at least one of the
    neighbourhood's LSOAs.
residents per reachable service
    The neighbourhood's population divided by its services reachable; infinity when there
    are none (shown to people as "none").
LSOAs with none
    The neighbourhood's LSOAs from which no service for the need is reachable.
share covered
    The share of the neighbourhood's residents who live in an LSOA from which at least one
    service for the need is reachable (NaN for a neighbourhood with no residents).

Speed: LSOAs are sorted by latitude and taken in chunks; each chunk is compared only with the
points in its latitude band (no point further north or south than the distance can be within
it), in blocks of bounded size, so memory stays small and work grows with the pairs that are
close, not with LSOAs x points.

Examples
--------
>>> lsoas = LsoaTable.from_records([
...     ("E01000001", 1000, 53.96, -1.08, "North"),
...     ("E01000002", 500, 53.90, -1.08, "North"),
... ])
>>> points = ServicePoints.from_records([("s1", "food", 53.965, -1.08)])
>>> result = access(lsoas, points, within_m=1600)
>>> row = result.rows[0]
>>> (row.neighbourhood, row.need, row.services_reachable, row.residents_per_service)
('North', 'food', 1, 1500.0)
>>> (row.lsoas_with_none, row.residents_with_none, round(row.share_covered, 3))
(('E01000002',), 500, 0.667)
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # IUGG mean radius
CIRCUITY = 1.3  # street distance / straight-line distance (see the module docstring)
DEFAULT_WITHIN_M = 1600.0  # about a mile: a 20-minute walk
LSOA_CHUNK = 512  # LSOAs compared at once
BLOCK_PAIRS = 1_000_000  # most LSOA x point distances held in memory at once


@dataclass(frozen=True)
class LsoaTable:
    """LSOAs as columns: code, population, centroid latitude/longitude, neighbourhood."""

    code: np.ndarray
    population: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    neighbourhood: np.ndarray

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, int, float, float, str]]) -> "LsoaTable":
        code, population, latitude, longitude, neighbourhood = _columns(records, 5)
        return cls(
            code=np.asarray(code, dtype=object),
            population=np.asarray(population, dtype=np.int64),
            latitude=np.asarray(latitude, dtype=np.float64),
            longitude=np.asarray(longitude, dtype=np.float64),
            neighbourhood=np.asarray(neighbourhood, dtype=object),
        )


@dataclass(frozen=True)
class ServicePoints:
    """Service points as columns: service id, need category, latitude, longitude."""

    service_id: np.ndarray
    need: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, str, float, float]]) -> "ServicePoints":
        service_id, need, latitude, longitude = _columns(records, 4)
        return cls(
            service_id=np.asarray(service_id, dtype=object),
            need=np.asarray(need, dtype=object),
            latitude=np.asarray(latitude, dtype=np.float64),
            longitude=np.asarray(longitude, dtype=np.float64),
        )


@dataclass(frozen=True)
class NeighbourhoodNeed:
    """One neighbourhood x need: a tidy row."""

    neighbourhood: str
    need: str
    services_reachable: int
    residents: int
    residents_per_service: float  # math.inf when no service is reachable
    lsoas_with_none: tuple[str, ...]
    residents_with_none: int
    share_covered: float


@dataclass(frozen=True)
class AccessResult:
    """`rows`: neighbourhood x need. `lsoa_counts[i, k]`: services for `needs[k]` reachable
    from LSOA `lsoa_codes[i]` (the order of the input)."""

    within_m: float
    circuity: float
    needs: tuple[str, ...]
    lsoa_codes: np.ndarray
    lsoa_counts: np.ndarray
    rows: tuple[NeighbourhoodNeed, ...]

    def counts_for(self, need: str) -> dict[str, int]:
        """Services reachable from each LSOA for one need, by LSOA code."""
        k = self.needs.index(need)
        return dict(zip(self.lsoa_codes.tolist(), self.lsoa_counts[:, k].tolist(), strict=True))


def access(
    lsoas: LsoaTable,
    points: ServicePoints,
    *,
    within_m: float = DEFAULT_WITHIN_M,
    circuity: float = CIRCUITY,
    needs: Sequence[str] | None = None,
) -> AccessResult:
    """Services reachable by neighbourhood and need (see the module docstring).

    `needs` fixes the need categories reported, in order (so a need with no services at all
    still shows as a gap); points for other needs are ignored. By default, the needs of the
    points, sorted.
    """
    if within_m < 0 or circuity < 1:
        raise ValueError("within_m must be >= 0 and circuity >= 1")
    needs = tuple(sorted(set(points.need.tolist())) if needs is None else needs)
    keep = np.isin(points.need, np.asarray(needs, dtype=object)) & _located(points)
    need_idx = _index_of(points.need[keep], needs)
    service_idx = np.unique(points.service_id[keep], return_inverse=True)[1].astype(np.int64)
    hood_names, hood_idx = np.unique(lsoas.neighbourhood.astype(str), return_inverse=True)
    lsoa_counts, hood_counts = _reach_counts(
        lsoas, points.latitude[keep], points.longitude[keep], need_idx, service_idx,
        hood_idx, len(hood_names), len(needs), within_m / circuity,
    )  # fmt: skip
    rows = _rows(lsoas, hood_names, hood_idx, needs, lsoa_counts, hood_counts)
    return AccessResult(within_m, circuity, needs, lsoas.code, lsoa_counts, rows)


def _columns(records: Iterable[tuple], width: int) -> list[list]:
    columns: list[list] = [[] for _ in range(width)]
    for record in records:
        if len(record) != width:
            raise ValueError(f"expected {width} values in each record, got {record!r}")
        for column, value in zip(columns, record, strict=True):
            column.append(value)
    return columns


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres between points in degrees (broadcasting)."""
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(_hav(*map(np.radians, (lat1, lon1, lat2, lon2)))))


def _hav(lat1, lon1, lat2, lon2):
    """The haversine of the central angle, for points in radians."""
    return (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )


def _located(points: ServicePoints) -> np.ndarray:
    return np.isfinite(points.latitude) & np.isfinite(points.longitude)


def _index_of(values: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    lookup = {label: i for i, label in enumerate(labels)}
    return np.fromiter((lookup[v] for v in values), dtype=np.int64, count=len(values))


def pairs_within(lat1, lon1, lat2, lon2, max_m: float):
    """Yield, per chunk of the first points, index arrays (i, j) of the pairs within `max_m`
    great-circle metres (points in degrees). Each first point is in one chunk only.

    Compares squared chord lengths between unit vectors: the same order as the haversine
    distance (chord = 2 sin(angle / 2)), without trigonometry for each pair.
    """
    lat1, lon1, lat2, lon2 = (np.asarray(a, dtype=np.float64) for a in (lat1, lon1, lat2, lon2))
    order1, order2 = np.argsort(lat1, kind="stable"), np.argsort(lat2, kind="stable")
    la1, la2 = np.radians(lat1[order1]), np.radians(lat2[order2])
    xyz1 = _unit_vectors(la1, np.radians(lon1[order1]))
    xyz2 = _unit_vectors(la2, np.radians(lon2[order2]))
    angle = max_m / EARTH_RADIUS_M
    chord2_max = (2 * math.sin(min(angle, math.pi) / 2)) ** 2
    for start in range(0, len(la1), LSOA_CHUNK):
        stop = min(start + LSOA_CHUNK, len(la1))
        band_lo = np.searchsorted(la2, la1[start] - angle, side="left")
        band_hi = np.searchsorted(la2, la1[stop - 1] + angle, side="right")
        step = max(1, BLOCK_PAIRS // (stop - start))
        found_i, found_j = [], []
        for s in range(band_lo, band_hi, step):
            e = min(s + step, band_hi)
            i, j = np.nonzero(_chord2(xyz1, start, stop, xyz2, s, e) <= chord2_max)
            found_i.append(i + start)
            found_j.append(j + s)
        if found_i:
            yield order1[np.concatenate(found_i)], order2[np.concatenate(found_j)]


def _unit_vectors(lat, lon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cos_lat = np.cos(lat)
    return cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)


def _chord2(xyz1, start, stop, xyz2, s, e) -> np.ndarray:
    """Squared chord lengths (unit sphere) between points start:stop and s:e."""
    total = None
    for c1, c2 in zip(xyz1, xyz2, strict=True):
        d = np.subtract.outer(c1[start:stop], c2[s:e])
        d *= d
        total = d if total is None else np.add(total, d, out=total)
    return total


def _reach_counts(lsoas, lat, lon, need_idx, service_idx, hood_idx, n_hoods, n_needs, max_m):
    """Distinct services per LSOA x need, and per neighbourhood x need."""
    n_lsoas, n_services = len(lsoas.code), int(service_idx.max(initial=-1)) + 1
    lsoa_counts = np.zeros(n_lsoas * n_needs, dtype=np.int64)
    hood_keys = []
    for i, j in pairs_within(lsoas.latitude, lsoas.longitude, lat, lon, max_m):
        need, service = need_idx[j], service_idx[j]
        # a service at two locations near one LSOA counts once
        cell = _distinct((i * n_needs + need) * n_services + service) // n_services
        lsoa_counts += np.bincount(cell, minlength=n_lsoas * n_needs)
        hood_keys.append(_distinct((hood_idx[i] * n_needs + need) * n_services + service))
    keys = _distinct(np.concatenate(hood_keys)) if hood_keys else np.empty(0, dtype=np.int64)
    hood_counts = np.bincount(keys // max(n_services, 1), minlength=n_hoods * n_needs)
    return lsoa_counts.reshape(n_lsoas, n_needs), hood_counts.reshape(n_hoods, n_needs)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sorting beats numpy's hash-based `unique` on big int arrays)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


def _rows(lsoas, hood_names, hood_idx, needs, lsoa_counts, hood_counts):
    n_hoods, n_needs = len(hood_names), len(needs)
    population = lsoas.population.astype(np.int64)
    residents = np.bincount(hood_idx, weights=population, minlength=n_hoods).astype(np.int64)
    none = lsoa_counts == 0
    cell = hood_idx[:, None] * n_needs + np.arange(n_needs)[None, :]
    without = np.bincount(
        cell[none], weights=np.broadcast_to(population[:, None], none.shape)[none],
        minlength=n_hoods * n_needs,
    ).astype(np.int64)  # fmt: skip
    codes = _codes_by_cell(lsoas.code, cell, none)
    rows = []
    for h, name in enumerate(hood_names.tolist()):
        for k, need in enumerate(needs):
            services, people = int(hood_counts[h, k]), int(residents[h])
            lacking = int(without[h * n_needs + k])
            rows.append(NeighbourhoodNeed(
                neighbourhood=name, need=need, services_reachable=services, residents=people,
                residents_per_service=people / services if services else math.inf,
                lsoas_with_none=codes.get(h * n_needs + k, ()), residents_with_none=lacking,
                share_covered=(people - lacking) / people if people else math.nan,
            ))  # fmt: skip
    return tuple(rows)


def _codes_by_cell(code, cell, none) -> dict[int, tuple[str, ...]]:
    """LSOA codes with none, grouped by neighbourhood x need cell, sorted."""
    lsoa_i, need_k = np.nonzero(none)
    cells = cell[lsoa_i, need_k]
    order = np.lexsort((code[lsoa_i].astype(str), cells))
    grouped: dict[int, list[str]] = {}
    for c, i in zip(cells[order].tolist(), lsoa_i[order].tolist(), strict=True):
        grouped.setdefault(c, []).append(code[i])
    return {c: tuple(v) for c, v in grouped.items()}
