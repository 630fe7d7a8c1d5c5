"""Neighbourhood profiles (no Django): each neighbourhood's indicators by theme next to its
local authority and England, decile distributions, the gap between the most and least deprived
fifth of the authority's LSOAs, maps and HTML pages.

The functions the web app calls (signatures kept stable):

- ``neighbourhood_profile(area, assignment, store=None) -> pandas.DataFrame``
- ``profile_maps(area, assignment, folder, store=None) -> dict[str, Path]``

where ``area`` is an ``Area`` (``geography.load_area`` or the web app's own) and ``assignment``
a Series LSOA code -> neighbourhood name.
"""

from locality.analytics.places.profiles.maps import (
    profile_alt_texts,
    profile_leaflet,
    profile_maps,
)
from locality.analytics.places.profiles.neighbourhoods import (
    default_neighbourhoods,
    read_neighbourhoods,
)
from locality.analytics.places.profiles.table import (
    deprivation_gap,
    local_quintiles,
    neighbourhood_profile,
    profile_deciles,
)

__all__ = [
    "default_neighbourhoods",
    "deprivation_gap",
    "local_quintiles",
    "neighbourhood_profile",
    "profile_alt_texts",
    "profile_deciles",
    "profile_leaflet",
    "profile_maps",
    "read_neighbourhoods",
]
