"""The outreach plan: who is outside the hubs' catchments, which stops reach them, the week.

Definitions (the docs, ``docs/places-outreach.md``, say the same with examples):

residents outside the catchments
    The residents of the LSOAs whose population-weighted centroid is further than the radius
    from every hub by the distance model (straight line x circuity, or the travel matrix:
    origin the LSOA code, destination the hub name). A whole LSOA is in or out.
weight
    ``population``: each resident counts 1. ``need`` (the default): each resident counts the
    LSOA's IMD 2019 score over England's population-weighted mean score (about 21.7), so an
    LSOA twice as deprived as the average English one counts double and the least deprived
    count a fraction; the score is the index's own combination of its seven domains.
candidate stops
    The population-weighted centroids of the LSOAs outside the catchments (id the LSOA code,
    name the LSOA name), or the points of a CSV ``name, latitude, longitude`` (id the name).
reached by a stop
    An LSOA outside the catchments whose centroid is within the walk radius of a chosen stop,
    by straight line x circuity (always: a travel matrix describes the journey to a hub, not
    the walk to the bus).
the bus
    Leaves a depot hub (``depot``, or the hub with the least driving out to and back from
    every stop), visits the day's stops and returns; driving minutes are the distance model's
    metres at ``speed_kmh`` or the travel matrix's minutes (origin and destination the depot
    hub's name and the stops' ids). See ``routes`` for the split into days and the order.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from locality.analytics.places.distances import (
    StraightLine,
    TravelMatrix,
    distance_model,
    haversine_m,
    threshold,
)
from locality.analytics.places.geography import Area, PlacesError, england_lsoas, load_area
from locality.analytics.places.outreach.coverage import Cover, choose_stops, greedy_cover
from locality.analytics.places.outreach.points import Points, read_points
from locality.analytics.places.outreach.routes import (
    DAY_NAMES,
    DayRoute,
    Visit,
    clock,
    split_days,
    timetable,
)

WEIGHTS = ("need", "population")


@dataclass(frozen=True)
class Options:
    radius_km: float
    stops: int
    walk_km: float = 0.8
    days: int = 5
    weight: str = "need"
    method: str = "auto"
    speed_kmh: float = 20.0
    dwell_min: float = 30.0
    start: float = 9 * 60 + 30.0  # minutes after midnight
    end: float = 16 * 60.0
    depot: str | None = None
    circuity: float = 1.3

    def check(self) -> None:
        def bad(option, value, rule):
            raise PlacesError(f"--{option} {value}: {rule}")

        if not (self.radius_km > 0 and math.isfinite(self.radius_km)):
            bad("radius-km", self.radius_km, "must be a number above 0")
        if self.stops < 1:
            bad("stops", self.stops, "must be 1 or more")
        if not (self.walk_km > 0 and math.isfinite(self.walk_km)):
            bad("walk-km", self.walk_km, "must be a number above 0")
        if not 1 <= self.days <= len(DAY_NAMES):
            bad("days", self.days, "must be 1 to 7")
        if self.weight not in WEIGHTS:
            bad("weight", self.weight, f"must be one of {', '.join(WEIGHTS)}")
        if not (self.speed_kmh > 0 and math.isfinite(self.speed_kmh)):
            bad("speed-kmh", self.speed_kmh, "must be a number above 0")
        if not (self.dwell_min >= 0 and math.isfinite(self.dwell_min)):
            bad("dwell-min", self.dwell_min, "must be 0 or more")
        if self.end <= self.start:
            bad("end", clock(self.end), f"must be after --start {clock(self.start)}")


@dataclass(frozen=True)
class Plan:
    area: Area
    hubs: Points
    options: Options
    model: object  # StraightLine or TravelMatrix
    lsoas: pd.DataFrame  # one row per LSOA of the area (see lsoa_table)
    candidates: Points
    candidate_ids: tuple[str, ...]
    cover: Cover
    greedy: Cover
    stops: pd.DataFrame  # the chosen stops, in timetable order
    depot: str
    days: list[DayRoute]
    visits: list[Visit]
    minutes: np.ndarray  # bus minutes, node 0 the depot, 1.. the stops (stops' row order)
    notes: list[str] = field(default_factory=list)

    @property
    def radius_unit(self) -> str:
        return "minutes" if self.model.unit == "min" else "km"


def plan_outreach(
    hubs_path: Path,
    options: Options,
    *,
    la_code: str | None = None,
    boundaries: Path | None = None,
    candidates_path: Path | None = None,
    travel_matrix: Path | None = None,
) -> Plan:
    options.check()
    hubs = read_points(hubs_path, "hub")
    notes: list[str] = []
    if la_code is None:
        la_code, note = la_of_points(hubs)
        notes.append(note)
    area = load_area(la_code, boundaries)
    model = distance_model(travel_matrix, options.circuity)
    lsoas = lsoa_table(area, hubs, model, options)
    outside = lsoas[lsoas.outside]
    if candidates_path is None:
        candidates = Points(
            tuple(outside.lsoa11nm), outside.pwc_lat.to_numpy(), outside.pwc_lon.to_numpy()
        )
        candidate_ids = tuple(outside.index)
    else:
        candidates = read_points(candidates_path, "candidate stop")
        candidate_ids = candidates.name
    walk = StraightLine(options.circuity)
    walk_m = walk.matrix(
        candidates.latitude, candidates.longitude, outside.pwc_lat, outside.pwc_lon
    ).reshape(len(candidates), len(outside))
    covers = walk_m <= options.walk_km * 1000.0
    weights = outside.weight.to_numpy(float)
    greedy = greedy_cover(covers, weights, options.stops)
    cover = choose_stops(covers, weights, options.stops, options.method)
    if len(cover.chosen) < options.stops:
        notes.append(
            f"{len(cover.chosen)} stops reach everyone outside the catchments that any "
            f"candidate reaches; --stops {options.stops} asked for more"
        )
    chosen = list(cover.chosen)
    lsoas["stop"] = ""
    lsoas["walk_km"] = np.nan
    if chosen and len(outside):
        near = walk_m[chosen]  # chosen x outside
        best = np.argmin(near, axis=0)
        reached = near[best, np.arange(len(outside))] <= options.walk_km * 1000.0
        codes = outside.index[reached]
        lsoas.loc[codes, "stop"] = [candidates.name[chosen[b]] for b in best[reached]]
        lsoas.loc[codes, "walk_km"] = near[best, np.arange(len(outside))][reached] / 1000.0
    stop_ids = [candidate_ids[j] for j in chosen]
    stop_points = Points(
        tuple(candidates.name[j] for j in chosen),
        candidates.latitude[chosen],
        candidates.longitude[chosen],
    )
    depot = choose_depot(model, hubs, stop_ids, stop_points, options)
    d = hubs.name.index(depot)
    minutes = bus_minutes(
        model,
        [depot, *stop_ids],
        np.r_[hubs.latitude[d], stop_points.latitude],
        np.r_[hubs.longitude[d], stop_points.longitude],
        options.speed_kmh,
    )
    bearings = _bearings(hubs.latitude[d], hubs.longitude[d], stop_points)
    routes = split_days(minutes, bearings, options.days, options.dwell_min)
    days, visits = timetable(minutes, routes, options.start, options.dwell_min)
    late = [day for day in days if day.back > options.end + 1e-6]
    if late:
        worst = max(late, key=lambda day: day.back)
        raise PlacesError(
            f"the {len(chosen)} stops do not fit in {options.days} days of "
            f"{clock(options.start)}-{clock(options.end)}: {worst.day} would end at "
            f"{clock(worst.back)}; use more --days, fewer --stops, a shorter --dwell-min, "
            "a faster --speed-kmh or a later --end"
        )
    stops = stop_table(stop_ids, stop_points, lsoas, visits)
    return Plan(
        area,
        hubs,
        options,
        model,
        lsoas,
        candidates,
        candidate_ids,
        cover,
        greedy,
        stops,
        depot,
        days,
        visits,
        minutes,
        notes,
    )


def need_factor(lsoas: pd.DataFrame) -> pd.Series:
    """IMD score over England's population-weighted mean IMD score (see the module docstring)."""
    england = england_lsoas()
    mean = float((england.imd_score * england.population).sum() / england.population.sum())
    return lsoas.imd_score / mean


def lsoa_table(area: Area, hubs: Points, model, options: Options) -> pd.DataFrame:
    """Per LSOA: population, IMD decile, weight, nearest hub and its cost, outside or not."""
    table = area.lsoas[
        ["lsoa11nm", "population", "imd_score", "imd_decile", "pwc_lat", "pwc_lon"]
    ].copy()
    costs = model.matrix(
        table.pwc_lat, table.pwc_lon, hubs.latitude, hubs.longitude, list(table.index), hubs.name
    )
    nearest = np.argmin(costs, axis=1)
    table["nearest_hub"] = [hubs.name[i] for i in nearest]
    cost = costs[np.arange(len(table)), nearest]
    table["hub_distance"] = cost / 1000.0 if model.unit == "m" else cost
    table["outside"] = cost > threshold(model, options.radius_km)
    factor = need_factor(table) if options.weight == "need" else 1.0
    table["weight"] = table.population * factor
    return table


def la_of_points(points: Points) -> tuple[str, str]:
    """The local authority holding most of the points (by nearest LSOA centroid in England)."""
    england = england_lsoas()
    d = haversine_m(points.latitude, points.longitude, england.pwc_lat, england.pwc_lon)
    las = england.lad19cd.to_numpy()[np.argmin(d, axis=1)]
    counts = pd.Series(las).value_counts(sort=False)
    best = max(counts.index, key=lambda la: (counts[la], -list(las).index(la)))
    la_name = england.lad19nm[england.lad19cd == best].iloc[0]
    note = f"local authority {best} ({la_name}) found from the hubs"
    if len(counts) > 1:
        note += f" ({counts[best]} of {len(points)} hubs; the others serve across the border)"
    return str(best), note


def bus_minutes(model, ids, lats, lons, speed_kmh: float) -> np.ndarray:
    """Driving minutes between the nodes (see the module docstring)."""
    n = len(ids)
    if isinstance(model, TravelMatrix):
        out = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                if i != j and ids[i] != ids[j]:
                    out[i, j] = model.matrix(None, None, None, None, [ids[i]], [ids[j]])[0, 0]
        return out if model.unit == "min" else out / (speed_kmh * 1000.0 / 60.0)
    metres = model.matrix(lats, lons, lats, lons)
    return metres / (speed_kmh * 1000.0 / 60.0)


def choose_depot(model, hubs: Points, stop_ids, stop_points: Points, options: Options) -> str:
    if options.depot is not None:
        if options.depot not in hubs.name:
            raise PlacesError(
                f"--depot {options.depot!r}: not a hub name ({', '.join(hubs.name[:10])})"
            )
        return options.depot
    if not stop_ids or len(hubs) == 1:
        return hubs.name[0]
    totals = []
    for h, name in enumerate(hubs.name):
        m = bus_minutes(
            model,
            [name, *stop_ids],
            np.r_[hubs.latitude[h], stop_points.latitude],
            np.r_[hubs.longitude[h], stop_points.longitude],
            options.speed_kmh,
        )
        totals.append(m[0, 1:].sum() + m[1:, 0].sum())
    return hubs.name[int(np.argmin(totals))]


def _bearings(lat0: float, lon0: float, points: Points) -> np.ndarray:
    dx = (points.longitude - lon0) * math.cos(math.radians(lat0))
    dy = points.latitude - lat0
    return np.arctan2(dx, dy)


def stop_table(stop_ids, stop_points: Points, lsoas: pd.DataFrame, visits) -> pd.DataFrame:
    """The chosen stops with what they reach and when the bus calls, in timetable order."""
    by_stop = {v.stop: v for v in visits}
    rows = []
    for k, (stop_id, name) in enumerate(zip(stop_ids, stop_points.name, strict=True), start=1):
        reached = lsoas[lsoas.stop == name]
        visit = by_stop[k]
        rows.append(
            {
                "node": k,
                "stop_id": stop_id,
                "name": name,
                "latitude": round(float(stop_points.latitude[k - 1]), 6),
                "longitude": round(float(stop_points.longitude[k - 1]), 6),
                "day": visit.day,
                "order": visit.order,
                "arrive": clock(visit.arrive),
                "depart": clock(visit.depart),
                "lsoas_reached": len(reached),
                "residents_reached": int(reached.population.sum()),
                "weight_reached": round(float(reached.weight.sum()), 1),
            }
        )
    columns = [
        "node",
        "stop_id",
        "name",
        "latitude",
        "longitude",
        "day",
        "order",
        "arrive",
        "depart",
        "lsoas_reached",
        "residents_reached",
        "weight_reached",
    ]
    table = pd.DataFrame(rows, columns=columns)
    day_rank = {d: i for i, d in enumerate(DAY_NAMES)}
    table["_rank"] = table.day.map(day_rank)
    return table.sort_values(["_rank", "order"]).drop(columns="_rank").reset_index(drop=True)


def equity(lsoas: pd.DataFrame) -> pd.DataFrame:
    """Residents by IMD decile: outside the catchments before, reached by the stops after."""
    table = lsoas.assign(
        outside_pop=lsoas.population.where(lsoas.outside, 0),
        reached_pop=lsoas.population.where(lsoas.stop != "", 0),
    )
    grouped = table.groupby("imd_decile").agg(
        residents=("population", "sum"),
        outside_before=("outside_pop", "sum"),
        reached_by_stops=("reached_pop", "sum"),
    )
    grouped = grouped.reindex(range(1, 11), fill_value=0)
    grouped.loc["all"] = grouped.sum()
    grouped["still_outside"] = grouped.outside_before - grouped.reached_by_stops
    share = grouped.reached_by_stops / grouped.outside_before.where(grouped.outside_before > 0)
    grouped["share_reached"] = share.round(3)
    grouped.index.name = "imd_decile"
    return grouped.reset_index()
