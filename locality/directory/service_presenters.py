"""One service, shaped for its public page. Reads only; confidential locations left out."""

import datetime as dt

from django.db.models import Prefetch

from locality.directory import models as m
from locality.directory import schedule_utils as sched
from locality.directory.need_catalogue import need_catalogue, need_names_by_service
from locality.directory.search_presenters import (
    address_text,
    ages_text,
    assurance_text,
    cost_text,
    map_data,
)

# What each location shows, read for all the service's locations at once (a query each,
# not a query each per location). A location's own schedules are read only when needed.
LOCATION_PREFETCH = (
    "schedules",
    "phones",
    "location__phones",
    Prefetch("location__addresses", queryset=m.Address.objects.order_by("id")),
    Prefetch("location__accessibility", queryset=m.Accessibility.objects.order_by("id")),
)


def service_page(service: m.Service, *, now: dt.datetime) -> dict:
    """Everything the service page shows, as plain values."""
    sals = list(
        service.service_at_locations.filter(location__isnull=False, location__confidential=False)
        .select_related("location")
        .prefetch_related(*LOCATION_PREFETCH)
        .order_by("location__name", "id")
    )
    own_schedules = list(service.schedules.filter(service_at_location__isnull=True))
    locations = [_location(sal, own_schedules) for sal in sals]
    all_schedules = own_schedules + [s for loc in locations for s in loc.pop("schedule_objects")]
    cost_options = list(service.cost_options.order_by("amount", "id"))
    return {
        "service": service,
        "organisation": service.organization,
        "needs": need_names_by_service([service.id], need_catalogue()).get(service.id, []),
        "opening": sched.opening_text(sched.next_opening(all_schedules, now), now),
        "schedules": [sched.schedule_text(s) for s in own_schedules],
        "locations": locations,
        "phones": _phones(service.phones.all()),
        "contacts": [
            _contact(c) for c in service.contacts.order_by("name", "id").prefetch_related("phones")
        ],
        "cost": cost_text(service, cost_options),
        "cost_options": [_cost_option(o) for o in cost_options],
        "ages": ages_text(service),
        "languages": [lang.name or lang.code for lang in service.languages.order_by("name")],
        "documents": [d.document for d in service.required_documents.order_by("document")],
        "assurance": assurance_text(service),
        "map": map_data(_map_rows(service, locations), None),
    }


def _location(sal: m.ServiceAtLocation, own_schedules) -> dict:
    location = sal.location
    schedules = list(sal.schedules.all()) or own_schedules or list(location.schedules.all())
    return {
        "name": location.name,
        "addresses": [address_text(a) for a in location.addresses.all()],
        "description": sal.description or location.description,
        "transportation": location.transportation,
        "schedules": [sched.schedule_text(s) for s in schedules if s not in own_schedules],
        "schedule_objects": [s for s in schedules if s not in own_schedules],
        "phones": _phones(list(sal.phones.all()) + list(location.phones.all())),
        "accessibility": [
            a.description or a.accessibility or a.details for a in location.accessibility.all()
        ],
        "latitude": location.latitude,
        "longitude": location.longitude,
    }


def _phones(phones) -> list[str]:
    out = []
    for phone in phones:
        text = phone.number + (f" extension {phone.extension}" if phone.extension else "")
        if phone.description:
            text += f" ({phone.description})"
        if text not in out:
            out.append(text)
    return out


def _contact(contact: m.Contact) -> dict:
    return {
        "name": contact.name,
        "title": contact.title,
        "department": contact.department,
        "email": contact.email,
        "phones": _phones(contact.phones.all()),
    }


def _cost_option(option: m.CostOption) -> str:
    money = "Free" if option.amount == 0 else (f"£{option.amount:,.2f}" if option.amount else "")
    words = [w for w in (option.option, option.amount_description) if w]
    return ": ".join(p for p in (", ".join(words), money) if p)


def _map_rows(service: m.Service, locations) -> list[dict]:
    return [
        {"point": (loc["latitude"], loc["longitude"]), "name": loc["name"] or service.name,
         "url": "", "address": (loc["addresses"] or [""])[0]}
        for loc in locations
        if loc["latitude"] is not None and loc["longitude"] is not None
    ]  # fmt: skip
