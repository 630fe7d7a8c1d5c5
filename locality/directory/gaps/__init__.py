"""Gaps in the directory: which neighbourhoods have few or no services for a need within reach.

Reads the database, then hands plain columns to `locality.analytics.places.access`, where the
definitions live (reachable, residents per service, share covered). What counts:

- Areas: the local authority's LSOAs, each with its neighbourhood ("Not in a neighbourhood"
  for an LSOA not yet given one), population and population-weighted centroid.
- Services: status "active", not confidential, at a location that has coordinates and is not
  itself confidential (the address of a refuge is never used, even by a public service sharing
  it). Community assets count: a park or a lunch club meets needs too. Services in a
  neighbouring authority count when they are within reach.
- Needs: the top-level categories of the "Locality needs" taxonomy. A service tagged with a
  specific need counts for its category; tagged with several needs of one category, once.

Everything here is aggregate directory data: no resident is identifiable from it.

The package: `records` (the rows and their names), `needs` (the need categories), `table`
(the figures per neighbourhood and LSOA), `csv_file` (the table as CSV), `geojson_map`
(the map's LSOAs, bands and outlines) and `png` (the map as a picture for reports).
"""

from locality.analytics.places.access import DEFAULT_WITHIN_M
from locality.directory.gaps.csv_file import CSV_HEADER, gaps_csv, residents_per_service_text
from locality.directory.gaps.geojson_map import (
    BAND_COLOURS,
    BOUNDARY_ATTRIBUTION,
    NONE_COLOUR,
    OUTLINE_COLOUR,
    Band,
    gaps_geojson,
    reach_bands,
)
from locality.directory.gaps.needs import need_categories
from locality.directory.gaps.png import gaps_png
from locality.directory.gaps.records import (
    NEEDS_TAXONOMY,
    NO_NEIGHBOURHOOD,
    NONE,
    GapRow,
    LsoaReach,
    Need,
    NeedGaps,
)
from locality.directory.gaps.table import gap_areas, gaps_for_need, gaps_table

__all__ = [
    "BAND_COLOURS",
    "BOUNDARY_ATTRIBUTION",
    "CSV_HEADER",
    "DEFAULT_WITHIN_M",
    "NEEDS_TAXONOMY",
    "NONE",
    "NONE_COLOUR",
    "NO_NEIGHBOURHOOD",
    "OUTLINE_COLOUR",
    "Band",
    "GapRow",
    "LsoaReach",
    "Need",
    "NeedGaps",
    "gap_areas",
    "gaps_csv",
    "gaps_for_need",
    "gaps_geojson",
    "gaps_png",
    "gaps_table",
    "need_categories",
    "reach_bands",
    "residents_per_service_text",
]
