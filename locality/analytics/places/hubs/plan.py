"""Hub siting for one local authority: choose k sites and compare scenarios.

Demand
    Each LSOA's residents at its population-weighted centroid. Weight ``population``: each
    resident counts 1. Weight ``need`` (the default): each resident counts the LSOA's IMD 2019
    score over England's population-weighted mean score, so residents of an LSOA twice as
    deprived as the average count twice (the same weighting as ``locality places outreach``).
Objectives (``-k`` sites open after)
    ``median``: least weighted distance to the nearest open site (``pmedian``; with
    ``--capacity``, the capacitated programme of ``capacity``); ``coverage``: most weighted
    residents within ``--radius-km`` of an open site (``coverage``); ``center``: the least
    worst distance from an LSOA with residents to its nearest open site (``center``).
Scenarios
    ``before``: the existing sites (``--keep``), or none; ``open``: the best k of all sites
    (candidates and existing), any existing site may close; ``keep``: every existing site
    stays open and the best k - (existing) candidates are added (when k >= existing);
    ``close``: the best k of the existing sites only, the others close (when k < existing).
    The plan (the chosen sites) is ``keep`` when there are existing sites and k is at least
    their number, ``close`` when k is fewer, else ``open``.
Comparison
    For each scenario, residents whose LSOA centroid is within each band (1 and 3 km by
    default; minutes with a travel-time matrix) of an open site, overall and by IMD decile;
    and 2SFCA access (``twostep``) before and after, with a catchment of ``--radius-km``:
    each site's supply is its capacity when every site has one (access is then capacity per
    resident in reach), else 1 (sites per 10,000 residents in reach).
"""

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from locality.analytics.places.distances import distance_model, threshold
from locality.analytics.places.geography import Area, PlacesError, england_lsoas, load_area
from locality.analytics.places.hubs import capacity as capacitated
from locality.analytics.places.hubs import center, coverage, pmedian, twostep
from locality.analytics.places.hubs.sites import merge_sites, read_sites

OBJECTIVES = ("median", "coverage", "center")
WEIGHTS = ("need", "population")
SCENARIOS = ("before", "close", "keep", "open")
ACCESS_UNITS = {
    True: "capacity (residents) per resident in reach",
    False: "sites per 10,000 residents in reach",
}


@dataclass(frozen=True)
class Options:
    k: int
    objective: str = "median"
    radius_km: float = 3.0
    capacity: bool = False
    weight: str = "need"
    circuity: float = 1.3
    bands: tuple[float, ...] = (1.0, 3.0)

    def check(self) -> None:
        if self.objective not in OBJECTIVES:
            raise PlacesError(f"--objective {self.objective}: one of {', '.join(OBJECTIVES)}")
        if self.weight not in WEIGHTS:
            raise PlacesError(f"--weight {self.weight}: one of {', '.join(WEIGHTS)}")
        if self.k < 1:
            raise PlacesError(f"-k {self.k}: must be 1 or more")
        if not self.radius_km > 0:
            raise PlacesError(f"--radius-km {self.radius_km}: must be more than 0")
        if self.capacity and self.objective != "median":
            raise PlacesError("--capacity: only with --objective median")
        if not self.bands or any(not b > 0 for b in self.bands):
            raise PlacesError(f"--bands {self.bands}: numbers more than 0")


@dataclass(frozen=True)
class Scenario:
    name: str
    chosen: tuple[str, ...]  # site names
    value: float  # the objective's value (see ``objective_value``)
    bound: float | None  # None: not optimised (before)
    method: str

    @property
    def gap(self) -> float | None:
        if self.bound is None or not self.value:
            return None if self.bound is None else 0.0
        return abs(self.value - self.bound) / abs(self.value)


@dataclass
class Plan:
    area: Area
    options: Options
    unit: str  # "km" or "min"
    distance: str  # how distance was measured
    sites: pd.DataFrame  # all sites, index name, with ``existing``
    lsoas: pd.DataFrame  # per LSOA: the plan's assignment and access
    scenarios: dict[str, Scenario]
    primary: str
    table: pd.DataFrame  # scenario x group (all, IMD decile 1..10)
    shares: np.ndarray | None = None  # capacitated: LSOA x chosen site shares
    notes: list[str] = field(default_factory=list)

    @property
    def access_unit(self) -> str:
        return self.lsoas.attrs.get("access_unit", ACCESS_UNITS[False])

    @property
    def chosen(self) -> pd.DataFrame:
        return self.sites.loc[list(self.scenarios[self.primary].chosen)]


def need_factor(lsoas: pd.DataFrame) -> pd.Series:
    """IMD score over England's population-weighted mean IMD score."""
    england = england_lsoas()
    mean = float((england.imd_score * england.population).sum() / england.population.sum())
    return lsoas.imd_score / mean


def plan_hubs(
    la_code: str,
    candidates: Path,
    options: Options,
    *,
    keep: Path | None = None,
    boundaries: Path | None = None,
    travel_matrix: Path | None = None,
) -> Plan:
    options.check()
    area = load_area(la_code, boundaries)
    lsoas = area.lsoas
    lat, lon = lsoas.pwc_lat.to_numpy(), lsoas.pwc_lon.to_numpy()
    found = read_sites(candidates, lat, lon, area.name)
    existing = read_sites(keep, lat, lon, area.name) if keep is not None else None
    sites = merge_sites(found, existing, keep)
    if options.k > len(sites):
        raise PlacesError(f"-k {options.k}: more than the {len(sites)} sites in the files")
    if options.capacity:
        _check_capacity(sites, candidates, keep)
    model = distance_model(travel_matrix, options.circuity)
    cost = model.matrix(
        lat,
        lon,
        sites.latitude.to_numpy(),
        sites.longitude.to_numpy(),
        list(lsoas.index),
        list(sites.index),
    )
    scale = 1000.0 if model.unit == "m" else 1.0
    cost = cost / scale  # km or minutes from here on
    unit = "km" if model.unit == "m" else "min"
    population = lsoas.population.to_numpy(float)
    weights = population * (need_factor(lsoas).to_numpy() if options.weight == "need" else 1.0)
    radius = threshold(model, options.radius_km) / scale

    names = list(sites.index)
    existing_at = [i for i, flag in enumerate(sites.existing) if flag]
    solver = _Solver(options, cost, weights, population, sites, radius)
    scenarios = {
        "before": Scenario(
            "before",
            tuple(names[i] for i in existing_at),
            solver.value(existing_at) if existing_at else float("nan"),
            None,
            "existing sites" if existing_at else "no existing sites given",
        )
    }
    pools = {"open": (list(range(len(names))), [])}
    if existing_at and options.k >= len(existing_at):
        pools["keep"] = (list(range(len(names))), existing_at)
    if existing_at and options.k < len(existing_at):
        pools["close"] = (existing_at, [])
    shares = None
    for name, (pool, fixed) in pools.items():
        picked, value, bound, method, share = solver.solve(pool, fixed)
        scenarios[name] = Scenario(name, tuple(names[i] for i in picked), value, bound, method)
        if share is not None:
            shares = (name, share)
    primary = "keep" if "keep" in pools else "close" if "close" in pools else "open"
    scenarios = {s: scenarios[s] for s in SCENARIOS if s in scenarios}
    index = {n: i for i, n in enumerate(names)}
    plan_sites = [index[n] for n in scenarios[primary].chosen]
    before_sites = [index[n] for n in scenarios["before"].chosen]
    frame = _per_lsoa(lsoas, cost, weights, names, plan_sites, before_sites, radius, sites)
    plan_share = None
    if shares is not None and shares[0] == primary:
        plan_share = shares[1]
        main = np.asarray(plan_sites)[np.argmax(plan_share[:, plan_sites], axis=1)]
        frame["site"] = [names[j] for j in main]
        frame["site_share"] = plan_share[np.arange(len(frame)), main].round(4)
        frame["distance"] = (cost * plan_share).sum(axis=1)
    table = scenario_table(frame, cost, scenarios, index, options.bands, unit)
    notes = []
    if "Voronoi" in area.shapes_source:
        notes.append(f"Shapes: {area.shapes_source}.")
    return Plan(
        area,
        options,
        unit,
        model.describe(),
        sites,
        frame,
        scenarios,
        primary,
        table,
        plan_share,
        notes,
    )


def _check_capacity(sites, candidates, keep) -> None:
    for name, site in sites.iterrows():
        if not site.capacity > 0:
            path = keep if site.existing and keep is not None else candidates
            raise PlacesError(
                f"{path}: row {site.row}: field capacity: empty for {name!r}, but --capacity "
                "needs every site's capacity"
            )


class _Solver:
    """The objective on a pool of sites, with some of them fixed open."""

    def __init__(self, options, cost, weights, population, sites, radius):
        self.options, self.cost, self.weights = options, cost, weights
        self.population, self.sites, self.radius = population, sites, radius

    def value(self, chosen) -> float:
        near = self.cost[:, list(chosen)].min(axis=1)
        if self.options.objective == "median":
            return float(self.weights @ near)
        if self.options.objective == "coverage":
            return float(self.weights[near <= self.radius].sum())
        return float(near[self.population > 0].max())

    def solve(self, pool, fixed):
        options, k = self.options, self.options.k
        sub = self.cost[:, pool]
        at = {site: i for i, site in enumerate(pool)}
        local_fixed = [at[s] for s in fixed]
        share = None
        try:
            if options.objective == "median" and options.capacity:
                capacity = self.sites.capacity.to_numpy(float)[pool]
                result = capacitated.solve(
                    sub, self.weights, self.population, capacity, k, local_fixed
                )
                share = np.zeros_like(self.cost)
                share[:, pool] = result.share
            elif options.objective == "median":
                result = pmedian.solve(sub, self.weights, k, local_fixed)
            elif options.objective == "coverage":
                result = coverage.solve(sub <= self.radius, self.weights, k, local_fixed)
            else:
                result = center.solve(sub, self.population > 0, k, local_fixed)
        except ValueError as exc:
            raise PlacesError(f"-k {k} --objective {options.objective}: {exc}") from exc
        picked = [pool[i] for i in result.chosen]
        return picked, result.value, result.bound, result.method, share


def _per_lsoa(lsoas, cost, weights, names, plan_sites, before_sites, radius, sites):
    frame = pd.DataFrame(index=lsoas.index)
    frame["population"] = lsoas.population.astype(int)
    frame["imd_decile"] = lsoas.imd_decile.astype(int)
    frame["imd_score"] = lsoas.imd_score
    frame["weight"] = weights.round(2)
    nearest = np.asarray(plan_sites)[np.argmin(cost[:, plan_sites], axis=1)]
    frame["site"] = [names[j] for j in nearest]
    frame["distance"] = cost[np.arange(len(frame)), nearest]
    if before_sites:
        before = np.asarray(before_sites)[np.argmin(cost[:, before_sites], axis=1)]
        frame["before_site"] = [names[j] for j in before]
        frame["before_distance"] = cost[np.arange(len(frame)), before]
    else:
        frame["before_site"] = ""
        frame["before_distance"] = np.nan
    capacity = sites.capacity.to_numpy(float)
    by_capacity = bool(np.isfinite(capacity).all())
    for column, chosen in (("access_after", plan_sites), ("access_before", before_sites)):
        if not chosen:
            frame[column] = 0.0
            continue
        supply = capacity[chosen] if by_capacity else np.ones(len(chosen))
        frame[column] = twostep.access(
            cost[:, chosen],
            frame.population.to_numpy(float),
            supply,
            radius,
            per=1.0 if by_capacity else twostep.PER,
        )
    frame.attrs["access_unit"] = ACCESS_UNITS[by_capacity]
    return frame


def scenario_table(frame, cost, scenarios, index, bands, unit) -> pd.DataFrame:
    """Residents within each band of an open site, by scenario, overall and by IMD decile."""
    rows = []
    population = frame.population.to_numpy(float)
    deciles = frame.imd_decile.to_numpy()
    groups = [("all", np.ones(len(frame), bool))]
    groups += [(f"IMD decile {d}", deciles == d) for d in range(1, 11)]
    for scenario in scenarios.values():
        chosen = [index[n] for n in scenario.chosen]
        near = cost[:, chosen].min(axis=1) if chosen else np.full(len(frame), np.inf)
        for group, members in groups:
            residents = float(population[members].sum())
            row = {
                "scenario": scenario.name,
                "group": group,
                "sites": len(chosen),
                "residents": int(residents),
            }
            for band in bands:
                within = float(population[members & (near <= band)].sum())
                row[f"within_{band:g}{unit}"] = int(within)
                row[f"share_within_{band:g}{unit}"] = (
                    round(within / residents, 4) if residents else np.nan
                )
            reached = members & np.isfinite(near) & (population > 0)
            row[f"mean_{unit}"] = (
                round(float(population[reached] @ near[reached] / population[reached].sum()), 3)
                if reached.any()
                else np.nan
            )
            row[f"worst_{unit}"] = round(float(near[reached].max()), 3) if reached.any() else np.nan
            if group == "all":
                row.update(
                    objective=scenario.value,
                    bound=scenario.bound,
                    gap=scenario.gap,
                    method=scenario.method,
                    site_names="; ".join(scenario.chosen),
                )
            rows.append(row)
    return pd.DataFrame(rows)
