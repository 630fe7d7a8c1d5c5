"""The units a design is built from (LSOAs, or wards of whole LSOAs) and what the search needs
to know of each: population, sums of the need variables and of the coordinates (so the
heterogeneity and spread of any group of units can be updated in constant time), and which
units touch."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from locality.analytics.places.geography import DOMAINS, Adjacency, Area, PlacesError

NEED_VARIABLES = ("imd_score", *(f"{domain}_decile" for domain in DOMAINS))


@dataclass(frozen=True)
class Problem:
    """Units to group into ``count`` contiguous regions.

    Per unit: ``population``; ``lsoas`` (how many LSOAs it holds); ``sum_x`` and ``sum_x2``
    (sums over its LSOAs of the standardised need variables and of their squared norms);
    ``sum_xy`` and ``sum_xy2`` (the same of the LSOA centroids, in km); ``neighbours``.
    """

    population: np.ndarray
    lsoas: np.ndarray
    sum_x: np.ndarray
    sum_x2: np.ndarray
    sum_xy: np.ndarray
    sum_xy2: np.ndarray
    neighbours: tuple[np.ndarray, ...]
    count: int

    @property
    def size(self) -> int:
        return len(self.population)

    def centres(self) -> np.ndarray:
        """Each unit's mean LSOA centroid (km)."""
        return self.sum_xy / self.lsoas[:, None]


def need_matrix(lsoas: pd.DataFrame) -> np.ndarray:
    """The need variables standardised over the area (mean 0, variance 1; a constant column
    stays 0), one row per LSOA."""
    values = lsoas.loc[:, list(NEED_VARIABLES)].to_numpy(dtype=float)
    spread = values.std(axis=0)
    spread[spread == 0] = 1.0
    return (values - values.mean(axis=0)) / spread


def build_problem(
    area: Area, adjacency: Adjacency, count: int, unit_of: pd.Series | None = None
) -> tuple[Problem, list[str]]:
    """The problem over LSOAs, or over the groups ``unit_of`` (LSOA code -> unit name, e.g.
    ward) when given; returns it with the unit names in order."""
    codes = area.codes
    if unit_of is None:
        unit_of = pd.Series(codes, index=codes)
    unit_of = unit_of.reindex(codes)
    if unit_of.isna().any():
        missing = list(unit_of.index[unit_of.isna()])
        raise PlacesError(f"wards: no ward for {len(missing)} LSOAs, e.g. {missing[0]}")
    names = sorted(set(unit_of))
    position = {name: i for i, name in enumerate(names)}
    unit = np.array([position[u] for u in unit_of], dtype=int)
    n = len(names)
    x = need_matrix(area.lsoas)
    xy = area.centroids_bng() / 1000.0
    xy = xy - xy.mean(axis=0)

    def summed(values: np.ndarray) -> np.ndarray:
        out = np.zeros((n, *values.shape[1:]))
        np.add.at(out, unit, values)
        return out

    index = {code: i for i, code in enumerate(codes)}
    links: list[set[int]] = [set() for _ in range(n)]
    for a, b in adjacency.edges():
        ua, ub = unit[index[a]], unit[index[b]]
        if ua != ub:
            links[ua].add(ub)
            links[ub].add(ua)
    problem = Problem(
        population=summed(area.lsoas.population.to_numpy(dtype=float)),
        lsoas=summed(np.ones(len(codes))),
        sum_x=summed(x),
        sum_x2=summed((x**2).sum(axis=1)),
        sum_xy=summed(xy),
        sum_xy2=summed((xy**2).sum(axis=1)),
        neighbours=tuple(np.array(sorted(near), dtype=int) for near in links),
        count=count,
    )
    return problem, names
