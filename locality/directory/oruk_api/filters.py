"""What the filters select: open services and service-at-locations, as querysets.

Every query starts from `exporter.open_services()` and drops confidential locations.
"""

import datetime as dt

from django.db.models import F, Q
from django.utils import timezone
from ninja.errors import HttpError

from locality.directory import models as m
from locality.directory.exporter import open_services
from locality.directory.geo_utils import bounding_box, distance_m_expression, geojson_contains
from locality.directory.oruk_api.parameters import DAY_NAMES, LocationFilters, ServiceFilters
from locality.directory.search import services_matching_text
from locality.places.postcodes import normalise_postcode, postcode_point


def services_matching(filters: ServiceFilters):
    """Open services passing every given filter, by id (annotated `text_rank` if searching)."""
    services = open_services()
    if filters.search:
        services = services_matching_text(services, filters.search)
    if filters.taxonomy_term_id:
        linked = m.Attribute.objects.filter(taxonomy_term_id=filters.taxonomy_term_id)
        services = services.filter(id__in=linked.values("link_id"))
    if filters.taxonomy_id:
        linked = m.Attribute.objects.filter(taxonomy_term__taxonomy_id=filters.taxonomy_id)
        services = services.filter(id__in=linked.values("link_id"))
    if filters.minimum_age is not None:
        at_least = Q(minimum_age__gte=filters.minimum_age)
        if filters.minimum_age <= 0:
            at_least |= Q(minimum_age__isnull=True)  # no minimum age: 0
        services = services.filter(at_least)
    if filters.maximum_age is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age)
    if filters.day or filters.start_time or filters.end_time:
        services = _scheduled(services, filters)
    if filters.modified_after is not None:
        since = _aware(filters.modified_after)
        services = services.filter(Q(last_modified__gte=since) | Q(updated_at__gte=since))
    return services


def _scheduled(services, filters: ServiceFilters):
    schedules = m.Schedule.objects.all()
    if filters.day:
        names = f"{filters.day}|{DAY_NAMES[filters.day]}"
        on_day = Q(byday__iregex=rf"(^|[^A-Z])({names})([^A-Z]|$)")
        schedules = schedules.filter(on_day | Q(freq__iexact="daily", byday=""))
    if filters.start_time:
        schedules = schedules.filter(opens_at__gte=filters.start_time)
    if filters.end_time:
        schedules = schedules.filter(closes_at__lte=filters.end_time)
    at_locations = schedules.filter(service_at_location__in=open_service_at_locations())
    return services.filter(
        Q(id__in=schedules.values("service_id"))
        | Q(id__in=at_locations.values("service_at_location__service_id"))
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def open_service_at_locations():
    """Service-at-locations of open services, at no confidential location, ordered by id."""
    return (
        m.ServiceAtLocation.objects.filter(service__in=open_services())
        .exclude(location__confidential=True)
        .order_by("id")
    )


def service_at_locations_matching(filters: LocationFilters):
    sals = open_service_at_locations().filter(service__in=services_matching(filters))
    if filters.proximity is not None and not filters.postcode:
        raise HttpError(400, "Invalid query parameter proximity: it needs a postcode")
    if not filters.postcode:
        return sals
    point = postcode_point(filters.postcode)
    if point is None:
        shown = normalise_postcode(filters.postcode) or filters.postcode
        raise HttpError(400, f"Invalid query parameter postcode: {shown!r} is not a known postcode")
    sals = sals.exclude(service_id__in=_services_not_covering(point))
    sals = sals.annotate(distance=distance_m_expression(*point, "location__"))
    if filters.proximity is not None:
        min_lat, max_lat, min_lon, max_lon = bounding_box(*point, filters.proximity)
        sals = sals.filter(
            location__latitude__range=(min_lat, max_lat),
            location__longitude__range=(min_lon, max_lon),
            distance__lte=filters.proximity,
        )
    return sals.order_by(F("distance").asc(nulls_last=True), "id")


def _services_not_covering(point: tuple[float, float]) -> set[str]:
    """Services with a readable GeoJSON service area, none of which holds the point."""
    inside, outside = set(), set()
    areas = m.ServiceArea.objects.filter(extent_type__iexact="geojson").exclude(extent="")
    for service_id, extent in areas.values_list("service_id", "extent"):
        covers = geojson_contains(extent, *point)
        if covers is not None:
            (inside if covers else outside).add(service_id)
    return outside - inside
