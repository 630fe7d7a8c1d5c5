"""Organisations: council teams, NHS bodies, GP practices, charities, faith and community
groups, each invented, with one main phone number, mailbox and web site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from locality.demo.directory.naming import slug
from locality.demo.directory.venues import pick_venue
from locality.demo.directory.vocabulary import (
    CHARITIES,
    COUNCIL_TEAMS,
    EMAIL_TLD,
    FAITH_GROUPS,
    NHS_BODIES,
    NOT_REAL,
    ORG_DESCRIPTIONS,
    SAINTS,
)

if TYPE_CHECKING:
    from locality.demo.directory.places import Place
    from locality.demo.directory.state import Generator
    from locality.demo.directory.venues import Venue


@dataclass
class Org:
    id: str
    kind: str
    name: str
    description: str
    email: str
    website: str
    phone: int


def _faith_name(gen: Generator, place: Place, venue: Venue | None) -> str:
    """The church that owns the hall, or a faith group of the area."""
    if venue and venue.church:
        church = venue.church
    else:
        church = gen.rng.choice(FAITH_GROUPS).format(saint=gen.rng.choice(SAINTS), area=place.area)
    return f"{church}, {place.area}" if church.startswith("St ") else church


def _identity(
    gen: Generator, kind: str, detail: str, place: Place, venue: Venue | None
) -> tuple[str, str, str]:
    """(kind, name, description) of the provider ``kind:detail`` for this place."""
    city = place.city
    if kind == "council":
        team = COUNCIL_TEAMS[detail]
        description = ORG_DESCRIPTIONS["council"].format(team=team, city=city)
        return kind, f"{city} Council {team}", description
    if kind == "nhs":
        name = NHS_BODIES[detail].format(city=city, quarter=place.quarter)
        return kind, name, ORG_DESCRIPTIONS["nhs"].format(city=city)
    if kind == "charity":
        name = CHARITIES[detail].format(city=city)
        return kind, name, ORG_DESCRIPTIONS["charity"].format(city=city)
    if kind == "gp":
        surgery = venue if venue and venue.kind == "gp-surgery" else None
        surgery = surgery or pick_venue(gen, place, "gp-surgery")
        return kind, surgery.name, ORG_DESCRIPTIONS["gp"].format(area=place.area)
    if kind == "faith":
        name = _faith_name(gen, place, venue)
        return kind, name, ORG_DESCRIPTIONS["faith"].format(area=place.area)
    # local:<name pattern>
    name = detail.format(area=place.area, venue=venue.name if venue else place.area)
    return "community", name, ORG_DESCRIPTIONS["community"].format(area=place.area)


def org_for(gen: Generator, spec: str, place: Place, venue: Venue | None) -> Org:
    """The organisation a provider spec ("council:asc", "faith", "local:...") means here.

    Organisations are registered by name, so the same body is reused across services.
    """
    kind, _, detail = spec.partition(":")
    kind, name, description = _identity(gen, kind, detail, place, venue)
    found = gen.orgs.get(name)
    if found:
        return found
    name_slug = slug(name)
    org = Org(
        id=gen.id("organization", name), kind=kind, name=name,
        description=description + NOT_REAL, email=f"hello@{name_slug}.{EMAIL_TLD}",
        website=f"https://{name_slug}.{EMAIL_TLD}/", phone=gen.next_number(),
    )  # fmt: skip
    gen.orgs[name] = org
    gen.orgs_by_id[org.id] = org
    return org


def org_json(org: Org) -> dict:
    """The organisation as nested in an HSDS service."""
    return {
        "id": org.id,
        "name": org.name,
        "description": org.description,
        "email": org.email,
        "website": org.website,
    }
