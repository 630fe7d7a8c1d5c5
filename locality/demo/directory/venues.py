"""Venues: invented names and street addresses on real postcode points, shared between the
services that meet there, and their HSDS ``location`` with address and accessibility.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from locality.demo.directory.vocabulary import (
    ACCESSIBILITY,
    FAITH_GROUPS,
    LARGE_USER_VENUES,
    LOCALITY_VENUES,
    NO_ACCESSIBILITY,
    SAINTS,
    STREET_STEMS,
    STREET_SUFFIXES,
    VENUE_CAPS,
    VENUE_NAMES,
)

if TYPE_CHECKING:
    from locality.demo.directory.places import Place
    from locality.demo.directory.state import Generator


@dataclass
class Venue:
    id: str
    kind: str
    name: str
    place: Place
    point: Any
    address_1: str
    accessibility: tuple[str, ...]
    church: str = ""
    asset: bool = False
    json: dict | None = None


def street(rng: random.Random) -> str:
    return f"{rng.choice(STREET_STEMS)} {rng.choice(STREET_SUFFIXES)}"


def church_name(gen: Generator, place: Place, area: str | None = None) -> str:
    pattern = gen.rng.choice(FAITH_GROUPS[:6])  # halls belong to churches
    return pattern.format(saint=gen.rng.choice(SAINTS), area=area or place.area)


def pool(gen: Generator, place: Place, kind: str) -> list[Venue]:
    """The venues of a kind shared by this place: its own, or its locality's."""
    scope = f"{place.city}|{place.area}" if kind in LOCALITY_VENUES else place.code
    return gen.pools.setdefault((scope, kind), [])


def venue_name(gen: Generator, place: Place, kind: str) -> tuple[str, str]:
    """A venue name not used before (and, for church halls, the church)."""
    rng = gen.rng
    patterns = list(VENUE_NAMES[kind])
    rng.shuffle(patterns)
    areas = (place.area, *[loc for loc in place.localities if loc != place.area])
    for attempt in range(len(areas) * len(patterns) + 10):
        area = areas[min(attempt // len(patterns), len(areas) - 1)]
        church = church_name(gen, place, area) if kind == "church-hall" else ""
        name = patterns[attempt % len(patterns)].format(
            area=area, stem=rng.choice(STREET_STEMS), street=street(rng), church=church
        )
        if church.startswith("St "):
            name = f"{name}, {area}"
        if name not in gen.venue_names:
            return name, church
    while name in gen.venue_names:
        name = f"{name.split(' (')[0]} ({street(rng)})"
    return name, church


def new_venue(gen: Generator, place: Place, kind: str) -> Venue:
    rng = gen.rng
    name, church = venue_name(gen, place, kind)
    gen.venue_names.add(name)
    large = place.large_points if kind in LARGE_USER_VENUES else None
    point = rng.choice(large or place.points)
    number = rng.randint(1, 180)
    address = street(rng) if rng.random() < 0.2 else f"{number} {street(rng)}"
    access: tuple[str, ...] = ()
    if kind not in NO_ACCESSIBILITY:
        access = tuple(a for a in ACCESSIBILITY if rng.random() < 0.45)
    venues = pool(gen, place, kind)
    venue = Venue(
        id=gen.id("location", place.code, kind, len(venues)), kind=kind, name=name,
        place=place, point=point, address_1=address, accessibility=access, church=church,
    )  # fmt: skip
    venues.append(venue)
    return venue


def pick_venue(gen: Generator, place: Place, kind: str) -> Venue:
    """Usually an existing venue of this kind near the place; sometimes (up to a cap) a new one."""
    existing = pool(gen, place, kind)
    cap = VENUE_CAPS.get(kind, 1)
    if existing and (len(existing) >= cap or gen.rng.random() < 0.7):
        return gen.rng.choice(existing)
    return new_venue(gen, place, kind)


def asset_venue(gen: Generator, place: Place, kind: str) -> Venue | None:
    """A venue of this kind near the place that is not yet listed as an asset."""
    existing = pool(gen, place, kind)
    free = [v for v in existing if not v.asset]
    if free:
        venue = gen.rng.choice(free)
    elif len(existing) < VENUE_CAPS.get(kind, 1):
        venue = new_venue(gen, place, kind)
    else:
        return None
    venue.asset = True
    return venue


def _location_json(gen: Generator, venue: Venue) -> dict:
    place, point, lid = venue.place, venue.point, venue.id
    address = {
        "id": gen.id(lid, "address"),
        "location_id": lid,
        "address_1": venue.address_1,
        **({"address_2": place.area} if place.area != place.city else {}),
        "city": place.city,
        "state_province": place.county,
        "postal_code": point.pcds,
        "country": "GB",
        "address_type": "physical",
    }
    location = {
        "id": lid,
        "location_type": "physical",
        "name": venue.name,
        "latitude": point.lat,
        "longitude": point.lon,
        "addresses": [address],
    }
    if venue.accessibility:
        location["accessibility"] = [
            {"id": gen.id(lid, "accessibility", i), "location_id": lid, "description": text}
            for i, text in enumerate(venue.accessibility)
        ]
    return location


def location(gen: Generator, venue: Venue) -> dict:
    """The venue as a nested HSDS location (a fresh copy each time)."""
    if venue.json is None:
        venue.json = _location_json(gen, venue)
    location = dict(venue.json)
    location["addresses"] = [dict(a) for a in location["addresses"]]
    if "accessibility" in location:
        location["accessibility"] = [dict(a) for a in location["accessibility"]]
    return location
