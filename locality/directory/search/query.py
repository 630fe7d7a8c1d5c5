"""The candidates in SQL: every filter but the exact radius and the exact opening times.

One row per place: a service at a location we may show (inside the bounding box if there is
one), with its service and location, from one query that starts at `ServiceAtLocation`
(the box is on the `(latitude, longitude)` index) and checks the service's filters by join
and `EXISTS`. With no box, services with no such place are candidates too, one row each
with no place. With a time, the SQL pre-filter of `opening` leaves out rows that cannot be
open; the exact check is in Python (`match`).
"""

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q

from locality.directory import models as m
from locality.directory.search import opening
from locality.directory.search.visibility import HIDDEN_STATUSES
from locality.directory.search_fulltext import services_matching_text


@dataclass(frozen=True)
class Filters:
    """What the SQL checks: the search's filters, with needs expanded to their sub-needs."""

    public: bool
    confidential: bool  # confidential services and locations may be shown
    active_only: bool = False
    age: int | None = None
    free_only: bool = False
    include_assets: bool = True
    need_terms: frozenset[str] = frozenset()
    text: str | None = None
    box: tuple[float, float, float, float] | None = None
    wall: dt.datetime | None = None  # open at this naive local time


class Row(NamedTuple):
    service_id: str
    name: str
    assured_date: dt.date | None
    text_rank: float | None
    sal_id: str | None = None
    location_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None


PLACE_COLUMNS = (
    "service_id", "service__name", "service__assured_date", "text_rank",
    "id", "location_id", "location__latitude", "location__longitude",
)  # fmt: skip


def candidate_rows(filters: Filters) -> list[Row]:
    """Places first (in id order), then services with no place we may show (no box only)."""
    rows = [Row(*r) for r in _place_rows(filters).values_list(*PLACE_COLUMNS)]
    if filters.box is None:
        placeless = _placeless_rows(filters).values_list("id", "name", "assured_date", "text_rank")
        rows.extend(Row(*r) for r in placeless)
    return rows


def shown_sals(box, confidential: bool):
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


def _place_rows(filters: Filters):
    sals = shown_sals(filters.box, filters.confidential).filter(
        *service_conditions(filters, "service__", OuterRef("service_id")),
        service__name__isnull=False,  # an inner join: the service exists (no FK constraint)
    )
    lead = filters.box is None
    sals = services_matching_text(sals, filters.text, path="service__", lead=lead)
    if filters.wall is not None:
        sals = sals.filter(opening.place_may_be_open(filters.wall))
    return sals.order_by("id")


def _placeless_rows(filters: Filters):
    services = m.Service.objects.filter(*service_conditions(filters, "", OuterRef("pk")))
    places = shown_sals(None, filters.confidential).filter(service_id=OuterRef("pk"))
    services = services.filter(~Exists(places))
    services = services_matching_text(services, filters.text)
    if filters.wall is not None:
        services = services.filter(opening.service_may_be_open(filters.wall))
    return services


def service_conditions(filters: Filters, path: str, service_id) -> list:
    """The service's own filters, for a query whose service is at `path` ("" or "service__").

    `service_id` is the outer reference to the service's id, for the `EXISTS` subqueries.
    """
    conditions = []
    if not filters.confidential:
        conditions.append(Q(**{f"{path}confidential": False}))
    if filters.public:
        conditions += [~Q(**{f"{path}status__iexact": s}) for s in HIDDEN_STATUSES]
    if filters.active_only:
        conditions.append(Q(**{f"{path}status": ""}) | Q(**{f"{path}status__iexact": "active"}))
    if not filters.include_assets:
        conditions.append(Q(**{f"{path}is_asset": False}))
    if filters.age is not None:
        conditions += _age_conditions(path, filters.age)
    if filters.free_only:
        options = m.CostOption.objects.filter(service_id=service_id)
        conditions += [Exists(options.filter(amount=0)), ~Exists(options.filter(amount__gt=0))]
    if filters.need_terms:
        conditions.append(_need_condition(filters, path, service_id))
    return conditions


def _need_condition(filters: Filters, path: str, service_id):
    """Tagged with the need. SQLite, with no statistics, follows the form of the query:
    with a box, `EXISTS` looks up the need of each service in the box (by `link_id`); with
    none, `IN` starts from the need's services."""
    tagged = m.Attribute.objects.filter(taxonomy_term_id__in=sorted(filters.need_terms))
    if filters.box is None:
        return Q(**{f"{path}id__in": tagged.values("link_id")})
    return Exists(tagged.filter(link_id=service_id))


def _age_conditions(path: str, age: int) -> list[Q]:
    lowest, highest = f"{path}minimum_age", f"{path}maximum_age"
    return [
        Q(**{f"{lowest}__isnull": True}) | Q(**{f"{lowest}__lte": age}),
        Q(**{f"{highest}__isnull": True}) | Q(**{f"{highest}__gte": age}),
    ]
