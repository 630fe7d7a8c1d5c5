"""The exact checks in Python: the radius (haversine) and the opening times (`schedule_utils`).

A service is matched at its nearest place that passes both; with no place, on its own.
"""

import datetime as dt
import math
from dataclasses import dataclass
from typing import NamedTuple

from locality.directory import schedule_utils
from locality.directory.geo_utils import haversine_m


class Candidate(NamedTuple):
    """A service that passed the SQL filters: just what ranking needs."""

    id: str
    name: str
    assured_date: dt.date | None
    text_rank: float


class Place(NamedTuple):
    sal_id: str
    location_id: str
    latitude: float | None
    longitude: float | None


@dataclass
class Match:
    """A candidate that passed every filter, at its chosen place."""

    candidate: Candidate
    place: Place | None
    distance_m: float | None
    is_open: bool | None
    name_match: bool = False


def grouped(rows) -> list[tuple[Candidate, list[Place]]]:
    """`query.Row`s as candidates, each with its places in the order of the rows."""
    found: dict[str, tuple[Candidate, list[Place]]] = {}
    for row in rows:
        if row.service_id not in found:
            candidate = Candidate(row.service_id, row.name, row.assured_date,
                                  float(row.text_rank or 0.0))  # fmt: skip
            found[row.service_id] = (candidate, [])
        if row.sal_id is not None:
            place = Place(row.sal_id, row.location_id, row.latitude, row.longitude)
            found[row.service_id][1].append(place)
    return list(found.values())


def match(candidate, places, near, within_m, wall, schedules) -> Match | None:
    """The candidate at its nearest place that passes the distance and time filters."""
    options = []
    for place in places or [None]:
        distance = distance_to(near, place)
        if near is not None and within_m is not None and (distance is None or distance > within_m):
            continue
        is_open = None
        if wall is not None:
            applicable = schedules.applicable(candidate.id, place)
            is_open = schedule_utils.open_at_wall_clock(applicable, wall)
            if not is_open:
                continue
        options.append(Match(candidate, place, distance, is_open))
    if not options:
        return None
    return min(options, key=lambda o: math.inf if o.distance_m is None else o.distance_m)


def distance_to(near, place: Place | None) -> float | None:
    if near is None or place is None or place.latitude is None or place.longitude is None:
        return None
    return haversine_m(near[0], near[1], place.latitude, place.longitude)
