"""The small-area indicator store (no Django).

Indicators are held at LSOA 2011 level and re-aggregated to any set of LSOAs - a
neighbourhood, a 2025 ward, a local authority, England - by the rule of their kind (counts
summed, rates recomputed from summed numerators and denominators, scores and ranks weighted by
residents, deciles as distributions). See ``catalogue`` for the metadata and rules,
``bundled`` for the indicators every place gets, ``user`` for a user's CSV keyed by LSOA or
postcode, ``aggregate`` for the one aggregation path and ``compare`` for confidence intervals.
"""

from locality.analytics.places.indicators.aggregate import (
    aggregate,
    decile_shares,
    england_assignment,
    la_assignment,
    lsoa_assignment,
    ward_assignment,
)
from locality.analytics.places.indicators.catalogue import THEMES, Indicator
from locality.analytics.places.indicators.store import IndicatorStore, bundled_store
from locality.analytics.places.indicators.user import load_user_indicators

__all__ = [
    "THEMES",
    "Indicator",
    "IndicatorStore",
    "aggregate",
    "bundled_store",
    "decile_shares",
    "england_assignment",
    "la_assignment",
    "load_user_indicators",
    "lsoa_assignment",
    "ward_assignment",
]
