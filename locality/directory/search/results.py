"""The page of results: full objects, the schedules to show, and why each is in the list."""

from dataclasses import dataclass, field

from locality.directory import models as m
from locality.directory.geo_utils import distance_text
from locality.directory.search.match import Match, Place
from locality.directory.search.needs import need_names_by_service
from locality.directory.search.rank import is_fresh
from locality.directory.search.schedules import Schedules
from locality.directory.search_fulltext import search_terms


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


def page_results(matches: list[Match], *, text, need_term_ids, age, free_only):
    """The page's matches as `SearchResult`s with their schedules and reasons."""
    page = _load(matches)
    _finish(page, text=text, need_term_ids=need_term_ids, age=age, free_only=free_only)
    return page


def _load(matches: list[Match]) -> list[SearchResult]:
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
    places = [(result.service.id, _place(result)) for result in page]
    schedules = Schedules.load(places, rows=False)
    needs = need_names_by_service(r.service.id for r in page) if need_term_ids else {}
    for result, (service_id, place) in zip(page, places, strict=True):
        result.schedules = schedules.applicable(service_id, place)
        result.reasons = _reasons(result, text, needs.get(service_id), age, free_only)


def _place(result: SearchResult) -> Place | None:
    sal = result.service_at_location
    return Place(sal.id, sal.location_id, None, None) if sal is not None else None


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
