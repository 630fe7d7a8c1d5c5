"""Outreach stop choice (maximal covering) at region scale: Locality's greedy with bound and
its exact CBC model against spopt's ``MCLP`` (CBC, its default solver) on the same instances.

Instance: every LSOA of a region (Yorkshire and The Humber by default: 3,305 LSOAs), hubs at
the population-weighted centroids of a seeded random sample of its LSOAs, the residents beyond
``RADIUS_KM`` of every hub (straight line x 1.3) as demand, need-weighted as the command does,
candidate stops at the centroids of those LSOAs, a stop reaching an LSOA within ``WALK_KM``.
For each k: Locality's times (median of ``REPEATS``), spopt's (once: its model build takes
minutes), weight reached, bound and gap. See README.md.
"""

import os
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

from locality.analytics.places.distances import StraightLine
from locality.analytics.places.geography import england_lsoas, region_las
from locality.analytics.places.outreach.coverage import exact_cover, greedy_cover
from locality.analytics.places.outreach.plan import need_factor

REGION = "E12000003"  # Yorkshire and The Humber
HUBS = 60
RADIUS_KM = 3.0
WALK_KM = 1.5
KS = (10, 50, 150)
REPEATS = 3
SEED = 6


def instance(region: str, hubs: int, seed: int):
    england = england_lsoas()
    lsoas = england[england.lad19cd.isin(region_las(region))] if region else england
    rng = np.random.default_rng(seed)
    at = rng.choice(len(lsoas), size=hubs, replace=False)
    model = StraightLine(1.3)
    to_hub = model.matrix(
        lsoas.pwc_lat, lsoas.pwc_lon, lsoas.pwc_lat.iloc[at], lsoas.pwc_lon.iloc[at]
    )
    outside = lsoas[to_hub.min(axis=1) > RADIUS_KM * 1000]
    walk = model.matrix(outside.pwc_lat, outside.pwc_lon, outside.pwc_lat, outside.pwc_lon)
    weights = (outside.population * need_factor(outside)).to_numpy(float)
    return lsoas, outside, walk, weights


def timed(function, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def spopt_mclp(walk, weights, k):
    """spopt's MCLP from the cost matrix, solved by CBC; (build s, solve s, value)."""
    import pulp
    from spopt.locate import MCLP

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        model = MCLP.from_cost_matrix(walk, weights, service_radius=WALK_KM * 1000, p_facilities=k)
        built = time.perf_counter()
        model.solve(pulp.PULP_CBC_CMD(msg=False), results=False)
        solved = time.perf_counter()
    chosen = [j for j, x in enumerate(model.fac_vars) if (x.value() or 0) > 0.5]
    covered = (walk[:, chosen] <= WALK_KM * 1000).any(axis=1)
    return built - start, solved - built, float(weights[covered].sum())


def main(argv=None) -> int:
    quick = os.environ.get("LOCALITY_BENCH_QUICK") == "1"
    region, hubs, ks, repeats = (REGION, HUBS, KS, REPEATS)
    if quick:
        ks, repeats = (10, 50), 1
    lsoas, outside, walk, weights = instance(region, hubs, SEED)
    covers = walk <= WALK_KM * 1000
    print(
        f"region {region}: {len(lsoas):,} LSOAs, {hubs} hubs, radius {RADIUS_KM} km: "
        f"{len(outside):,} LSOAs outside ({int(outside.population.sum()):,} residents) = "
        f"demand and candidates; walk {WALK_KM} km; {int(covers.sum()):,} stop-LSOA pairs in "
        f"reach; Locality medians of {repeats}, spopt once"
    )
    rows = []
    for k in ks:
        t_greedy, greedy = timed(lambda k=k: greedy_cover(covers, weights, k), repeats)
        t_exact, exact = timed(lambda k=k: exact_cover(covers, weights, k), repeats)
        # spopt builds its model in Python over the dense matrix (minutes): timed once
        t_build, t_solve, spopt_value = spopt_mclp(walk, weights, k)
        t_spopt = t_build + t_solve
        rows.append(
            {
                "k": k,
                "greedy s": round(t_greedy, 3),
                "greedy value": round(greedy.value, 1),
                "greedy bound": round(greedy.bound, 1),
                "greedy gap %": round(100 * greedy.gap, 3),
                "greedy / exact value": round(greedy.value / exact.value, 5),
                "exact (CBC) s": round(t_exact, 3),
                "exact value": round(exact.value, 1),
                "spopt MCLP s": round(t_spopt, 2),
                "of which build s": round(t_build, 2),
                "spopt value": round(spopt_value, 1),
                "spopt s / greedy s": round(t_spopt / t_greedy, 1),
                "spopt s / exact s": round(t_spopt / t_exact, 2),
            }
        )
    with pd.option_context("display.width", 250, "display.max_columns", 20):
        print(pd.DataFrame(rows).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
