"""`search_services`: the candidates in SQL, the exact checks in Python, ranked, one page."""

import datetime as dt

from locality.directory import schedule_utils
from locality.directory.geo_utils import bounding_box
from locality.directory.search.match import grouped, match
from locality.directory.search.needs import terms_with_descendants
from locality.directory.search.query import Filters, candidate_rows
from locality.directory.search.rank import rank_key
from locality.directory.search.results import SearchResults, page_results
from locality.directory.search.schedules import Schedules
from locality.directory.search_fulltext import search_terms


def search_services(
    *,
    text: str | None = None,
    need_term_ids=None,
    near: tuple[float, float] | None = None,
    within_m: float | None = None,
    open_at: dt.datetime | None = None,
    age: int | None = None,
    free_only: bool = False,
    include_assets: bool = True,
    public: bool = True,
    include_confidential: bool | None = None,
    active_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> SearchResults:
    """Services matching every filter given, ranked (see the package docstring)."""
    wall = schedule_utils.wall_clock(open_at) if open_at else None
    filters = Filters(
        public=public, confidential=not public and include_confidential is not False,
        active_only=active_only, age=age, free_only=free_only, include_assets=include_assets,
        need_terms=frozenset(terms_with_descendants(need_term_ids) if need_term_ids else ()),
        text=text, box=bounding_box(*near, within_m) if near and within_m is not None else None,
        wall=wall,
    )  # fmt: skip
    candidates = grouped(candidate_rows(filters))
    schedules = None
    if wall is not None:  # only for the rows the SQL left
        pairs = [(c.id, place) for c, places in candidates for place in places or [None]]
        schedules = Schedules.load(pairs, rows=True)
    terms = search_terms(text)
    matches = []
    for candidate, places in candidates:
        found = match(candidate, places, near, within_m, wall, schedules)
        if found is not None:
            found.name_match = bool(terms) and all(t in candidate.name.casefold() for t in terms)
            matches.append(found)
    matches.sort(key=rank_key(bool(terms)))
    page = page_results(
        matches[offset : offset + limit], text=text, need_term_ids=need_term_ids, age=age,
        free_only=free_only,
    )  # fmt: skip
    return SearchResults(page, len(matches), limit, offset)
