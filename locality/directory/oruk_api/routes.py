"""The nine ORUK endpoints, each documented from the ORUK OpenAPI."""

from django.urls import reverse
from ninja import Query
from ninja.errors import HttpError

from locality.directory import models as m
from locality.directory.exporter import open_services, service_documents, without_hidden_locations
from locality.directory.hsds_io import documents, scalars
from locality.directory.oruk_api.app import ORUK_PROFILE_URL, ORUK_VERSION, oruk_api
from locality.directory.oruk_api.filters import (
    open_service_at_locations,
    service_at_locations_matching,
    services_matching,
)
from locality.directory.oruk_api.pagination import Paging, page_of
from locality.directory.oruk_api.parameters import LocationFilters, ServiceFilters
from locality.directory.oruk_api.serialisers import service_at_location_summary, service_summary
from locality.directory.oruk_api.spec import SERVICE_AT_LOCATION_SCHEMA, documented


def _one(queryset, what: str, id: str):
    found = queryset.filter(id=id).first()
    if found is None:
        raise HttpError(404, f"No {what} with id {id!r}")
    return found


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
