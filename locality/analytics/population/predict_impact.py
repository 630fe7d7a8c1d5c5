"""Impactibility: whom a neighbourhood team should reach first, which is not simply the
highest predicted risk.

Why not the top of the list
    People at the very top of a risk model are mostly known to services already, and their use
    falls the next year whatever is done (regression to the mean); many of their admissions
    are not avoidable. Lewis G. "Impactibility models": identifying the subgroup of high-risk
    patients most likely to benefit from heightened intervention. *Milbank Q* 2010;88(2):
    240-255, doi:10.1111/j.1468-0009.2010.00597.x; Roland M, Abel G. Reducing emergency
    admissions: are we on the right track? *BMJ* 2012;345:e6017; Lewis G, Curry N, Bardsley M.
    *Choosing a predictive risk model: a guide for commissioners in England*. Nuffield Trust,
    2011. Lewis describes ranking by who is most likely to benefit rather than by risk alone;
    the bands and the order below are Locality's reading of that advice, an assumption to be
    tested locally, not a published rule.

The rule (constants below)
    1. ``risk_percentile``: 100 x the share of people with a *lower* predicted risk (ties share
       a percentile), so the highest-risk person of 1,000 is at 99.9.
    2. At or above :data:`HIGHEST_RISK_FROM` (the top 1%): group ``highest_risk``, "already
       known to services" (case management, not outreach); no impactibility rank.
    3. From :data:`MODERATE_FROM` up to :data:`HIGHEST_RISK_FROM` (percentiles 80-99): the
       moderate band, ranked by :data:`TIERS` in order (rising use *and* social risk first, then
       rising use, then social risk, then the rest), and within a tier by risk, highest first,
       then ``person_id``. ``impact_rank`` counts 1, 2, ... down that order.
    4. Below :data:`MODERATE_FROM`: group ``lower``; no rank.
    Rising use is :mod:`utilisation`'s ``rising``; social risk is ``social_risk_count`` of at
    least :data:`SOCIAL_RISK_AT_LEAST` (:mod:`social`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HIGHEST_RISK_FROM = 99.0  # percentile: the top 1%
MODERATE_FROM = 80.0  # percentile: the moderate band is [80, 99)
SOCIAL_RISK_AT_LEAST = 1
HIGHEST, LOWER = "highest_risk", "lower"
TIERS = (  # (group, needs rising use, needs social risk), in rank order
    ("moderate_rising_social", True, True),
    ("moderate_rising", True, False),
    ("moderate_social", False, True),
    ("moderate", False, False),
)
GROUPS = (*(t[0] for t in TIERS), HIGHEST, LOWER)  # the order of the output
REASONS = {
    HIGHEST: "highest predicted risk (top 1%): already known to services; case management",
    "moderate_rising_social": "moderate risk (percentile 80-99) with rising use and social risk",
    "moderate_rising": "moderate risk (percentile 80-99) with rising use",
    "moderate_social": "moderate risk (percentile 80-99) with social risk",
    "moderate": "moderate risk (percentile 80-99), use not rising, no social risk recorded",
    LOWER: "below the moderate band (percentile under 80)",
}
COLUMNS = ("person_id", "risk", "risk_percentile", "impact_group", "impact_rank", "reason")


def impactibility(people: pd.DataFrame) -> pd.DataFrame:
    """:data:`COLUMNS` for each row of ``people`` (``person_id``, ``risk``, ``rising``,
    ``social_risk_count``): the ranked moderate band first, then ``highest_risk``, then
    ``lower``, each by risk (highest first) and ``person_id``."""
    risk = people["risk"].to_numpy(dtype=float)
    below = people["risk"].rank(method="min").to_numpy() - 1
    percentile = 100 * below / len(people) if len(people) else below
    rising = people["rising"].to_numpy(dtype=bool)
    social = people["social_risk_count"].to_numpy() >= SOCIAL_RISK_AT_LEAST
    group = np.full(len(people), LOWER, dtype=object)
    moderate = (percentile >= MODERATE_FROM) & (percentile < HIGHEST_RISK_FROM)
    for name, needs_rising, needs_social in reversed(TIERS):
        fits = (rising if needs_rising else True) & (social if needs_social else True)
        group[moderate & fits] = name
    group[percentile >= HIGHEST_RISK_FROM] = HIGHEST
    out = pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy(),
            "risk": risk,
            "risk_percentile": percentile,
            "impact_group": group,
            "tier": [GROUPS.index(g) for g in group],
        }
    )
    out = out.sort_values(["tier", "risk", "person_id"], ascending=[True, False, True])
    ranked = out["impact_group"].isin([t[0] for t in TIERS]).to_numpy()
    out["impact_rank"] = pd.array(np.where(ranked, np.cumsum(ranked), 0), dtype="Int64")
    out.loc[~ranked, "impact_rank"] = pd.NA
    out["reason"] = out["impact_group"].map(REASONS)
    return out[list(COLUMNS)].reset_index(drop=True)
