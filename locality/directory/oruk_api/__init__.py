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

The package: `app` (the NinjaAPI, CORS and errors), `spec` (route options from the ORUK
OpenAPI), `parameters` (the query parameters), `filters` (the querysets they select),
`pagination` (pages), `serialisers` (list items) and `routes` (the nine endpoints).
"""

from locality.directory.oruk_api import routes  # noqa: F401  (registers the endpoints)
from locality.directory.oruk_api.app import ORUK_PROFILE_URL, ORUK_VERSION, oruk_api
from locality.directory.oruk_api.filters import (
    open_service_at_locations,
    service_at_locations_matching,
    services_matching,
)
from locality.directory.oruk_api.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, Paging, page_of
from locality.directory.oruk_api.parameters import LocationFilters, ServiceFilters
from locality.directory.oruk_api.serialisers import service_at_location_summary, service_summary

__all__ = [
    "DEFAULT_PER_PAGE",
    "MAX_PER_PAGE",
    "ORUK_PROFILE_URL",
    "ORUK_VERSION",
    "LocationFilters",
    "Paging",
    "ServiceFilters",
    "open_service_at_locations",
    "oruk_api",
    "page_of",
    "service_at_location_summary",
    "service_at_locations_matching",
    "service_summary",
    "services_matching",
]
