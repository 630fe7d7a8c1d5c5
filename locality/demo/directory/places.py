"""Where entries go: the areas (LSOAs) and their points, and the supply weights that spread
entries unevenly over them (see the package docstring for the formula).
"""

from __future__ import annotations

import math
import random
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from locality.demo.directory.vocabulary import YORK_LOCALITIES
from locality.demo.place import neighbourhood_of, population_centre


@dataclass(frozen=True)
class Area:
    """An LSOA-like area for directories outside York (``place.Lsoa`` works as it is)."""

    code: str
    lat: float
    lon: float
    population: int
    name: str = ""
    ward_name: str = ""
    ward_code: str = ""
    imd_decile: int = 5
    age_0_15: int = 0
    age_60_plus: int = 0
    town: str = ""
    county: str = ""


@dataclass(frozen=True)
class Point:
    """A postcode-like point (``place.Postcode`` works as it is)."""

    pcds: str
    lat: float
    lon: float
    large_user: bool = False


@dataclass
class Place:
    """One area as the generator sees it: its names, points and what draws services to it."""

    code: str
    area: str
    localities: tuple[str, ...]
    ward_name: str
    ward_code: str
    quarter: str
    city: str
    county: str
    lat: float
    lon: float
    points: list[Any]
    large_points: list[Any]
    population: int
    children_share: float
    older_share: float
    imd_decile: int
    distance_km: float = 0.0
    gap: bool = False


class Table:
    """Weighted choice over places by cumulative weights (bisect)."""

    def __init__(self, places: list[Place], weights: list[float]) -> None:
        pairs = [(p, w) for p, w in zip(places, weights, strict=True) if w > 0]
        self.places = [p for p, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))

    def pick(self, rng: random.Random) -> Place:
        total = self.cumulative[-1]
        index = bisect_right(self.cumulative, rng.random() * total)
        return self.places[min(index, len(self.places) - 1)]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(x, lat2 - lat1)


def _area_name(lsoa: Any) -> str:
    ward = getattr(lsoa, "ward_name", "") or ""
    if ward:
        return ward
    name = getattr(lsoa, "name", "") or lsoa.code
    return re.sub(r"\s+\d{3}[A-Z]$", "", name)


def _town_centres(items: list[Any], city: str) -> dict[str, tuple[float, float]]:
    """The population-weighted centre of each town's areas."""
    by_town: dict[str, list[Any]] = {}
    for lsoa in items:
        by_town.setdefault(getattr(lsoa, "town", "") or city, []).append(lsoa)
    return {town: population_centre(group) for town, group in by_town.items()}


def _place(
    lsoa: Any, points: Sequence[Any], town: str, centre: tuple[float, float], area: str,
    localities: tuple[str, ...], county: str, gap: bool,
) -> Place:  # fmt: skip
    ward = _area_name(lsoa)
    population = max(int(lsoa.population), 1)
    children = getattr(lsoa, "age_0_15", 0) or 0.16 * population
    older = getattr(lsoa, "age_60_plus", 0) or 0.23 * population
    points = sorted(points, key=lambda p: p.pcds)
    return Place(
        code=lsoa.code, area=area, localities=localities, ward_name=ward,
        ward_code=getattr(lsoa, "ward_code", "") or "",
        quarter=neighbourhood_of(lsoa, centre), city=town,
        county=getattr(lsoa, "county", "") or county, lat=lsoa.lat, lon=lsoa.lon,
        points=points, large_points=[p for p in points if getattr(p, "large_user", False)],
        population=population, children_share=children / population,
        older_share=older / population, imd_decile=int(getattr(lsoa, "imd_decile", 5) or 5),
        distance_km=distance_km(centre[1], centre[0], lsoa.lat, lsoa.lon), gap=gap,
    )  # fmt: skip


def prepare_places(
    lsoas: Sequence[Any], postcodes: Mapping[str, Sequence[Any]], seed: int, city: str,
    county: str,
) -> list[Place]:  # fmt: skip
    """The areas that have points, sorted by code, each named after its ward or locality."""
    gap_rng = random.Random(f"{seed}/gaps")
    items = sorted((lsoa for lsoa in lsoas if postcodes.get(lsoa.code)), key=lambda x: x.code)
    if not items:
        raise ValueError("no area has any postcodes to place venues at")
    centres = _town_centres(items, city)
    ward_seen: Counter[str] = Counter()
    places = []
    for lsoa in items:
        town = getattr(lsoa, "town", "") or city
        ward = _area_name(lsoa)
        localities = YORK_LOCALITIES.get(ward, (ward,)) if town == "York" else (ward,)
        area = localities[ward_seen[ward] % len(localities)]
        ward_seen[ward] += 1
        decile = int(getattr(lsoa, "imd_decile", 5) or 5)
        gap = gap_rng.random() < (0.25 if decile <= 4 else 0.10)
        places.append(
            _place(lsoa, postcodes[lsoa.code], town, centres[town], area, localities, county, gap)
        )
    return places


def supply(place: Place) -> float:
    """The area's supply weight: population, closeness to the centre and any gap."""
    d = place.distance_km
    weight = place.population * (1 + 1.5 * math.exp(-d / 1.5))
    weight *= 0.6 if d > 6 else 1.0
    return weight * (0.1 if place.gap else 1.0)


AUDIENCE_FACTORS: dict[str, Callable[[Place], float]] = {
    "all": lambda p: 1.0,
    "children": lambda p: p.children_share / 0.16,
    "older": lambda p: p.older_share / 0.23,
    "deprived": lambda p: (11 - p.imd_decile) / 5.5,
    "central": lambda p: 0.05 + 10 * math.exp(-p.distance_km / 2),
}


def audience_tables(places: list[Place]) -> dict[str, Table]:
    """A weighted table per audience: supply times the audience's factor."""
    return {
        audience: Table(places, [supply(p) * factor(p) for p in places])
        for audience, factor in AUDIENCE_FACTORS.items()
    }


def quarter_tables(places: list[Place]) -> dict[tuple[str, str], Table]:
    """A supply-weighted table per (town, quarter), for the extra sites of a service."""
    quarters: dict[tuple[str, str], list[Place]] = {}
    for place in places:
        quarters.setdefault((place.city, place.quarter), []).append(place)
    return {key: Table(group, [supply(p) for p in group]) for key, group in quarters.items()}
