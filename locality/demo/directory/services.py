"""One directory entry: a template drawn at a place becomes a nested HSDS 3.0 service with its
organisation, venues (service-at-locations with schedules), service area, phones, languages,
costs, contacts and taxonomy attributes.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from locality.demo.directory.naming import name_for, names_exhausted, slug
from locality.demo.directory.organisations import Org, org_for, org_json
from locality.demo.directory.schedules import schedules
from locality.demo.directory.service_details import (
    cost_options,
    dates,
    eligibility,
    languages,
    phone,
    status,
)
from locality.demo.directory.taxonomy import service_attributes
from locality.demo.directory.venues import Venue, location, pick_venue
from locality.demo.directory.vocabulary import EMAIL_TLD, ONS_URI, PREFERRED_VENUE

if TYPE_CHECKING:
    from locality.demo.directory.places import Place
    from locality.demo.directory.state import Generator
    from locality.demo.directory.template import Template

CONTACT_TITLES = ("Service coordinator", "Duty worker", "Volunteer coordinator", "Reception")
INTERPRETERS = (
    "Interpreters, including British Sign Language, can be booked: tell us when you get in touch."
)
CONFIDENTIAL_ALERT = "Confidential address: contact by phone only."


def _site_count(rng: random.Random, template: Template, provider: str) -> int:
    """How many venues an in-person service uses; a local group meets in one place."""
    if provider.startswith(("faith", "local:")):
        return 1
    if template.sites == 1:
        return rng.choices((1, 2, 3), (75, 17, 8))[0]
    if template.sites == 2:
        return rng.choices((1, 2, 3), (40, 35, 25))[0]
    return 1


def _venues_for(
    gen: Generator, template: Template, place: Place, venue: Venue | None, provider: str
) -> list[Venue]:
    """The service's venues: ``venue`` or one near the place, then others in the same quarter."""
    rng = gen.rng
    kind = rng.choice(template.venues)
    if PREFERRED_VENUE.get(provider) in template.venues:
        kind = PREFERRED_VENUE[provider]  # e.g. a faith group meets in its own hall
    venues = [venue or pick_venue(gen, place, kind)]
    n_sites = _site_count(rng, template, provider)
    table = gen.quarter_tables[(place.city, place.quarter)]
    for _ in range(n_sites - 1):
        other = pick_venue(gen, table.pick(rng), rng.choice(template.venues))
        if all(other.id != v.id for v in venues):
            venues.append(other)
    return venues


def service_email(org: Org, template: Template, place: Place) -> str:
    """Big bodies give each service its own mailbox; small groups have one address."""
    if org.kind not in ("council", "nhs", "charity"):
        return org.email
    local = template.key if template.per_city else f"{template.key}.{slug(place.area)}"
    return f"{local}@{org.email.split('@')[1]}"


def service_area(gen: Generator, sid: str, template: Template, place: Place) -> dict:
    """The town for city-wide, online and phone services; else the ward, with its ONS URI."""
    citywide = template.per_city or template.mode != "in_person" or template.audience == "central"
    if citywide or not place.ward_code:
        area = {"id": gen.id(sid, "area"), "service_id": sid, "name": place.city,
                "description": f"Residents of {place.city}."}  # fmt: skip
        if gen.la_code and place.city == gen.default_city:
            area["uri"] = ONS_URI + gen.la_code
        return area
    return {"id": gen.id(sid, "area"), "service_id": sid, "name": place.ward_name,
            "description": f"Mainly for people living in and around {place.ward_name} "
            f"ward, {place.city}; others welcome.",
            "uri": ONS_URI + place.ward_code}  # fmt: skip


def _add_eligibility(gen: Generator, service: dict, template: Template) -> None:
    low, high = template.ages
    service["eligibility_description"] = eligibility(low, high)
    if low is not None:
        service["minimum_age"] = low
    if high is not None:
        service["maximum_age"] = high
    if gen.rng.random() < 0.1:
        service["interpretation_services"] = INTERPRETERS


def _main_fields(
    gen: Generator, sid: str, template: Template, place: Place, org: Org, name: str
) -> tuple[dict[str, Any], list[dict]]:
    """The service's own fields, in HSDS order up to ``phones``; and its cost options."""
    state, alert = ("active", "") if template.confidential else status(gen)
    assured, modified = dates(gen)
    costs, fees = cost_options(gen, sid, template)
    direct_line = org.kind in ("council", "nhs", "charity") and gen.rng.random() < 0.35
    number = (gen.spare_number() if direct_line else None) or org.phone
    service: dict[str, Any] = {
        "id": sid,
        "organization_id": org.id,
        "name": name,
        "description": template.description,
        "url": f"{org.website}{slug(name)}",
        "email": service_email(org, template, place),
        "status": state,
    }
    if alert:
        service["alert"] = alert
    service["application_process"] = template.access
    service["fees_description"] = fees
    _add_eligibility(gen, service, template)
    service["assured_date"] = assured
    service["assurer_email"] = f"directory@{slug(place.city)}.{EMAIL_TLD}"
    service["last_modified"] = modified
    service["phones"] = [phone(gen, sid, number, "Main number")]
    return service, costs


def _add_locations(
    gen: Generator, service: dict, index: int, template: Template, venues: list[Venue], org: Org
) -> None:
    """Service-at-locations with schedules; a virtual one online; none for phone services."""
    sid, name = service["id"], service["name"]
    if template.mode == "in_person":
        sals = []
        for k, site in enumerate(venues):
            sal_id = gen.id("service", index, "sal", k)
            sals.append({
                "id": sal_id,
                "service_id": sid,
                "location_id": site.id,
                "schedules": schedules(gen, template, sal_id, {"service_at_location_id": sal_id}),
                "location": location(gen, site),
            })  # fmt: skip
        service["service_at_locations"] = sals
        return
    service["schedules"] = schedules(gen, template, sid, {"service_id": sid})
    if template.mode != "online":
        service["service_at_locations"] = []
        return
    lid = gen.id("service", index, "virtual")
    service["service_at_locations"] = [{
        "id": gen.id("service", index, "sal", 0),
        "service_id": sid,
        "location_id": lid,
        "location": {"id": lid, "location_type": "virtual", "name": f"{name} (online)",
                     "url": f"{org.website}{slug(name)}/join"},
    }]  # fmt: skip


def _claim(gen: Generator, template: Template, org: Org, numbered_ok: bool) -> bool:
    """False if a local group already runs this kind of activity (on all but the last draw)."""
    if org.kind in ("community", "faith") and not numbered_ok:
        if (org.id, template.key) in gen.group_runs:
            return False
        gen.group_runs.add((org.id, template.key))
    return True


def entry(gen: Generator, index: int, template: Template, place: Place, venue: Venue | None,
          numbered_ok: bool = True) -> dict | None:  # fmt: skip
    """Entry ``index`` from the template at the place (at ``venue`` if given).

    None if the draw cannot give a fresh name or a local group would repeat itself: the
    caller draws again.
    """
    if not numbered_ok and venue is None and names_exhausted(gen, template, place):
        return None  # fail fast: no venue could give a fresh name
    sid = gen.id("service", index)
    provider = gen.rng.choice(template.providers)
    in_person = template.mode == "in_person"
    venues = _venues_for(gen, template, place, venue, provider) if in_person else []
    name = name_for(gen, template, place, venues[0] if venues else None, numbered_ok)
    if name is None:
        return None  # every good name is taken
    org = org_for(gen, provider, place, venues[0] if venues else None)
    if not _claim(gen, template, org, numbered_ok):
        return None
    gen.per_city[(template.key, place.city)] += 1
    gen.template_of[sid] = template
    gen.place_of[sid] = place
    service, costs = _main_fields(gen, sid, template, place, org, name)
    _add_locations(gen, service, index, template, venues, org)
    service["service_areas"] = [service_area(gen, sid, template, place)]
    service["languages"] = languages(gen, sid, template)
    service["organization"] = org_json(org)
    service["cost_options"] = costs
    if gen.rng.random() < 0.3:
        service["contacts"] = [{"id": gen.id(sid, "contact"), "service_id": sid,
                                "title": gen.rng.choice(CONTACT_TITLES)}]  # fmt: skip
    attributes = service_attributes(gen, sid, template)
    if template.confidential:
        service["alert"] = CONFIDENTIAL_ALERT
    service["attributes"] = attributes
    return service
