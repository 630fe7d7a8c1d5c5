"""The scale advisor: for each service, neighbourhood, place, system or cross-system.

``read_services`` and ``read_neighbourhoods`` check the inputs (``inputs``), ``scales_for``
finds the residents at each scale and ``advise`` recommends (``advisor``, where the rule is
written down), and ``write_scale`` writes the CSV, HTML and PNG (``report``).
"""

from locality.analytics.places.scale.advisor import (
    SCALES,
    Scales,
    advise,
    neighbourhood_demand,
    scales_for,
)
from locality.analytics.places.scale.inputs import Service, read_neighbourhoods, read_services
from locality.analytics.places.scale.report import write_scale

__all__ = [
    "SCALES",
    "Scales",
    "Service",
    "advise",
    "neighbourhood_demand",
    "read_neighbourhoods",
    "read_services",
    "scales_for",
    "write_scale",
]
