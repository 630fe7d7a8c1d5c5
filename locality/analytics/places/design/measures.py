"""How good a set of neighbourhoods is: population against the target, compactness,
heterogeneity of need inside, contiguity, and agreement with an existing boundary set."""

import math
from collections import deque

import geopandas as gpd
import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from locality.analytics.places.geography import Adjacency


def polsby_popper(shapes_bng: gpd.GeoSeries) -> pd.Series:
    """4 pi area / perimeter squared of each (dissolved) shape: 1 for a circle, near 0 for a
    long thin or ragged one."""
    area = shapes_bng.area
    perimeter = shapes_bng.length
    return (4 * math.pi * area / perimeter.where(perimeter > 0) ** 2).fillna(0.0)


def heterogeneity(need: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    """Within-neighbourhood variance of the standardised need variables (mean over the
    variables; 1 is as varied as the whole area, 0 alike throughout)."""
    out = np.zeros(count)
    for region in range(count):
        rows = need[labels == region]
        out[region] = float(rows.var(axis=0).mean()) if len(rows) else 0.0
    return out


def contiguous(adjacency: Adjacency, codes: list[str], labels: np.ndarray, count: int) -> list:
    """Whether each neighbourhood's LSOAs form one piece by LSOA contiguity (with the bridges
    that join islands)."""
    region_of = dict(zip(codes, labels.tolist(), strict=True))
    result = []
    for region in range(count):
        members = [c for c in codes if region_of[c] == region]
        if not members:
            result.append(False)
            continue
        seen, queue = {members[0]}, deque([members[0]])
        while queue:
            here = queue.popleft()
            for near in adjacency.neighbours[here]:
                if region_of[near] == region and near not in seen:
                    seen.add(near)
                    queue.append(near)
        result.append(len(seen) == len(members))
    return result


def compare_with(
    neighbourhood: pd.Series, existing: pd.Series, population: pd.Series
) -> dict[str, float]:
    """Agreement of two assignments of the same LSOAs (index: LSOA code).

    ``adjusted_rand_index``: over LSOAs, 1 identical, about 0 no better than chance.
    ``population_with_their_area``: share of residents whose neighbourhood is the one holding
    most of their existing area's population (1 when no existing area is split).
    ``areas_split``: how many existing areas are spread over more than one neighbourhood.
    """
    existing = existing.reindex(neighbourhood.index)
    known = existing.notna()
    n, e, p = neighbourhood[known], existing[known], population.reindex(neighbourhood.index)[known]
    if n.empty:
        return {"adjusted_rand_index": float("nan"), "population_with_their_area": float("nan")}
    table = p.groupby([e, n]).sum()
    majority = table.groupby(level=0).idxmax().map(lambda pair: pair[1])
    kept = p[n.to_numpy() == e.map(majority).to_numpy()].sum()
    return {
        "adjusted_rand_index": float(adjusted_rand_score(e.astype(str), n.astype(str))),
        "population_with_their_area": float(kept / p.sum()) if p.sum() else float("nan"),
        "areas": int(e.nunique()),
        "areas_split": int((table.groupby(level=0).size() > 1).sum()),
        "lsoas_compared": int(known.sum()),
    }
