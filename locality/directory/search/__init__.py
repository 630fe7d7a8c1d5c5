r"""Directory search: words, need, distance, opening time, age and cost, on SQLite and PostgreSQL.

Plain functions for the pages, the ORUK API and the benchmarks:

- `services_matching_text(queryset, text)`: the services whose `search_text` holds every
  word of `text`, annotated `text_rank` (higher is better).
- `search_services(...)`: filtered and ranked `SearchResults`.

How a search runs (`find.search_services`):
1. `query`: one SQL query from the services at locations we may show (in the bounding box
   of `near` and `within_m`, if both are given), joined to their location and service, with
   the service's filters (need, age, cost, status, confidentiality, words) as joins and
   `EXISTS`, and with a time, `opening`'s pre-filter, which may let through a place that is
   not open but never leaves out one that is. With no box, services with no such place are
   candidates too.
2. `match`: the exact radius (haversine) and the exact opening times (`schedule_utils`,
   on the schedules of the rows left); each service at its nearest place that passes.
3. `rank`, then `results`: the page as full objects, with schedules and reasons.

Ranking, in this order (`rank.rank_key`):
1. with search words: services whose name holds every word come first;
2. with `near`: nearest first (services with no location we can measure come last);
3. services assured (checked) in the last 12 months come first;
4. the database's full-text rank (bm25 on SQLite, ts_rank on PostgreSQL);
5. name, then id, so the order is stable.

Public (`public=True`): never a confidential service or location, never an inactive or
defunct service. Staff (`public=False`): inactive and defunct too (the page flags them),
and confidential ones unless `include_confidential=False`.

Free only: a cost option of 0 and none above 0 (no cost options: not known to be free).
Distance: a bounding box on `Location.latitude/longitude` in SQL (indexed), then the exact
haversine distance in Python. A service is measured at its nearest location.
Open at: see `schedule_utils` (the schedules of the service at that location, else the
service's own, else the location's). Full text: `search_fulltext` (FTS5 on SQLite, a GIN
index on PostgreSQL).
"""

from locality.directory.search.find import search_services
from locality.directory.search.needs import (  # noqa: F401 - its old name, still imported
    in_needs_taxonomy as _in_needs_taxonomy,
)
from locality.directory.search.needs import (
    need_names_by_service,
    need_term_tree,
    terms_with_descendants,
)
from locality.directory.search.rank import is_fresh
from locality.directory.search.results import SearchResult, SearchResults
from locality.directory.search.visibility import confidential_shown_audit, public_services
from locality.directory.search_fulltext import search_terms, services_matching_text

__all__ = [
    "SearchResult", "SearchResults", "confidential_shown_audit", "is_fresh",
    "need_names_by_service", "need_term_tree", "public_services", "search_services",
    "search_terms", "services_matching_text", "terms_with_descendants",
]  # fmt: skip
