"""Which scale a service needs: neighbourhood, place, system, or across systems.

For each service, the expected demand of a unit is its prevalence times the unit's residents
in the service's population group. The units:

neighbourhood
    each neighbourhood of the local authority, from a file (see ``inputs``); without one, the
    authority is taken as ``n`` notional neighbourhoods of equal size and the same age mix,
    ``n`` = its population / ``neighbourhood_population`` (50,000), rounded, at least 1
    (York: 205,699 / 50,000 -> 4 of 51,425; the minutes' "four area model");
place
    the local authority;
system
    the integrated care board (ICB) that serves it (LSOA -> ICB from ``lsoa11_icb.csv.gz``),
    its population the sum of the bundled England table over the ICB's LSOAs; an authority
    split between ICBs is served by each, so each is a unit.

The recommendation is the smallest scale at which *every* unit's expected demand reaches the
minimum viable caseload (neighbourhood < place < system); "cross-system" when even the ICB
falls short, with the number of systems of that size that would have to share the service.
Expected demand is a mean: a unit just above the minimum will sometimes fall below it.

>>> import pandas as pd
>>> scales = Scales(
...     "E0", "Town",
...     neighbourhoods=pd.DataFrame(
...         {"all": [30_000, 20_000], "0-15": [6_000, 4_000], "16-59": [18_000, 12_000],
...          "60+": [6_000, 4_000], "count": [1, 1]}, index=["North", "South"]),
...     neighbourhood_source="file",
...     place=pd.Series({"all": 50_000, "0-15": 10_000, "16-59": 30_000, "60+": 10_000}),
...     systems=pd.DataFrame(
...         {"name": ["ICB"], "all": [500_000], "0-15": [100_000], "16-59": [300_000],
...          "60+": [100_000], "la_share": [1.0]}, index=["E54"]),
... )
>>> advice = advise([Service("memory clinic", 150, 0.02, "60+")], scales)
>>> row = advice.to_dict("records")[0]
>>> row["neighbourhood_min_demand"], row["place_demand"], row["recommended"]
(80.0, 200.0, 'place')
"""

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from locality.analytics.places.geography import PLACES_DIR, PlacesError, england_lsoas, la_name
from locality.analytics.places.scale.inputs import (
    GROUP_LABELS,
    GROUPS,
    Service,
    read_neighbourhoods,
)

SCALES = ("neighbourhood", "place", "system", "cross-system")
ICB_FILE = PLACES_DIR / "lsoa11_icb.csv.gz"
NEIGHBOURHOOD_POPULATION = 50_000


@dataclass(frozen=True)
class Scales:
    """Residents by population group at each scale (columns ``all``, ``0-15``, ``16-59``,
    ``60+``): neighbourhoods (index name, plus ``count``: how many alike), the place, and the
    system(s) (index ICB code, plus ``name`` and ``la_share``, the share of the place's
    residents the ICB serves)."""

    place_code: str
    place_name: str
    neighbourhoods: pd.DataFrame
    neighbourhood_source: str
    place: pd.Series
    systems: pd.DataFrame


@lru_cache(maxsize=1)
def icb_lookup() -> pd.DataFrame:
    table = pd.read_csv(ICB_FILE, dtype=str, usecols=["lsoa11cd", "icb_code", "icb_name"])
    return table.set_index("lsoa11cd")


def _groups(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({group: frame[column] for group, column in GROUPS.items()})


def scales_for(
    la_code: str,
    neighbourhoods_path=None,
    neighbourhood_population: int = NEIGHBOURHOOD_POPULATION,
) -> Scales:
    """The three scales of local authority ``la_code`` (see the module docstring)."""
    name = la_name(la_code)
    if neighbourhood_population <= 0:
        raise PlacesError(f"--neighbourhood-population {neighbourhood_population}: must be > 0")
    england = england_lsoas()
    lsoas = england[england.lad19cd == la_code]
    by_lsoa = _groups(lsoas)
    place = by_lsoa.sum()
    if neighbourhoods_path is not None:
        assignment = pd.Series(
            read_neighbourhoods(neighbourhoods_path, set(lsoas.index), name)
        ).reindex(lsoas.index)
        neighbourhoods = by_lsoa.groupby(assignment).sum()
        neighbourhoods["count"] = 1
        source = f"{len(neighbourhoods)} neighbourhoods from {neighbourhoods_path.name}"
    else:
        n = max(1, round(place["all"] / neighbourhood_population))
        neighbourhoods = (place / n).to_frame("notional neighbourhood").T
        neighbourhoods["count"] = n
        source = (
            f"{n} notional neighbourhoods of {place['all'] / n:,.0f} residents with "
            f"{name}'s age mix ({name}'s population / {neighbourhood_population:,}, rounded); "
            "give --neighbourhoods for real ones"
        )
    icbs = icb_lookup()
    la_icb = icbs.icb_code.reindex(lsoas.index)
    if la_icb.isna().any():
        raise PlacesError(
            f"{ICB_FILE.name}: no ICB for LSOA {la_icb.index[la_icb.isna()][0]} of {name}"
        )
    everyone = _groups(england).join(icbs, how="inner")
    totals = everyone.groupby("icb_code")[list(GROUPS)].sum()
    names = everyone.groupby("icb_code").icb_name.first()
    share = lsoas.population.groupby(la_icb).sum() / place["all"]
    systems = totals.loc[share.index].assign(name=names.loc[share.index], la_share=share)
    return Scales(la_code, name, neighbourhoods, source, place, systems)


def advise(services: list[Service], scales: Scales) -> pd.DataFrame:
    """One row per service: expected demand at each scale, the recommendation and why."""
    rows = []
    for s in services:
        rows.append(_advise_one(s, scales))
    return pd.DataFrame(rows)


def _advise_one(s: Service, scales: Scales) -> dict:
    g, minimum = s.population_group, s.min_caseload
    label = GROUP_LABELS[g]
    hoods = scales.neighbourhoods
    hood_demand = s.prevalence * hoods[g]
    smallest = hood_demand.idxmin()
    hood_min = float(hood_demand.min())
    n_hoods = int(hoods["count"].sum())
    viable_hoods = int(hoods["count"][hood_demand >= minimum].sum())
    place_demand = s.prevalence * float(scales.place[g])
    system_demand = s.prevalence * scales.systems[g]
    smallest_system = system_demand.idxmin()
    system_min = float(system_demand.min())
    system_name = str(scales.systems.at[smallest_system, "name"])

    def of(pop: float) -> str:
        return f"{s.prevalence:.4g} x {pop:,.0f} {label}"

    which = (
        f"each of the {n_hoods} notional neighbourhoods"
        if len(hoods) == 1 and n_hoods > 1
        else f"the smallest neighbourhood ({smallest})"
    )
    hood_text = f"{which} expects {hood_min:,.1f} ({of(hoods.at[smallest, g])})"
    if hood_min >= minimum:
        recommended, units = "neighbourhood", n_hoods
        reason = (
            f"Every neighbourhood reaches the minimum viable caseload of {minimum:,.0f}: "
            f"{hood_text}; a team in each of the {n_hoods}."
        )
    elif place_demand >= minimum:
        recommended, units = "place", 1
        reason = (
            f"{viable_hoods} of {n_hoods} neighbourhoods reach {minimum:,.0f}; "
            f"{hood_text}. {scales.place_name} expects {place_demand:,.1f} "
            f"({of(scales.place[g])}): one service for the place."
        )
    elif system_min >= minimum:
        recommended, units = "system", 1
        reason = (
            f"{scales.place_name} expects {place_demand:,.1f} ({of(scales.place[g])}), "
            f"below {minimum:,.0f}; {system_name} expects {system_min:,.1f} "
            f"({of(scales.systems.at[smallest_system, g])}): one service for the system, "
            "shared with its other places."
        )
    else:
        units = math.ceil(minimum / system_min)
        recommended = "cross-system"
        reason = (
            f"Even {system_name} expects only {system_min:,.1f} "
            f"({of(scales.systems.at[smallest_system, g])}), below {minimum:,.0f}: about "
            f"{units} systems of its size would need to share one service."
        )
    return {
        "service": s.service,
        "population_group": g,
        "prevalence": s.prevalence,
        "min_caseload": minimum,
        "neighbourhoods": n_hoods,
        "smallest_neighbourhood": smallest,
        "neighbourhood_min_demand": round(hood_min, 1),
        "neighbourhoods_viable": viable_hoods,
        "place": scales.place_name,
        "place_demand": round(place_demand, 1),
        "system": system_name,
        "system_demand": round(system_min, 1),
        "recommended": recommended,
        "units": units,
        "reason": reason,
    }


def neighbourhood_demand(services: list[Service], scales: Scales) -> pd.DataFrame:
    """Expected demand per service and neighbourhood (long table)."""
    rows = []
    for s in services:
        for name, hood in scales.neighbourhoods.iterrows():
            demand = s.prevalence * float(hood[s.population_group])
            rows.append(
                {
                    "service": s.service,
                    "neighbourhood": name,
                    "residents_in_group": round(float(hood[s.population_group]), 1),
                    "expected_demand": round(demand, 1),
                    "min_caseload": s.min_caseload,
                    "viable": demand >= s.min_caseload,
                }
            )
    return pd.DataFrame(rows)
