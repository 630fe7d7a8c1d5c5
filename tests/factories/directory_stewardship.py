"""factory_boy factories for the directory's HSDS models and its stewardship queues.

Services are built from the HSDS models directly (not through an import), active and
confirmed today unless a test says otherwise. Ids are HSDS-style UUID strings.
"""

import uuid

import factory
from django.utils import timezone

from locality.directory import models as m


def _hsds_id() -> str:
    return str(uuid.uuid4())


class HsdsFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    id = factory.LazyFunction(_hsds_id)


class OrganizationFactory(HsdsFactory):
    class Meta:
        model = m.Organization

    name = factory.Sequence(lambda n: f"Community Organisation {n}")


class ServiceFactory(HsdsFactory):
    class Meta:
        model = m.Service

    name = factory.Sequence(lambda n: f"Service {n}")
    organization = factory.SubFactory(OrganizationFactory)
    description = "A weekly activity for local people."
    status = m.Service.Status.ACTIVE
    assured_date = factory.LazyFunction(timezone.localdate)
    source = "council"


class LocationFactory(HsdsFactory):
    class Meta:
        model = m.Location

    name = factory.Sequence(lambda n: f"Community centre {n}")
    latitude = 53.9576
    longitude = -1.1160


class ServiceAtLocationFactory(HsdsFactory):
    class Meta:
        model = m.ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class PhoneFactory(HsdsFactory):
    class Meta:
        model = m.Phone

    service = factory.SubFactory(ServiceFactory)
    number = "01904 551234"


class ContactFactory(HsdsFactory):
    class Meta:
        model = m.Contact

    service = factory.SubFactory(ServiceFactory)
    name = "Sam Organiser"
    email = "sam@example.org"


class ScheduleFactory(HsdsFactory):
    class Meta:
        model = m.Schedule

    service = factory.SubFactory(ServiceFactory)
    description = "Tuesdays, 12pm to 2pm"


class TaxonomyTermFactory(HsdsFactory):
    class Meta:
        model = m.TaxonomyTerm

    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Term {n}")


class AttributeFactory(HsdsFactory):
    class Meta:
        model = m.Attribute

    link_id = factory.LazyAttribute(lambda o: o.service.id)
    link_entity = "service"
    taxonomy_term = factory.SubFactory(TaxonomyTermFactory)

    class Params:
        service = None


def service_at(latitude: float, longitude: float, **service_fields) -> m.Service:
    """A service delivered at one location at this point."""
    service = ServiceFactory(**service_fields)
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(latitude=latitude, longitude=longitude)
    )
    return service


class AssetSuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.AssetSuggestion

    name = factory.Sequence(lambda n: f"Community garden {n}")
    description = "A shared garden where anyone can grow vegetables."
    address = "Back of St Barnabas church, Jubilee Terrace"
    postcode = "YO26 5DY"
    when = "Saturdays, 10am to 1pm"
    suggested_by_name = "Pat Resident"
    suggested_by_email = "pat@example.com"


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    """A pair to review; pass `pair=(a, b)` in any order, they are stored in id order."""

    class Meta:
        model = m.DuplicateCandidate
        exclude = ["pair"]

    pair = factory.LazyFunction(lambda: (ServiceFactory(), ServiceFactory()))
    first = factory.LazyAttribute(lambda o: min(o.pair, key=lambda s: s.id))
    second = factory.LazyAttribute(lambda o: max(o.pair, key=lambda s: s.id))
    score = 0.78
    reasons = factory.LazyFunction(lambda: ["names 89% alike", "same phone number"])
