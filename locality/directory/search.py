r"""Directory search: words, need, distance, opening time, age and cost, on SQLite and PostgreSQL.

Plain functions for the pages, the ORUK API and the benchmarks:

- `services_matching_text(queryset, text)`: the services whose `search_text` holds every
  word of `text`, annotated `text_rank` (higher is better).
- `search_services(...)`: filtered and ranked `SearchResults`.

Full text: `search_fulltext` (FTS5 on SQLite, a GIN index on PostgreSQL).

Ranking, in this order (`_rank_key`):
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
service's own, else the location's).
"""

import datetime as dt
import math
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from locality.directory import models as m
from locality.directory import schedule_utils
from locality.directory.geo_utils import bounding_box, distance_text, haversine_m
from locality.directory.search_fulltext import search_terms, services_matching_text
from locality.governance import audit

FRESH_DAYS = 365
HIDDEN_STATUSES = ("inactive", "defunct")
NEEDS_TAXONOMY = "Locality needs"

__all__ = [
    "SearchResult", "SearchResults", "confidential_shown_audit", "is_fresh",
    "need_names_by_service", "need_term_tree", "public_services", "search_services",
    "search_terms", "services_matching_text", "terms_with_descendants",
]  # fmt: skip


@dataclass
class SearchResult:
    service: m.Service
    service_at_location: m.ServiceAtLocation | None = None
    location: m.Location | None = None
    distance_m: float | None = None
    is_open: bool | None = None  # None when no time was asked about
    text_rank: float = 0.0
    name_match: bool = False
    reasons: list[str] = field(default_factory=list)
    schedules: list[m.Schedule] = field(default_factory=list)  # filled for the page only


@dataclass
class SearchResults:
    results: list[SearchResult]
    total: int
    limit: int
    offset: int

    def __iter__(self):
        return iter(self.results)

    def __len__(self):
        return len(self.results)


# --- needs -----------------------------------------------------------------------------


def terms_with_descendants(term_ids) -> set[str]:
    """The terms and every term below them (children, grandchildren...)."""
    found, frontier = set(term_ids), set(term_ids)
    while frontier:
        children = set(
            m.TaxonomyTerm.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def _in_needs_taxonomy(prefix: str = "") -> Q:
    """A term of the needs taxonomy: by its taxonomy row, or by name (feeds often send no row)."""
    return Q(**{f"{prefix}taxonomy__name": NEEDS_TAXONOMY}) | Q(
        **{f"{prefix}taxonomy_name": NEEDS_TAXONOMY}
    )


def need_term_tree() -> list[tuple[m.TaxonomyTerm, list[m.TaxonomyTerm]]]:
    """The needs taxonomy's top-level terms, each with its sub-terms, in name order.

    A term whose parent is not in the database (a feed sent only the terms it uses) is
    listed as a top-level term.
    """
    terms = list(m.TaxonomyTerm.objects.filter(_in_needs_taxonomy()).order_by("name"))
    ids = {t.id for t in terms}
    children = defaultdict(list)
    for term in terms:
        if term.parent_id in ids:
            children[term.parent_id].append(term)
    return [(t, children[t.id]) for t in terms if t.parent_id not in ids]


def need_names_by_service(service_ids) -> dict[str, list[str]]:
    """The needs-taxonomy term names each service is tagged with."""
    out = defaultdict(list)
    attributes = (
        m.Attribute.objects.filter(_in_needs_taxonomy("taxonomy_term__"))
        .filter(link_id__in=list(service_ids))
        .select_related("taxonomy_term")
        .order_by("taxonomy_term__name")
    )
    for attribute in attributes:
        out[attribute.link_id].append(attribute.taxonomy_term.name)
    return out


# --- the search ------------------------------------------------------------------------


class _Candidate(NamedTuple):
    """A service that passed the SQL filters: just what ranking needs."""

    id: str
    name: str
    assured_date: dt.date | None
    text_rank: float


class _Place(NamedTuple):
    sal_id: str
    location_id: str
    latitude: float | None
    longitude: float | None


SCHEDULE_FIELDS = (
    "id", "service_id", "service_at_location_id", "location_id", "freq", "byday", "interval",
    "dtstart", "valid_from", "valid_to", "until", "opens_at", "closes_at",
)  # fmt: skip
_ScheduleRow = namedtuple("_ScheduleRow", SCHEDULE_FIELDS)


@dataclass
class _Match:
    """A candidate that passed every filter, at its chosen location."""

    candidate: _Candidate
    place: _Place | None
    distance_m: float | None
    is_open: bool | None
    name_match: bool = False


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
    """Services matching every filter given, ranked (see the module docstring)."""
    confidential = not public and include_confidential is not False
    box = bounding_box(*near, within_m) if near and within_m is not None else None
    services = _filtered(
        public=public, confidential=confidential, active_only=active_only, age=age,
        free_only=free_only, include_assets=include_assets, need_term_ids=need_term_ids,
        box=box,
    )  # fmt: skip
    matched = services_matching_text(services, text)
    # the candidate query runs once; later queries take its ids in batches
    rows = list(matched.values_list("id", "name", "assured_date", "text_rank"))
    ids = [row[0] for row in rows]
    places = _places(ids, confidential, box)
    schedules = _Schedules.load(ids, rows=True) if open_at else None
    wall = schedule_utils.wall_clock(open_at) if open_at else None
    terms = search_terms(text)
    matches = []
    for row in rows:
        candidate = _Candidate(row[0], row[1], row[2], float(row[3] or 0.0))
        match = _match(candidate, places[candidate.id], near, within_m, wall, schedules)
        if match is not None:
            match.name_match = bool(terms) and all(t in candidate.name.casefold() for t in terms)
            matches.append(match)
    matches.sort(key=_rank_key(bool(terms)))
    page = _load(matches[offset : offset + limit])
    _finish(page, text=text, need_term_ids=need_term_ids, age=age, free_only=free_only)
    return SearchResults(page, len(matches), limit, offset)


def _filtered(
    *, public, confidential, active_only, age, free_only, include_assets, need_term_ids, box
):
    services = m.Service.objects.all()
    if not confidential:
        services = services.filter(confidential=False)
    if public:
        for status in HIDDEN_STATUSES:
            services = services.exclude(status__iexact=status)
    if active_only:
        services = services.filter(Q(status="") | Q(status__iexact="active"))
    if not include_assets:
        services = services.filter(is_asset=False)
    if age is not None:
        services = services.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
        )
    if free_only:
        options = m.CostOption.objects.filter(service_id=OuterRef("pk"))
        services = services.filter(Exists(options.filter(amount=0))).exclude(
            Exists(options.filter(amount__gt=0))
        )
    if need_term_ids:
        terms = terms_with_descendants(need_term_ids)
        tagged = m.Attribute.objects.filter(link_id=OuterRef("pk"), taxonomy_term_id__in=terms)
        services = services.filter(Exists(tagged))
    if box is not None:
        services = services.filter(id__in=_sals(box, confidential).values("service_id"))
    return services


def _sals(box, confidential: bool):
    """Services at locations we may show, inside the box if there is one."""
    sals = m.ServiceAtLocation.objects.filter(location__isnull=False)
    if not confidential:
        sals = sals.filter(location__confidential=False)
    if box is not None:
        min_lat, max_lat, min_lon, max_lon = box
        sals = sals.filter(
            location__latitude__range=(min_lat, max_lat),
            location__longitude__range=(min_lon, max_lon),
        )
    return sals


ID_BATCH = 500  # ids per IN (...) list: well under SQLite's variable limit


def _in_batches(ids: list[str]):
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]


def _places(service_ids: list[str], confidential: bool, box) -> dict[str, list[_Place]]:
    """service id -> the places it is delivered at that we may show (and are in the box)."""
    out = defaultdict(list)
    for batch in _in_batches(service_ids):
        rows = (
            _sals(box, confidential)
            .filter(service_id__in=batch)
            .order_by("id")
            .values_list(
                "service_id", "id", "location_id", "location__latitude", "location__longitude"
            )
        )
        for service_id, *place in rows:
            out[service_id].append(_Place(*place))
    return out


@dataclass
class _Schedules:
    """Schedules by what they belong to: a service at a location, a service, a location."""

    by_sal: dict = field(default_factory=lambda: defaultdict(list))
    by_service: dict = field(default_factory=lambda: defaultdict(list))
    by_location: dict = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, service_ids: list[str], *, rows: bool) -> "_Schedules":
        """For these services; light rows, or models for a page."""
        found = cls()
        for batch in _in_batches(service_ids):
            found._load_batch(batch, rows=rows)
        return found

    def _load_batch(self, service_ids: list[str], *, rows: bool) -> None:
        found = self
        sals = m.ServiceAtLocation.objects.filter(service_id__in=service_ids)
        wanted = [
            (found.by_sal, "service_at_location_id", Q(service_at_location__in=sals)),
            (found.by_service, "service_id",
             Q(service_id__in=service_ids, service_at_location__isnull=True)),
            (found.by_location, "location_id", Q(location_id__in=sals.values("location_id"))),
        ]  # fmt: skip
        for index, column, where in wanted:
            schedules = m.Schedule.objects.filter(where).order_by("id")
            if rows:
                schedules = (_ScheduleRow(*r) for r in schedules.values_list(*SCHEDULE_FIELDS))
            for schedule in schedules:
                index[getattr(schedule, column)].append(schedule)

    def applicable(self, service_id: str, place: _Place | None) -> list:
        """The location's own times for this service, else the service's, else the building's."""
        return (
            (place is not None and self.by_sal.get(place.sal_id))
            or self.by_service.get(service_id)
            or (place is not None and self.by_location.get(place.location_id))
            or []
        )


def _match(candidate, places, near, within_m, wall, schedules) -> _Match | None:
    """The candidate at its nearest place that passes the distance and time filters."""
    options = []
    for place in places or [None]:
        distance = _distance(near, place)
        if near is not None and within_m is not None and (distance is None or distance > within_m):
            continue
        is_open = None
        if wall is not None:
            applicable = schedules.applicable(candidate.id, place)
            is_open = schedule_utils.open_at_wall_clock(applicable, wall)
            if not is_open:
                continue
        options.append(_Match(candidate, place, distance, is_open))
    if not options:
        return None
    return min(options, key=lambda o: math.inf if o.distance_m is None else o.distance_m)


def _distance(near, place: _Place | None) -> float | None:
    if near is None or place is None or place.latitude is None or place.longitude is None:
        return None
    return haversine_m(near[0], near[1], place.latitude, place.longitude)


def is_fresh(service, today: dt.date | None = None) -> bool:
    """Assured (checked by a person) in the last 12 months."""
    today = today or timezone.localdate()
    assured = service.assured_date
    return assured is not None and (today - assured).days <= FRESH_DAYS


def _rank_key(with_text: bool):
    today = timezone.localdate()

    def key(match: _Match):
        candidate = match.candidate
        return (
            0 if (match.name_match or not with_text) else 1,
            math.inf if match.distance_m is None else match.distance_m,
            0 if is_fresh(candidate, today) else 1,
            -candidate.text_rank,
            candidate.name.casefold(),
            candidate.id,
        )

    return key


def _load(matches: list[_Match]) -> list[SearchResult]:
    """The page's services and locations as full objects."""
    services = m.Service.objects.select_related("organization", "owner").in_bulk(
        [match.candidate.id for match in matches]
    )
    sals = m.ServiceAtLocation.objects.select_related("location").in_bulk(
        [match.place.sal_id for match in matches if match.place is not None]
    )
    results = []
    for match in matches:
        sal = sals[match.place.sal_id] if match.place is not None else None
        results.append(
            SearchResult(
                service=services[match.candidate.id],
                service_at_location=sal,
                location=sal.location if sal is not None else None,
                distance_m=match.distance_m,
                is_open=match.is_open,
                text_rank=match.candidate.text_rank,
                name_match=match.name_match,
            )
        )
    return results


def _finish(page, *, text, need_term_ids, age, free_only) -> None:
    """Schedules for each result's opening times, and the reasons it is in the list."""
    schedules = _Schedules.load([r.service.id for r in page], rows=False)
    needs = need_names_by_service(r.service.id for r in page) if need_term_ids else {}
    for result in page:
        sal = result.service_at_location
        place = _Place(sal.id, sal.location_id, None, None) if sal is not None else None
        result.schedules = schedules.applicable(result.service.id, place)
        result.reasons = _reasons(result, text, needs.get(result.service.id), age, free_only)


def _reasons(result, text, needs, age, free_only) -> list[str]:
    reasons = []
    if text and search_terms(text):
        reasons.append(f"{'Name matches' if result.name_match else 'Matches'} “{text.strip()}”")
    if needs:
        reasons.append(f"Helps with {', '.join(needs)}")
    if result.distance_m is not None:
        reasons.append(f"{distance_text(result.distance_m)} away")
    if result.is_open:
        reasons.append("Open at the time asked")
    if age is not None:
        reasons.append(f"Open to people aged {age}")
    if free_only:
        reasons.append("Free")
    if is_fresh(result.service):
        reasons.append("Checked in the last 12 months")
    return reasons


# --- one service, and who may see what -------------------------------------------------


def public_services():
    """Services anyone may see: not confidential, not inactive or defunct."""
    services = m.Service.objects.filter(confidential=False)
    for status in HIDDEN_STATUSES:
        services = services.exclude(status__iexact=status)
    return services


def confidential_shown_audit(*, by, results) -> None:
    """Record that a member of staff was shown confidential services (refuges)."""
    ids = [r.service.id for r in results if r.service.confidential]
    if ids:
        audit.record(
            actor=by,
            action=audit.READ,
            purpose="directory search",
            detail={"confidential_services": ids},
        )
