"""Neighbourhood design: contiguous groups of LSOAs (or of whole wards) whose populations sit
close to a target, alike in need inside and compact (see docs/places-design.md).

>>> from locality.analytics.places.geography import load_area
>>> design = design_area(load_area("E06000014"), DesignOptions(target_population=50_000))
>>> design.count, design.max_deviation_pct < 15, bool(design.neighbourhoods.contiguous.all())
(4, True, True)
"""

from locality.analytics.places.design.plan import (
    FEATURE_PROPERTIES,
    METHODS,
    Design,
    DesignOptions,
    design_area,
)
from locality.analytics.places.design.search import Weights, partition
from locality.analytics.places.design.write import write_design

__all__ = [
    "FEATURE_PROPERTIES",
    "METHODS",
    "Design",
    "DesignOptions",
    "Weights",
    "design_area",
    "partition",
    "write_design",
]
