"""factory_boy factories for the HSDS directory models (`locality.directory.models`).

Ids are deterministic UUIDs, as HSDS wants. The defaults fill every field the ORUK schemas
require, so a service built here validates; `full_service()` builds one with every kind of
nested object. Services are built as the importer leaves them: `search_text` filled, and
`confidential` only where a test asks for it.
"""

import datetime as dt
import uuid

import factory

from locality.directory import models as m

ID_NAMESPACE = uuid.UUID("6f1c1b8e-3c3a-4b7e-9a51-8f0e2d0c4a10")
YORK_MINSTER = (53.962_03, -1.082_06)


def hsds_id(kind: str):
    return factory.Sequence(lambda n: str(uuid.uuid5(ID_NAMESPACE, f"{kind}-{n}")))


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Taxonomy

    id = hsds_id("taxonomy")
    name = factory.Sequence(lambda n: f"Taxonomy {n}")
    description = "A vocabulary of needs."
    uri = "https://example.org/taxonomy"
    version = "1.0"


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TaxonomyTerm

    id = hsds_id("taxonomy_term")
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Term {n}")
    description = "A need."
    taxonomy = factory.SubFactory(TaxonomyFactory)
    taxonomy_name = factory.SelfAttribute("taxonomy.name")


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An HSDS organization (not `governance.Organisation`)."""

    class Meta:
        model = m.Organization

    id = hsds_id("organization")
    name = factory.Sequence(lambda n: f"York Community Trust {n}")
    description = "A charity in York."
    website = "https://example.org"


def _search_text(service) -> str:
    organisation = service.organization.name if service.organization else ""
    parts = [
        service.name,
        getattr(service, "alternate_name", ""),
        service.description,
        organisation,
    ]
    return " ".join(p for p in parts if p)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Service

    id = hsds_id("service")
    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A service for people in York."
    status = m.Service.Status.ACTIVE
    search_text = factory.LazyAttribute(_search_text)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Location

    id = hsds_id("location")
    location_type = "physical"
    name = factory.Sequence(lambda n: f"Community hall {n}")
    latitude = YORK_MINSTER[0]
    longitude = YORK_MINSTER[1]


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ServiceAtLocation

    id = hsds_id("service_at_location")
    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Address

    id = hsds_id("address")
    location = factory.SubFactory(LocationFactory)
    address_1 = "1 Deangate"
    city = "York"
    state_province = "North Yorkshire"
    postal_code = "YO1 7HH"
    country = "GB"
    address_type = "physical"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Schedule

    id = hsds_id("schedule")
    service = factory.SubFactory(ServiceFactory)
    freq = "WEEKLY"
    byday = "MO"
    opens_at = dt.time(9, 0)
    closes_at = dt.time(12, 0)


class AttributeFactory(factory.django.DjangoModelFactory):
    """An attribute linking a service (by default) to a taxonomy term."""

    class Meta:
        model = m.Attribute

    id = hsds_id("attribute")
    link_id = factory.LazyAttribute(lambda o: o.service.id)
    link_entity = "service"
    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)

    class Params:
        service = factory.SubFactory(ServiceFactory)


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ServiceArea

    id = hsds_id("service_area")
    service = factory.SubFactory(ServiceFactory)
    name = "City of York"


class PhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Phone

    id = hsds_id("phone")
    number = "01904 000000"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Contact

    id = hsds_id("contact")
    name = "Reception"
    email = "hello@example.org"


def full_service(**kwargs) -> m.Service:
    """A service with one of every nested object the ORUK compiled service schema names."""
    service = ServiceFactory(
        url="https://example.org/service",
        email="service@example.org",
        minimum_age=18,
        maximum_age=65,
        assured_date=dt.date(2025, 1, 31),
        last_modified=dt.datetime(2025, 2, 1, 10, 0, tzinfo=dt.UTC),
        **kwargs,
    )
    m.OrganizationIdentifier.objects.create(
        id=str(uuid.uuid5(ID_NAMESPACE, f"org-identifier-{service.id}")),
        organization=service.organization,
        identifier_scheme="GB-CHC",
        identifier_type="Charity number",
        identifier="1234567",
    )
    sal = ServiceAtLocationFactory(service=service)
    AddressFactory(location=sal.location)
    m.Accessibility.objects.create(
        id=str(uuid.uuid5(ID_NAMESPACE, f"accessibility-{service.id}")),
        location=sal.location,
        description="Step-free entrance",
    )
    ScheduleFactory(service=service)
    ScheduleFactory(service=None, service_at_location=sal, byday="TU,TH")
    ServiceAreaFactory(service=service)
    PhoneFactory(service=service)
    contact = ContactFactory(service=service)
    PhoneFactory(contact=contact)
    _one_of_each_more(service)
    AttributeFactory(service=service)
    return service


def _one_of_each_more(service) -> None:
    def new_id(kind: str) -> str:
        return str(uuid.uuid5(ID_NAMESPACE, f"{kind}-{service.id}"))

    m.Language.objects.create(id=new_id("language"), service=service, name="English", code="en")
    m.Funding.objects.create(id=new_id("funding"), service=service, source="City of York Council")
    m.CostOption.objects.create(
        id=new_id("cost_option"), service=service, option="Free", amount=0, currency="GBP"
    )
    m.RequiredDocument.objects.create(
        id=new_id("required_document"), service=service, document="Proof of address"
    )
    m.Metadata.objects.create(
        id=new_id("metadata"),
        resource_id=service.id,
        resource_type="service",
        last_action_date=dt.date(2025, 2, 1),
        last_action_type="create",
    )
