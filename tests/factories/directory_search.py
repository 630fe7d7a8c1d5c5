"""factory_boy factories for directory search: HSDS services, locations, schedules, needs.

Points are in York. `service_at(...)` makes a service delivered at one location;
`tag(service, *terms)` tags it with need terms the way an import does (an attribute,
and the term name in `search_text`).
"""

import datetime as dt

import factory

from locality.directory import models as m
from locality.places.models import Postcode

YORK_MINSTER = (53.9623, -1.0819)  # YO1 7HH
ACOMB = (53.9555, -1.1290)  # about 3.2 km west of the Minster
HAXBY = (54.0160, -1.0740)  # about 6 km north


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Taxonomy
        django_get_or_create = ("id",)

    id = "needs-taxonomy"
    name = "Locality needs"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TaxonomyTerm

    id = factory.Sequence(lambda n: f"term-{n:04d}")
    code = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    name = factory.Sequence(lambda n: f"Need {n}")
    taxonomy = factory.SubFactory(TaxonomyFactory)
    parent = None


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organization

    id = factory.Sequence(lambda n: f"org-{n:04d}")
    name = factory.Sequence(lambda n: f"York Voluntary Group {n}")


def _search_text(service) -> str:
    parts = [service.name, service.description]
    if service.organization is not None:
        parts.append(service.organization.name)
    return " ".join(p for p in parts if p)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Service

    id = factory.Sequence(lambda n: f"svc-{n:04d}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A friendly local service."
    organization = factory.SubFactory(OrganizationFactory)
    status = "active"
    search_text = factory.LazyAttribute(_search_text)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Location

    id = factory.Sequence(lambda n: f"loc-{n:04d}")
    name = factory.Sequence(lambda n: f"Community Centre {n}")
    latitude = YORK_MINSTER[0]
    longitude = YORK_MINSTER[1]


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ServiceAtLocation

    id = factory.Sequence(lambda n: f"sal-{n:04d}")
    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Address

    id = factory.Sequence(lambda n: f"addr-{n:04d}")
    location = factory.SubFactory(LocationFactory)
    address_1 = factory.Sequence(lambda n: f"{n + 1} High Petergate")
    city = "York"
    postal_code = "YO1 7HH"
    country = "GB"
    address_type = "physical"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Phone

    id = factory.Sequence(lambda n: f"phone-{n:04d}")
    number = factory.Sequence(lambda n: f"01904 {100000 + n}")


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Schedule

    id = factory.Sequence(lambda n: f"sched-{n:04d}")
    freq = "WEEKLY"
    byday = "MO,WE"
    opens_at = dt.time(10, 0)
    closes_at = dt.time(14, 0)


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.CostOption

    id = factory.Sequence(lambda n: f"cost-{n:04d}")
    amount = 0
    currency = "GBP"


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Attribute

    id = factory.Sequence(lambda n: f"attr-{n:04d}")
    link_entity = "service"
    link_type = "service"


class PostcodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = "YO1 7HH"
    latitude = YORK_MINSTER[0]
    longitude = YORK_MINSTER[1]
    lsoa_code = "E01013346"


def service_at(point=YORK_MINSTER, *, location_confidential=False, **service_fields):
    """A service delivered at one location (with an address) at `point`."""
    service = ServiceFactory(**service_fields)
    location = LocationFactory(
        latitude=point[0], longitude=point[1], confidential=location_confidential
    )
    AddressFactory(location=location)
    ServiceAtLocationFactory(service=service, location=location)
    return service


def tag(service, *terms) -> None:
    """Tag a service with need terms, as an import (and `derived.refresh`) would."""
    for term in terms:
        AttributeFactory(link_id=service.id, taxonomy_term=term)
    service.search_text = " ".join([service.search_text, *(t.name for t in terms)])
    service.save(update_fields=["search_text"])


def sal_of(service) -> m.ServiceAtLocation:
    return service.service_at_locations.get()
