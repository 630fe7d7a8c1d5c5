"""The public Open Referral UK v3 API at /oruk/ (locality.directory.oruk_api).

Responses are checked against the official ORUK schemas; filters one at a time and together;
confidential services and locations never published; open CORS; errors as JSON.
"""

import datetime as dt
import json

import pytest

from locality.directory import models as m
from locality.directory.feeds.schemas import validator_for
from locality.directory.geo_utils import haversine_m
from locality.places.models import Postcode
from locality.places.postcodes import postcode_point
from tests.factories.directory import (
    AttributeFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAreaFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
    full_service,
)

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
    "contents",
}  # fmt: skip
METRES_PER_DEGREE_LAT = 111_195.0


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def ids(client, url: str) -> list[str]:
    return [item["id"] for item in get_json(client, url)["contents"]]


def schema_errors(name: str, doc) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator_for(name).iter_errors(doc)]


def detail_urls(service) -> list[str]:
    sal = service.service_at_locations.get()
    term = m.Attribute.objects.get(link_id=service.id).taxonomy_term
    return [
        f"/oruk/services/{service.id}",
        f"/oruk/service_at_locations/{sal.id}",
        f"/oruk/taxonomies/{term.taxonomy_id}",
        f"/oruk/taxonomy_terms/{term.id}",
    ]


@pytest.fixture(autouse=True)
def york_postcode(db):
    """The postcode the place filters measure from (its ONS / Code-Point Open centroid)."""
    return Postcode.objects.create(postcode="YO1 7HH", latitude=53.961555, longitude=-1.081902)


LIST_URLS = ["/oruk/services", "/oruk/service_at_locations", "/oruk/taxonomies",
             "/oruk/taxonomy_terms"]  # fmt: skip


# --- the root ----------------------------------------------------------------------------


def test_oruk_root_names_version_profile_and_openapi(client):
    body = get_json(client, "/oruk/")
    assert body == {
        "version": "3.0",
        "profile": "https://openreferraluk.org/developers/specifications",
        "openapi_url": "http://testserver/oruk/openapi.json",
    }
    openapi = get_json(client, body["openapi_url"].removeprefix("http://testserver"))
    assert {p.removeprefix("/oruk") for p in openapi["paths"]} == {
        "/", "/services", "/services/{id}", "/service_at_locations",
        "/service_at_locations/{id}", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }  # fmt: skip
    operation = openapi["paths"]["/oruk/services"]["get"]
    assert operation["operationId"] == "getPaginatedListOfServices"
    assert {"search", "page", "per_page", "day", "taxonomy_term_id"} <= {
        p["name"] for p in operation["parameters"]
    }


# --- the official schemas ----------------------------------------------------------------


def test_oruk_service_list_page_validates_against_the_schema(client):
    for _ in range(12):
        full_service()
    body = get_json(client, "/oruk/services?page=1&per_page=10")
    assert schema_errors("service_list", body) == []
    assert body["size"] == 10
    assert set(body["contents"][0]) >= {"id", "name", "status", "organization"}
    assert "service_at_locations" not in body["contents"][0]  # one-to-one fields only


def test_oruk_service_detail_is_fully_nested_and_validates(client):
    service = full_service()
    body = get_json(client, f"/oruk/services/{service.id}")
    assert schema_errors("service", body) == []
    assert set(body) >= {
        "organization", "phones", "schedules", "service_areas", "service_at_locations",
        "languages", "funding", "cost_options", "required_documents", "contacts",
        "attributes", "metadata",
    }  # fmt: skip
    location = body["service_at_locations"][0]["location"]
    assert {"addresses", "accessibility"} <= set(location)
    assert body["attributes"][0]["taxonomy_term"]["name"]
    assert body["organization"]["organization_identifiers"][0]["identifier"] == "1234567"


def test_oruk_service_at_location_list_and_detail_validate(client):
    service = full_service()
    full_service()
    page = get_json(client, "/oruk/service_at_locations?per_page=10")
    assert schema_errors("service_at_location_list", page) == []
    assert page["contents"][0]["service"]["organization"]["name"]
    sal = service.service_at_locations.get()
    body = get_json(client, f"/oruk/service_at_locations/{sal.id}")
    assert schema_errors("service_at_location", body) == []
    assert body["location"]["addresses"][0]["postal_code"] == "YO1 7HH"
    assert body["service"]["id"] == service.id
    assert body["service"]["schedules"]
    assert body["schedules"][0]["byday"] == "TU,TH"


def test_oruk_taxonomy_endpoints_validate(client):
    service = full_service()
    term = m.Attribute.objects.get(link_id=service.id).taxonomy_term
    TaxonomyTermFactory(taxonomy=term.taxonomy, parent=term)
    assert schema_errors("taxonomy_list", get_json(client, "/oruk/taxonomies")) == []
    assert schema_errors("taxonomy_term_list", get_json(client, "/oruk/taxonomy_terms")) == []
    taxonomy = get_json(client, f"/oruk/taxonomies/{term.taxonomy_id}")
    assert schema_errors("taxonomy", taxonomy) == []
    assert len(taxonomy["taxonomy_terms"]) == 2
    body = get_json(client, f"/oruk/taxonomy_terms/{term.id}")
    assert schema_errors("taxonomy_term", body) == []
    assert body["taxonomy_id"] == term.taxonomy_id


# --- pagination --------------------------------------------------------------------------


def _five_services():
    return [ServiceFactory() for _ in range(5)]


def _five_service_at_locations():
    return [ServiceAtLocationFactory() for _ in range(5)]


def _five_taxonomies():
    return [TaxonomyFactory() for _ in range(5)]


def _five_terms():
    taxonomy = TaxonomyFactory()
    return [TaxonomyTermFactory(taxonomy=taxonomy) for _ in range(5)]


@pytest.mark.parametrize(
    "url,build",
    [
        ("/oruk/services", _five_services),
        ("/oruk/service_at_locations", _five_service_at_locations),
        ("/oruk/taxonomies", _five_taxonomies),
        ("/oruk/taxonomy_terms", _five_terms),
    ],
)
def test_oruk_list_pagination_fields(client, url, build):
    made = {obj.id for obj in build()}
    pages = [get_json(client, f"{url}?per_page=2&page={n}") for n in (1, 2, 3, 4)]
    header = {k: v for k, v in pages[0].items() if k != "contents"}
    assert set(pages[0]) == PAGE_KEYS
    assert header == {
        "total_items": 5, "total_pages": 3, "page_number": 1, "size": 2, "first_page": True,
        "last_page": False, "empty": False,
    }  # fmt: skip
    assert (pages[1]["page_number"], pages[1]["first_page"], pages[1]["last_page"]) == (2, 0, 0)
    assert (pages[2]["size"], pages[2]["last_page"], pages[2]["empty"]) == (1, True, False)
    assert (pages[3]["size"], pages[3]["empty"], pages[3]["contents"]) == (0, True, [])
    seen = [item["id"] for page in pages for item in page["contents"]]
    assert sorted(seen) == sorted(made)


@pytest.mark.parametrize("url", LIST_URLS)
def test_oruk_list_of_nothing_is_an_empty_page(client, url):
    body = get_json(client, url)
    assert body == {
        "total_items": 0, "total_pages": 0, "page_number": 1, "size": 0, "first_page": True,
        "last_page": True, "empty": True, "contents": [],
    }  # fmt: skip


def test_oruk_list_default_page_size_is_50(client):
    for _ in range(51):
        ServiceFactory()
    first = get_json(client, "/oruk/services")
    assert (first["size"], first["total_pages"], first["last_page"]) == (50, 2, False)
    assert get_json(client, "/oruk/services?page=2")["size"] == 1
    assert get_json(client, "/oruk/services?per_page=200")["size"] == 51


# --- filters on /services -----------------------------------------------------------------


def test_oruk_search_matches_every_word_in_name_description_or_organisation(client):
    food = ServiceFactory(name="Food bank", description="Emergency parcels")
    debt = ServiceFactory(name="Debt advice", organization__name="Citizens Advice York")
    assert ids(client, "/oruk/services?search=food") == [food.id]
    assert ids(client, "/oruk/services?search=PARCELS%20emergency") == [food.id]
    assert ids(client, "/oruk/services?search=citizens") == [debt.id]
    assert ids(client, "/oruk/services?search=food%20debt") == []


def test_oruk_taxonomy_term_and_taxonomy_filters(client):
    needs, other = TaxonomyFactory(), TaxonomyFactory()
    housing, money = TaxonomyTermFactory(taxonomy=needs), TaxonomyTermFactory(taxonomy=needs)
    elsewhere = TaxonomyTermFactory(taxonomy=other)
    a = AttributeFactory(taxonomy_term=housing).link_id
    b = AttributeFactory(taxonomy_term=money).link_id
    c = AttributeFactory(taxonomy_term=elsewhere).link_id
    ServiceFactory()  # no terms
    assert ids(client, f"/oruk/services?taxonomy_term_id={housing.id}") == [a]
    assert sorted(ids(client, f"/oruk/services?taxonomy_id={needs.id}")) == sorted([a, b])
    assert ids(client, f"/oruk/services?taxonomy_id={other.id}") == [c]
    assert ids(client, "/oruk/services?taxonomy_term_id=no-such-term") == []


def test_oruk_age_filters_keep_services_whose_age_band_lies_within(client):
    kids = ServiceFactory(minimum_age=0, maximum_age=11).id
    teens = ServiceFactory(minimum_age=11, maximum_age=18).id
    young_adults = ServiceFactory(minimum_age=16, maximum_age=25).id
    adults = ServiceFactory(minimum_age=18).id
    everyone = ServiceFactory().id

    def found(query):
        return sorted(ids(client, f"/oruk/services?{query}"))

    assert found("minimum_age=11") == sorted([teens, young_adults, adults])
    assert found("maximum_age=18") == sorted([kids, teens])
    assert found("minimum_age=11&maximum_age=18") == [teens]
    assert found("minimum_age=0") == sorted([kids, teens, young_adults, adults, everyone])
    assert found("minimum_age=16.5") == [adults]


def test_oruk_day_and_time_filters_find_sessions_inside_the_window(client):
    monday_morning = ScheduleFactory(byday="MO", opens_at=dt.time(9), closes_at=dt.time(12))
    tuesday_evening = ScheduleFactory(byday="TU", opens_at=dt.time(18), closes_at=dt.time(20))
    daily = ScheduleFactory(freq="DAILY", byday="", opens_at=dt.time(10), closes_at=dt.time(16))
    sal = ServiceAtLocationFactory()
    thursday_at_hall = ScheduleFactory(
        service=None, service_at_location=sal, byday="1TH,3TH", closes_at=dt.time(17)
    )
    ServiceFactory()  # no schedule
    mon, tue, every = (s.service_id for s in (monday_morning, tuesday_evening, daily))
    thu = thursday_at_hall.service_at_location.service_id

    def found(query):
        return sorted(ids(client, f"/oruk/services?{query}"))

    assert found("day=MO") == sorted([mon, every])
    assert found("day=monday") == found("day=Mon") == found("day=MO")
    assert found("day=TH") == sorted([every, thu])
    assert found("start_time=17:00") == [tue]
    assert found("end_time=12:00") == [mon]
    assert found("day=MO&start_time=08:00&end_time=13:00") == [mon]
    assert found("day=TU&start_time=08:00&end_time=17:00") == [every]
    assert found("day=TU&start_time=08:00&end_time=15:00") == []


def test_oruk_modified_after_reads_last_modified_and_locality_updates(client):
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    stale = ServiceFactory(last_modified=old)
    changed_at_source = ServiceFactory(last_modified=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    m.Service.objects.filter(id__in=[stale.id, changed_at_source.id]).update(updated_at=old)
    edited_here = ServiceFactory()  # updated_at is now

    assert sorted(ids(client, "/oruk/services?modified_after=2025-01-01T00:00:00Z")) == sorted(
        [changed_at_source.id, edited_here.id]
    )
    assert changed_at_source.id in ids(
        client, "/oruk/services?modified_after=2025-06-01T01:00:00%2B01:00"
    )
    assert ids(client, "/oruk/services?modified_after=2025-06-02") == [edited_here.id]


def test_oruk_two_filters_combine_with_and(client):
    term = TaxonomyTermFactory()
    ServiceFactory(name="Lunch club")  # search only
    AttributeFactory(taxonomy_term=term, service__name="Warm space")  # term only
    both = AttributeFactory(taxonomy_term=term, service__name="Lunch and warm space").link_id
    assert len(ids(client, "/oruk/services?search=lunch")) == 2
    assert len(ids(client, f"/oruk/services?taxonomy_term_id={term.id}")) == 2
    assert ids(client, f"/oruk/services?search=lunch&taxonomy_term_id={term.id}") == [both]

    ScheduleFactory(service__minimum_age=65, byday="WE")  # age only
    ScheduleFactory(service__minimum_age=0, byday="FR")  # day only
    older_friday = ScheduleFactory(service__minimum_age=60, byday="FR").service_id
    assert ids(client, "/oruk/services?minimum_age=60&day=FR") == [older_friday]


# --- filters on /service_at_locations -----------------------------------------------------


def _location_north_of(point, metres: float, **kwargs):
    lat, lon = point
    return LocationFactory(latitude=lat + metres / METRES_PER_DEGREE_LAT, longitude=lon, **kwargs)


def test_oruk_proximity_keeps_locations_within_metres_of_the_postcode(client):
    point = postcode_point("YO1 7HH")
    near, mid, far = (
        ServiceAtLocationFactory(location=_location_north_of(point, metres)).id
        for metres in (100, 1500, 10_000)
    )
    nowhere = ServiceAtLocationFactory(location__latitude=None, location__longitude=None).id
    base = "/oruk/service_at_locations?postcode=YO1%207HH"
    assert ids(client, f"{base}&proximity=1000") == [near]
    assert ids(client, f"{base}&proximity=2000") == [near, mid]
    assert ids(client, "/oruk/service_at_locations?postcode=yo17hh&proximity=1000") == [near]
    assert ids(client, base) == [near, mid, far, nowhere]  # nearest first
    location = m.Location.objects.get(service_at_locations__id=mid)
    assert 1490 < haversine_m(*point, location.latitude, location.longitude) < 1510


def _square_around(point, half_degrees: float) -> str:
    lat, lon = point
    ring = [
        [lon - half_degrees, lat - half_degrees], [lon + half_degrees, lat - half_degrees],
        [lon + half_degrees, lat + half_degrees], [lon - half_degrees, lat + half_degrees],
        [lon - half_degrees, lat - half_degrees],
    ]  # fmt: skip
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def test_oruk_postcode_drops_services_whose_area_does_not_cover_it(client):
    point = postcode_point("YO1 7HH")
    covering = ServiceAtLocationFactory()
    ServiceAreaFactory(service=covering.service, extent_type="geojson",
                       extent=_square_around(point, 0.05))  # fmt: skip
    elsewhere = ServiceAtLocationFactory()
    ServiceAreaFactory(service=elsewhere.service, extent_type="geojson",
                       extent=_square_around((51.5, -0.12), 0.05))  # fmt: skip
    no_area = ServiceAtLocationFactory()
    found = ids(client, "/oruk/service_at_locations?postcode=YO1%207HH")
    assert sorted(found) == sorted([covering.id, no_area.id])
    assert len(ids(client, "/oruk/service_at_locations")) == 3


def test_oruk_service_at_locations_combine_service_and_place_filters(client):
    point = postcode_point("YO1 7HH")
    term = TaxonomyTermFactory()
    ServiceAtLocationFactory(location=_location_north_of(point, 50))  # near only
    far_tagged = ServiceAtLocationFactory(location=_location_north_of(point, 5000))
    AttributeFactory(service=far_tagged.service, taxonomy_term=term)  # term only
    both = ServiceAtLocationFactory(location=_location_north_of(point, 200))
    AttributeFactory(service=both.service, taxonomy_term=term)
    url = f"/oruk/service_at_locations?postcode=YO1%207HH&proximity=1000&taxonomy_term_id={term.id}"
    assert ids(client, url) == [both.id]
    assert len(ids(client, "/oruk/service_at_locations?postcode=YO1%207HH&proximity=1000")) == 2
    search = f"/oruk/service_at_locations?search={both.service.name.replace(' ', '%20')}"
    assert ids(client, search) == [both.id]


@pytest.mark.parametrize(
    "query,parameter",
    [("proximity=500", "proximity"), ("postcode=ZZ9%209ZZ", "postcode"),
     ("postcode=YO1%207HH&proximity=-1", "proximity"), ("postcode=not-one", "postcode")],
)  # fmt: skip
def test_oruk_bad_place_parameters_are_400(client, query, parameter):
    body = get_json(client, f"/oruk/service_at_locations?{query}", status=400)
    assert parameter in body["detail"]


# --- confidentiality ---------------------------------------------------------------------


@pytest.fixture
def directory_with_secrets():
    """A refuge (confidential service), a service at a confidential address, a public one."""
    refuge = ServiceAtLocationFactory(service__name="Refuge", service__confidential=True)
    ScheduleFactory(service=refuge.service, byday="SA")
    hidden_place = LocationFactory(name="Secret safe house", confidential=True)
    outreach = ServiceAtLocationFactory(service__name="Outreach", location=hidden_place)
    ScheduleFactory(service=None, service_at_location=outreach, byday="SU")
    public = ServiceAtLocationFactory(service=outreach.service)
    return refuge, outreach, public


def test_oruk_confidential_services_and_locations_are_never_listed(client, directory_with_secrets):
    refuge, outreach, public = directory_with_secrets
    assert ids(client, "/oruk/services") == [outreach.service_id]
    assert ids(client, "/oruk/service_at_locations") == [public.id]
    assert ids(client, "/oruk/services?search=refuge") == []
    assert ids(client, "/oruk/services?day=SA") == []
    assert ids(client, "/oruk/services?day=SU") == []  # only the hidden location runs Sundays
    detail = get_json(client, f"/oruk/services/{outreach.service_id}")
    assert [sal["id"] for sal in detail["service_at_locations"]] == [public.id]
    urls = [*LIST_URLS[:2], f"/oruk/services/{public.service_id}"]
    urls.append(f"/oruk/service_at_locations/{public.id}")
    secrets = [refuge.service_id, refuge.id, outreach.id, outreach.location_id]
    secrets += ["Secret safe house", "Refuge"]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in body, f"{url} shows {secret}"


def test_oruk_confidential_location_of_the_organisation_is_not_nested(client):
    sal = ServiceAtLocationFactory()
    LocationFactory(name="Safe house", confidential=True, organization=sal.service.organization)
    LocationFactory(name="Head office", organization=sal.service.organization)
    for url in (f"/oruk/services/{sal.service_id}", f"/oruk/service_at_locations/{sal.id}"):
        body = get_json(client, url)
        organization = (
            body["organization"] if "services/" in url else body["service"]["organization"]
        )
        assert [loc["name"] for loc in organization["locations"]] == ["Head office"]
        assert "Safe house" not in json.dumps(body)


def test_oruk_confidential_ids_answer_404(client, directory_with_secrets):
    refuge, outreach, _public = directory_with_secrets
    get_json(client, f"/oruk/services/{refuge.service_id}", status=404)
    get_json(client, f"/oruk/service_at_locations/{refuge.id}", status=404)
    get_json(client, f"/oruk/service_at_locations/{outreach.id}", status=404)


# --- CORS, errors, empty fields -----------------------------------------------------------


def test_oruk_every_response_allows_any_origin(client):
    service = full_service()
    urls = ["/oruk/", *LIST_URLS, *detail_urls(service), "/oruk/openapi.json", "/oruk/docs",
            "/oruk/services/unknown", "/oruk/services?per_page=0"]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response["Access-Control-Allow-Origin"] == "*", url
    assert client.post("/oruk/services")["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "url", ["/oruk/", *LIST_URLS, "/oruk/services/any-id", "/oruk/openapi.json"]
)
def test_oruk_answers_the_cors_preflight(client, url):
    response = client.options(
        url,
        HTTP_ORIGIN="https://finder.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Accept" in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("value", ["0", "201", "-5", "abc", "1.5", ""])
@pytest.mark.parametrize("url", LIST_URLS)
def test_oruk_bad_per_page_is_400_naming_it(client, url, value):
    body = get_json(client, f"{url}?per_page={value}", status=400)
    assert "per_page" in body["detail"]


@pytest.mark.parametrize("query,parameter", [
    ("page=0", "page"), ("page=x", "page"), ("page=99999999999", "page"),
    ("minimum_age=old", "minimum_age"),
    ("day=someday", "day"), ("start_time=25:00", "start_time"),
    ("modified_after=yesterday", "modified_after"),
])  # fmt: skip
def test_oruk_other_bad_parameters_are_400_naming_them(client, query, parameter):
    body = get_json(client, f"/oruk/services?{query}", status=400)
    assert body["detail"].startswith(f"Invalid query parameter {parameter}")


@pytest.mark.parametrize("kind", ["services", "service_at_locations", "taxonomies",
                                  "taxonomy_terms"])  # fmt: skip
def test_oruk_unknown_id_is_404_json(client, kind):
    body = get_json(client, f"/oruk/{kind}/3f1d9a52-0000-4000-8000-000000000000", status=404)
    assert "3f1d9a52-0000-4000-8000-000000000000" in body["detail"]


def _empty_values(node, path="$"):
    if node is None or node == "" or node == [] or node == {}:
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _empty_values(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _empty_values(value, f"{path}[{index}]")


def test_oruk_responses_omit_empty_fields(client):
    service = full_service()
    ServiceFactory(description="", organization=None)  # sparse, but still listed
    for url in ["/oruk/", *LIST_URLS, *detail_urls(service)]:
        assert list(_empty_values(get_json(client, url))) == [], url
