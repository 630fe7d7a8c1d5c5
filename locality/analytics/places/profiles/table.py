"""A profile: every indicator for each neighbourhood, its local authority and England.

All three levels go through the same function (``indicators.aggregate``) on the same LSOA table,
so a neighbourhood, its authority and England are worked out alike. England's bundled figures
come from the bundled table as published (a place edited in the web app changes only its own
figures).

The gap between most and least deprived (``deprivation_gap``): the authority's LSOAs are put
in order of IMD 2019 score and cut into five groups of (as near as possible) equal numbers of
LSOAs - *local* quintiles, so every authority has a most and a least deprived fifth even when
none of its LSOAs is in a national decile 1. Each indicator is worked out for the most deprived
fifth (Q1) and the least deprived (Q5); the gap is Q1 - Q5 and the ratio Q1 / Q5.
"""

from functools import lru_cache

import numpy as np
import pandas as pd

from locality.analytics.places.geography import PlacesError
from locality.analytics.places.indicators import compare
from locality.analytics.places.indicators.aggregate import (
    aggregate,
    decile_shares,
    england_assignment,
)
from locality.analytics.places.indicators.bundled import bundled_indicators
from locality.analytics.places.indicators.catalogue import THEMES
from locality.analytics.places.indicators.store import bundled_store

ENGLAND = "England"
PROFILE_COLUMNS = [
    "neighbourhood", "theme", "indicator", "title", "kind", "unit", "polarity", "value",
    "numerator", "denominator", "lsoas", "covered", "ci_low", "ci_high", "la_value",
    "england_value", "vs_la", "vs_england", "rank_in_la", "of_neighbourhoods", "period",
    "source", "licence",
]  # fmt: skip


def checked_assignment(area, assignment: pd.Series) -> pd.Series:
    """The assignment restricted to named LSOAs of the area; errors name the LSOA."""
    assignment = pd.Series(assignment).dropna().astype(str)
    outside = assignment.index.difference(pd.Index(area.codes))
    if len(outside):
        raise PlacesError(f"LSOA {outside[0]}: not in {area.name} ({area.code})")
    if not assignment.index.is_unique:
        raise PlacesError(f"LSOA {assignment.index[assignment.index.duplicated()][0]}: twice")
    if assignment.empty:
        raise PlacesError(f"no LSOA of {area.name} is in a neighbourhood")
    return assignment


@lru_cache(maxsize=1)
def _england_bundled() -> pd.DataFrame:
    store = bundled_store()
    return aggregate(store, england_assignment(store)).set_index("indicator")


@lru_cache(maxsize=1)
def _england_bundled_deciles() -> pd.DataFrame:
    store = bundled_store()
    return decile_shares(store, england_assignment(store)).set_index("indicator")


def _england(store) -> pd.DataFrame:
    bundled = {i.id for i in bundled_indicators()}
    own = [i for i in store.indicators if i not in bundled]
    frames = [_england_bundled()]
    if own:
        frames.append(aggregate(store, england_assignment(store), own).set_index("indicator"))
    return pd.concat(frames)


def neighbourhood_profile(area, assignment: pd.Series, store=None) -> pd.DataFrame:
    """One row per (neighbourhood, scalar indicator): value, LA and England values, and tests.

    ``assignment`` maps LSOA code -> neighbourhood name (NaN: in none); ``store`` defaults to
    the bundled indicators with the area's own LSOA values. Columns: ``PROFILE_COLUMNS``.
    ``rank_in_la`` ranks the neighbourhoods on the value, 1 = the worst (highest when higher is
    worse, lowest when higher is better, highest for neutral ones).
    """
    store = store if store is not None else bundled_store(area)
    assignment = checked_assignment(area, assignment)
    mine = aggregate(store, assignment)
    la = aggregate(store, pd.Series(area.code, index=pd.Index(area.codes))).set_index("indicator")
    england = _england(store)
    rows = []
    for _, row in mine.iterrows():
        indicator = store.indicators[row.indicator]
        low, high = compare.interval(indicator, row.numerator, row.denominator)
        la_value = float(la.at[row.indicator, "value"])
        england_value = float(england.at[row.indicator, "value"])
        rows.append(
            {
                "neighbourhood": row.group,
                "theme": indicator.theme,
                "indicator": indicator.id,
                "title": indicator.title,
                "kind": indicator.kind,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "value": row.value,
                "numerator": row.numerator,
                "denominator": row.denominator,
                "lsoas": int(row.lsoas),
                "covered": int(row.covered),
                "ci_low": low,
                "ci_high": high,
                "la_value": la_value,
                "england_value": england_value,
                "vs_la": compare.verdict(indicator, low, high, la_value),
                "vs_england": compare.verdict(indicator, low, high, england_value),
                "period": indicator.period,
                "source": indicator.source,
                "licence": indicator.licence,
            }
        )
    frame = pd.DataFrame(rows)
    frame["rank_in_la"] = _ranks(frame, store)
    frame["of_neighbourhoods"] = frame.neighbourhood.nunique()
    order = {i: n for n, i in enumerate(store.indicators)}
    themes = {t: n for n, t in enumerate(THEMES)}
    frame = frame.assign(_t=frame.theme.map(themes), _i=frame.indicator.map(order))
    frame = frame.sort_values(["neighbourhood", "_t", "_i"], kind="stable")
    return frame[PROFILE_COLUMNS].reset_index(drop=True)


def _ranks(frame: pd.DataFrame, store) -> pd.Series:
    ranks = pd.Series(np.nan, index=frame.index)
    for indicator_id, group in frame.groupby("indicator"):
        polarity = store.indicators[indicator_id].polarity
        ascending = polarity == "higher_is_better"
        ranks[group.index] = group.value.rank(ascending=ascending, method="min")
    return ranks.astype("Int64")


def profile_deciles(area, assignment: pd.Series, store=None) -> pd.DataFrame:
    """Share (%) of residents in each national decile, per neighbourhood, the LA and England;
    one row per (area, decile indicator) with columns decile_1 .. decile_10."""
    store = store if store is not None else bundled_store(area)
    assignment = checked_assignment(area, assignment)
    mine = decile_shares(store, assignment)
    la = decile_shares(store, pd.Series(area.name, index=pd.Index(area.codes)))
    england = _england_bundled_deciles().reset_index().assign(group=ENGLAND)
    england = england[england.indicator.isin(mine.indicator.unique())]
    mine.insert(0, "level", "neighbourhood")
    la.insert(0, "level", "local authority")
    england.insert(0, "level", "England")
    return pd.concat([mine, la, england[mine.columns]], ignore_index=True).rename(
        columns={"group": "area"}
    )


def local_quintiles(area, store=None) -> pd.Series:
    """LSOA code -> local IMD quintile (1 = most deprived fifth of the area's LSOAs)."""
    store = store if store is not None else bundled_store(area)
    scores = store.values.loc[area.codes, "imd_score"].astype(float)
    if scores.isna().any():
        raise PlacesError(f"LSOA {scores.index[scores.isna()][0]}: no IMD score")
    order = sorted(area.codes, key=lambda code: (-scores[code], code))
    n = len(order)
    quintile = {code: int(i * 5 // n) + 1 for i, code in enumerate(order)}
    return pd.Series(quintile, name="quintile").reindex(area.codes)


def deprivation_gap(area, store=None) -> pd.DataFrame:
    """For each rate, score and rank: the area's most deprived fifth (Q1), least deprived fifth
    (Q5), the gap Q1 - Q5 and the ratio Q1 / Q5 (see the module docstring)."""
    store = store if store is not None else bundled_store(area)
    if len(area.codes) < 5:
        raise PlacesError(
            f"{area.name}: {len(area.codes)} LSOAs, too few to cut into five quintiles"
        )
    quintiles = local_quintiles(area, store)
    ends = quintiles[quintiles.isin([1, 5])].map({1: "Q1", 5: "Q5"})
    ids = [i.id for i in store.indicators.values() if i.kind in ("rate", "score", "rank")]
    table = aggregate(store, ends, ids).pivot(index="indicator", columns="group", values="value")
    counts = ends.value_counts()
    residents = store.values.loc[ends.index, "population"].groupby(ends).sum()
    rows = []
    for indicator_id in ids:
        indicator = store.indicators[indicator_id]
        q1, q5 = table.at[indicator_id, "Q1"], table.at[indicator_id, "Q5"]
        rows.append(
            {
                "theme": indicator.theme,
                "indicator": indicator_id,
                "title": indicator.title,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "most_deprived_q1": q1,
                "least_deprived_q5": q5,
                "gap_q1_minus_q5": q1 - q5,
                "ratio_q1_over_q5": q1 / q5 if q5 else np.nan,
                "q1_lsoas": int(counts.get("Q1", 0)),
                "q5_lsoas": int(counts.get("Q5", 0)),
                "q1_residents": int(residents.get("Q1", 0)),
                "q5_residents": int(residents.get("Q5", 0)),
            }
        )
    return pd.DataFrame(rows)
