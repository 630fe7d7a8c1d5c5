"""Indicators for groups of LSOAs (neighbourhoods, wards, a local authority, England).

One function does every level: ``aggregate(store, assignment)`` takes a Series mapping LSOA
code -> group and applies each indicator's rule (see ``catalogue``): counts summed, rates
recomputed from summed numerators and denominators, scores and ranks weighted by residents.
A group with an LSOA that has no value for an indicator gets no value for it (NaN), so a
partial file never passes for a whole one. ``decile_shares`` gives the distributions.

>>> from locality.analytics.places.indicators.store import bundled_store
>>> store = bundled_store()
>>> codes = store.values.index[store.values.lad19cd == "E06000014"]
>>> york = pd.Series("York", index=codes)
>>> row = aggregate(store, york, ["imd_score"]).iloc[0]
>>> round(float(row.value), 3)  # MHCLG publishes York's average score as 11.727
11.727
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from locality.analytics.places.geography import PlacesError, ward_lookup
from locality.analytics.places.indicators.catalogue import SCALAR_KINDS

DECILE_COLUMNS = [f"decile_{d}" for d in range(1, 11)]
COLUMNS = ["group", "indicator", "value", "numerator", "denominator", "lsoas", "covered"]


def aggregate(store, assignment: pd.Series, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (group, indicator) for the scalar indicators ``ids`` (default: all).

    ``numerator``/``denominator`` are the summed counts of a rate, the summed weight of a score
    or rank (as denominator), the count itself for a count; ``covered`` is how many of the
    group's ``lsoas`` have a value.
    """
    assignment = _checked(store, assignment)
    chosen = _chosen(store, ids, SCALAR_KINDS)
    values = store.values.loc[assignment.index]
    groups = assignment.to_numpy()
    lsoas = pd.Series(1, index=assignment.index).groupby(groups).sum()
    frames = []
    for indicator in chosen:
        if indicator.kind == "count":
            x = values[indicator.column].astype(float)
            covered = x.notna().groupby(groups).sum()
            numerator = x.groupby(groups).sum()
            denominator = pd.Series(np.nan, index=numerator.index)
            value = numerator.copy()
        elif indicator.kind == "rate":
            num = values[indicator.numerator].astype(float)
            den = values[indicator.denominator].astype(float)
            ok = num.notna() & den.notna()
            covered = ok.groupby(groups).sum()
            numerator = num.groupby(groups).sum()
            denominator = den.groupby(groups).sum()
            value = numerator / denominator.where(denominator > 0) * indicator.multiplier
        else:  # score, rank: weighted mean
            x = values[indicator.column].astype(float)
            w = values[indicator.weight].astype(float)
            ok = x.notna() & w.notna()
            covered = ok.groupby(groups).sum()
            numerator = (x * w).groupby(groups).sum()
            denominator = w.groupby(groups).sum()
            value = numerator / denominator.where(denominator > 0)
            numerator = pd.Series(np.nan, index=value.index)
        complete = covered.reindex(lsoas.index) == lsoas
        frame = pd.DataFrame(
            {
                "group": lsoas.index,
                "indicator": indicator.id,
                "value": value.reindex(lsoas.index).where(complete).to_numpy(),
                "numerator": numerator.reindex(lsoas.index).where(complete).to_numpy(),
                "denominator": denominator.reindex(lsoas.index).where(complete).to_numpy(),
                "lsoas": lsoas.to_numpy(),
                "covered": covered.reindex(lsoas.index).to_numpy(),
            }
        )
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def decile_shares(store, assignment: pd.Series, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (group, decile indicator): the % of its weight in deciles 1 to 10."""
    assignment = _checked(store, assignment)
    values = store.values.loc[assignment.index]
    groups = assignment.to_numpy()
    rows = []
    for indicator in _chosen(store, ids, ("decile",)):
        deciles = values[indicator.column]
        weight = values[indicator.weight].astype(float)
        table = (
            pd.DataFrame({"group": groups, "decile": deciles.to_numpy(), "w": weight.to_numpy()})
            .pivot_table(index="group", columns="decile", values="w", aggfunc="sum", fill_value=0)
            .reindex(columns=range(1, 11), fill_value=0)
        )
        incomplete = deciles.isna().groupby(groups).any() | weight.isna().groupby(groups).any()
        totals = table.sum(axis=1)
        shares = table.div(totals.where(totals > 0), axis=0) * 100
        for group, row in shares.iterrows():
            bad = bool(incomplete.get(group, False))
            rows.append(
                {
                    "group": group,
                    "indicator": indicator.id,
                    **{f"decile_{d}": (np.nan if bad else row[d]) for d in range(1, 11)},
                }
            )
    return pd.DataFrame(rows, columns=["group", "indicator", *DECILE_COLUMNS])


def la_assignment(store, la_code: str) -> pd.Series:
    """Every LSOA of a local authority (2019 code) -> the LA code."""
    codes = store.values.index[store.values.lad19cd == la_code]
    return pd.Series(la_code, index=codes, name="group")


def england_assignment(store) -> pd.Series:
    """Every English LSOA -> E92000001 (England's ONS code)."""
    return pd.Series("E92000001", index=store.values.index, name="group")


def ward_assignment(area) -> pd.Series | None:
    """The area's LSOAs -> best-fit 2025 ward code, where the bundled lookup covers the area
    (York, Haringey, Islington), else None. LSOAs do not nest in wards: best fit is the ward
    holding most of the LSOA's live postcodes."""
    wards = ward_lookup(area)
    return None if wards is None else wards.rename("group")


def lsoa_assignment(codes) -> pd.Series:
    """Each LSOA its own group: the indicators at LSOA level through the same path."""
    codes = list(codes)
    return pd.Series(codes, index=pd.Index(codes), name="group")


def _checked(store, assignment: pd.Series) -> pd.Series:
    assignment = assignment.dropna()
    if not assignment.index.is_unique:
        duplicate = assignment.index[assignment.index.duplicated()][0]
        raise PlacesError(f"LSOA {duplicate}: assigned to two groups")
    unknown = assignment.index.difference(store.values.index)
    if len(unknown):
        raise PlacesError(f"LSOA {unknown[0]}: not an English LSOA 2011 code")
    return assignment


def _chosen(store, ids, kinds):
    if ids is None:
        return [i for i in store.indicators.values() if i.kind in kinds]
    missing = [i for i in ids if i not in store.indicators]
    if missing:
        raise PlacesError(f"indicator {missing[0]!r}: not in the store")
    return [store.indicators[i] for i in ids if store.indicators[i].kind in kinds]
