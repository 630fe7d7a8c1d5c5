"""The public Open Referral UK (ORUK) v3 API at /oruk/: read only, no sign-in, open CORS.

The nine endpoints, parameters and response shapes of the ORUK v3 OpenAPI
(`data/openreferral/oruk_uk_profile/schema/openapi.json`). What may be published is what the
open feed publishes: every query starts from `exporter.open_services()` and drops confidential
locations, so a confidential service or location is never listed and its id answers 404.
Empty fields are left out, never null (`hsds_io.scalars`).

Filters combine with AND. Each reads its ORUK description literally:
- `search`: full text (`search.services_matching_text`): every word of it, stemmed, is in the
  service's search text (name, description, organisation, need terms); best matches first.
- `taxonomy_term_id` / `taxonomy_id`: the service has an attribute with that term / with any
  term of that taxonomy.
- `minimum_age=X`: the service's minimum age is at least X (no minimum counts as 0).
  `maximum_age=Y`: its maximum age is at most Y (no maximum never matches). Together: the
  service's whole age band lies within [X, Y].
- `day`, `start_time`, `end_time`: the service (or one of its published service-at-locations)
  has one schedule that runs on that day (RRULE `byday`, or `freq` daily), opens at or after
  `start_time` and closes at or before `end_time`: the session fits inside the window.
- `modified_after` (a Locality extension, from HSDS): `last_modified` or Locality's
  `updated_at` is on or after it; a time without an offset is Europe/London.
- `postcode` (service-at-locations): services whose GeoJSON service area does not hold the
  postcode's centroid are dropped, and results come nearest first; `proximity` (metres, needs
  a postcode): the location is within that distance of the centroid.
"""

import datetime as dt
import functools
import json
import math
from pathlib import Path

from django.db.models import F, Q
from django.http import HttpResponse
from django.urls import URLPattern, reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from locality.directory import models as m
from locality.directory.exporter import open_services, service_documents, without_hidden_locations
from locality.directory.geo_utils import bounding_box, distance_m_expression, geojson_contains
from locality.directory.hsds_io import documents, scalars
from locality.directory.search import services_matching_text
from locality.places.postcodes import normalise_postcode, postcode_point

ORUK_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/developers/specifications"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000_000  # far past any directory; keeps the SQL offset in range
# The ORUK and HSDS OpenAPI point `/service_at_locations/{id}` at compiled/service.json, a
# slip for the fully nested service_at_location that the operation's description promises.
SERVICE_AT_LOCATION_SCHEMA = (
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/"
    "service_at_location.json"
)
SPEC_FILE = (
    Path(__file__).resolve().parents[2] / "data/openreferral/oruk_uk_profile/schema/openapi.json"
)
DAY_NAMES = {
    "MO": "MONDAY", "TU": "TUESDAY", "WE": "WEDNESDAY", "TH": "THURSDAY", "FR": "FRIDAY",
    "SA": "SATURDAY", "SU": "SUNDAY",
}  # fmt: skip
CORS_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
    "Allow": "GET, OPTIONS",
}


def with_cors(view):
    """Any origin may read; an OPTIONS preflight is answered here, without the view."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            for header, value in CORS_PREFLIGHT_HEADERS.items():
                response[header] = value
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


class OrukApi(NinjaAPI):
    """A NinjaAPI whose every URL, the OpenAPI document and docs included, is `with_cors`."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        wrapped = [
            URLPattern(p.pattern, with_cors(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        return wrapped, app_name, namespace


oruk_api = OrukApi(
    title="Open Referral UK API (Locality)",
    version=ORUK_VERSION,
    description="The open directory as Open Referral UK v3. Public: no sign-in. "
    "Confidential services and locations are never published.",
    urls_namespace="oruk",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@oruk_api.exception_handler(ValidationError)
def bad_parameter(request, exc: ValidationError):
    problems = [f"{_parameter(e['loc'])}: {e['msg']}" for e in exc.errors]
    detail = "Invalid query parameter " + "; ".join(problems)
    return oruk_api.create_response(request, {"detail": detail}, status=400)


def _parameter(loc) -> str:
    return str(loc[-1]) if loc else "request"


@functools.cache
def _spec() -> dict:
    """The ORUK OpenAPI's paths, its local `Page` reference written out in place."""
    spec = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    page = spec["components"]["schemas"]["Page"]

    def inline(node):
        if node == {"$ref": "#/components/schemas/Page"}:
            return page
        if isinstance(node, dict):
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return inline(spec["paths"])


def documented(path: str, schema_ref: str = "") -> dict:
    """Route options from the ORUK OpenAPI: operation id, summary and the 200 response."""
    operation = _spec()[path]["get"]
    response = operation["responses"]["200"]
    if schema_ref:
        response = {**response, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}
    return {
        "operation_id": operation["operationId"],
        "summary": operation["summary"],
        "description": operation["description"],
        "openapi_extra": {"responses": {200: response}},
    }


# --- parameters ------------------------------------------------------------------------


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number of paginated result.")
    per_page: int = Field(
        DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Number of results in a page."
    )


class ServiceFilters(Schema):
    """The ORUK filters; their meaning is in the module docstring."""

    search: str | None = Field(None, description="Full text search.")
    taxonomy_term_id: str | None = Field(None, description="Services with this taxonomy term.")
    taxonomy_id: str | None = Field(None, description="Services with a term of this taxonomy.")
    minimum_age: float | None = Field(None, ge=0, description="Minimum age at least this.")
    maximum_age: float | None = Field(None, ge=0, description="Maximum age at most this.")
    start_time: dt.time | None = Field(None, description="A session starting at or after.")
    end_time: dt.time | None = Field(None, description="A session ending at or before.")
    day: str | None = Field(None, description="A session on this day: MO...SU or Monday.")
    modified_after: dt.datetime | None = Field(None, description="Modified on or after.")

    @field_validator("day")
    @classmethod
    def _rrule_day(cls, value: str | None) -> str | None:
        if value is None:
            return None
        text = value.strip().upper()
        for code, name in DAY_NAMES.items():
            if text in (code, name, name[:3]):
                return code
        raise ValueError("use a day as MO, TU, WE, TH, FR, SA, SU or its English name")


class LocationFilters(ServiceFilters):
    postcode: str | None = Field(None, description="Covering this postcode; nearest first.")
    proximity: float | None = Field(None, gt=0, description="Metres from the postcode.")


# --- selectors -------------------------------------------------------------------------


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


# --- documents -------------------------------------------------------------------------


def page_of(queryset, paging: Paging, to_documents) -> dict:
    """The ORUK page: header fields, then `contents` built by `to_documents(objects)`."""
    total = queryset.count()
    start = (paging.page - 1) * paging.per_page
    contents = to_documents(list(queryset[start : start + paging.per_page]))
    total_pages = math.ceil(total / paging.per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def service_summary(service) -> dict:
    """A service's one-to-one fields, with its organisation's (ORUK `service_list`)."""
    doc = scalars(service)
    if service.organization is not None:
        doc["organization"] = scalars(service.organization)
    return doc


def service_at_location_summary(sal) -> dict:
    """ORUK `service_at_location_list`: the link, its location and its service, flat."""
    doc = scalars(sal)
    if sal.location is not None:
        doc["location"] = scalars(sal.location)
    doc["service"] = service_summary(sal.service)
    return doc


def _one(queryset, what: str, id: str):
    found = queryset.filter(id=id).first()
    if found is None:
        raise HttpError(404, f"No {what} with id {id!r}")
    return found


# --- endpoints -------------------------------------------------------------------------


@oruk_api.get("/", **documented("/"))
def api_meta(request):
    return {
        "version": ORUK_VERSION,
        "profile": ORUK_PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
    }


@oruk_api.get("/services", **documented("/services"))
def service_list(request, filters: Query[ServiceFilters], paging: Query[Paging]):
    services = services_matching(filters).select_related("organization")
    if filters.search:
        services = services.order_by("-text_rank", "id")
    return page_of(services, paging, lambda objs: [service_summary(s) for s in objs])


@oruk_api.get("/services/{id}", **documented("/services/{id}"))
def service_detail(request, id: str):
    service = _one(open_services(), "service", id)
    return service_documents([service])[0]


@oruk_api.get("/service_at_locations", **documented("/service_at_locations"))
def service_at_location_list(request, filters: Query[LocationFilters], paging: Query[Paging]):
    sals = service_at_locations_matching(filters)
    sals = sals.select_related("location", "service__organization")
    return page_of(sals, paging, lambda objs: [service_at_location_summary(s) for s in objs])


@oruk_api.get(
    "/service_at_locations/{id}",
    **documented("/service_at_locations/{id}", schema_ref=SERVICE_AT_LOCATION_SCHEMA),
)
def service_at_location_detail(request, id: str):
    sal = _one(open_service_at_locations(), "service_at_location", id)
    doc = documents(m.ServiceAtLocation, [sal])[0]
    service = service_documents(m.Service.objects.filter(id=sal.service_id))[0]
    service.pop("service_at_locations", None)
    doc["service"] = service
    return without_hidden_locations(doc)


@oruk_api.get("/taxonomies", **documented("/taxonomies"))
def taxonomy_list(request, paging: Query[Paging]):
    taxonomies = m.Taxonomy.objects.order_by("id")
    return page_of(taxonomies, paging, lambda objs: documents(m.Taxonomy, objs))


@oruk_api.get("/taxonomies/{id}", **documented("/taxonomies/{id}"))
def taxonomy_detail(request, id: str):
    taxonomy = _one(m.Taxonomy.objects.all(), "taxonomy", id)
    doc = documents(m.Taxonomy, [taxonomy])[0]
    terms = [scalars(term) for term in taxonomy.terms.order_by("id")]
    if terms:
        doc["taxonomy_terms"] = terms
    return doc


@oruk_api.get("/taxonomy_terms", **documented("/taxonomy_terms"))
def taxonomy_term_list(request, paging: Query[Paging]):
    terms = m.TaxonomyTerm.objects.order_by("id")
    return page_of(terms, paging, lambda objs: documents(m.TaxonomyTerm, objs))


@oruk_api.get("/taxonomy_terms/{id}", **documented("/taxonomy_terms/{id}"))
def taxonomy_term_detail(request, id: str):
    term = _one(m.TaxonomyTerm.objects.all(), "taxonomy_term", id)
    return documents(m.TaxonomyTerm, [term])[0]
