"""Load the demo place: York's LSOAs, partner organisations, teams, staff and residents.

Everything goes through the same services as real use, so every person created
is audited. Loading twice changes nothing: each record has a natural or
seeded key that is looked up first.
"""

import hashlib
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from tqdm import tqdm

from locality.demo import place, population
from locality.demo.directory import generate_directory_files
from locality.demo.staff import ORGANISATIONS, PASSWORD, staff_for_teams
from locality.directory.importer import directory_import
from locality.directory.models import Service
from locality.governance.actors import cli_actor
from locality.governance.models import Team, User
from locality.governance.services import (
    consent_record,
    organisation_ensure,
    team_ensure,
    user_ensure,
)
from locality.people.models import Household, Person
from locality.people.services import households_register, people_register
from locality.places.models import Lsoa, Neighbourhood
from locality.places.postcodes import load_postcodes_csv
from locality.referrals.models import Referral
from locality.referrals.services import referral_open

DIRECTORY_SOURCE = "york-demo-directory"
CASELOAD_SHARE = 0.04  # residents each team already works with
REFERRAL_SHARE = 0.25  # of those, the share with an open referral to a partner


@dataclass
class DemoSummary:
    lsoas: int = 0
    organisations: int = 0
    teams: int = 0
    staff: list = field(default_factory=list)
    households_created: int = 0
    people_created: int = 0
    people_total: int = 0
    caseload_people: int = 0
    referrals_created: int = 0
    directory: dict = field(default_factory=dict)


def load_demo(
    *, fraction: float = 0.02, seed: int = 2024, progress: bool = True,
    directory_services: int = 3000,
) -> DemoSummary:  # fmt: skip
    actor = cli_actor()
    summary = DemoSummary()
    lsoas = place.load_lsoas()
    summary.lsoas = _load_places(lsoas)
    orgs = {
        o["key"]: organisation_ensure(
            by=actor, name=o["name"], kind=o["kind"], ods_code=o.get("ods_code", "")
        )
        for o in ORGANISATIONS
    }
    summary.organisations = len(orgs)
    teams = _load_teams(actor, orgs)
    summary.teams = len(teams)
    summary.staff = _load_staff(actor, orgs, teams)
    households, people = population.generate(
        lsoas, place.load_postcodes(), fraction=fraction, seed=seed
    )
    _load_population(actor, households, people, teams, lsoas, seed, summary, progress)
    summary.referrals_created = _load_referrals(orgs, teams, seed, progress)
    summary.people_total = Person.objects.count()
    summary.directory = _load_directory(actor, lsoas, seed, directory_services)
    return summary


def _load_directory(actor, lsoas, seed, services) -> dict:
    """York's demo directory, through the same import path as any feed."""
    load_postcodes_csv(place.DATA_DIR / place.POSTCODES_FILE)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / DIRECTORY_SOURCE
        paths = generate_directory_files(folder, lsoas, place.load_postcodes(), seed=seed,
                                         services=services)  # fmt: skip
        paths["known_duplicates"].unlink()  # the test oracle, not part of the feed
        result = directory_import(by=actor, path=folder)
    if not result.written:
        raise place.PlaceDataError("; ".join(p.format() for p in result.problems[:5]))
    editor = User.objects.filter(role="directory_editor").order_by("email").first()
    Service.objects.filter(source=DIRECTORY_SOURCE, owner__isnull=True).update(owner=editor)
    return {"services": result.counts.get("service", {}),
            "total": Service.objects.filter(source=DIRECTORY_SOURCE).count()}  # fmt: skip


@transaction.atomic
def _load_places(lsoas) -> int:
    neighbourhoods = {
        name: Neighbourhood.objects.get_or_create(
            la_code=place.LA_CODE, name=name, defaults={"la_name": place.LA_NAME}
        )[0]
        for name in place.NEIGHBOURHOODS
    }
    for lsoa in lsoas:
        Lsoa.objects.update_or_create(code=lsoa.code, defaults=_lsoa_fields(lsoa, neighbourhoods))
    return len(lsoas)


def _lsoa_fields(lsoa, neighbourhoods) -> dict:
    return {
        "name": lsoa.name,
        "la_code": place.LA_CODE,
        "msoa_code": lsoa.msoa_code,
        "ward_code": lsoa.ward_code,
        "ward_name": lsoa.ward_name,
        "neighbourhood": neighbourhoods[place.neighbourhood_of(lsoa)],
        "latitude": lsoa.lat,
        "longitude": lsoa.lon,
        "population": lsoa.population,
        "age_0_15": lsoa.age_0_15,
        "age_16_59": lsoa.age_16_59,
        "age_60_plus": lsoa.age_60_plus,
        "imd_score": lsoa.imd_score,
        "imd_rank": lsoa.imd_rank,
        "imd_decile": lsoa.imd_decile,
        "domain_deciles": dict(lsoa.domain_deciles),
        "geometry": lsoa.geometry,
    }


def _load_teams(actor, orgs) -> dict[str, Team]:
    partners = [orgs[k] for k in ("council", "trust", "icb", "vcs", "housing")]
    teams = {}
    for name in place.NEIGHBOURHOODS:
        practice = orgs[f"practice_{name.lower()}"]
        teams[name] = team_ensure(
            by=actor,
            name=f"York {name} Neighbourhood Team",
            neighbourhood=name,
            organisations=[*partners, practice],
        )
    return teams


def _load_staff(actor, orgs, teams) -> list[dict]:
    rows = staff_for_teams(teams)
    for row in rows:
        existing = User.objects.filter(email=row["email"]).first()
        if existing is None:
            user_ensure(
                by=actor,
                email=row["email"],
                full_name=row["name"],
                organisation=orgs[row["organisation"]],
                role=row["role"],
                team=teams.get(row.get("team")),
                password=PASSWORD,
            )
        row["organisation_name"] = orgs[row["organisation"]].name
    return rows


def _load_population(actor, households, people, teams, lsoas, seed, summary, progress) -> None:
    neighbourhood_of = {lsoa.code: place.neighbourhood_of(lsoa) for lsoa in lsoas}
    known_h = set(Household.objects.values_list("pseudo_id", flat=True))
    new_households = [h for h in households if h.key not in known_h]
    created = households_register(
        by=actor, households=[_household_fields(h) for h in new_households]
    )
    summary.households_created = len(created)
    by_key = dict(Household.objects.values_list("pseudo_id", "id"))
    addresses = {h.key: _household_fields(h) for h in households}
    known_p = set(Person.objects.values_list("pseudo_id", flat=True))
    rng = random.Random(seed + 1)
    on_caseload = {p.key for p in people if rng.random() < CASELOAD_SHARE}
    groups: dict[str | None, list] = {}
    for p in people:
        if p.key in known_p:
            continue
        team = neighbourhood_of[p.lsoa_code] if p.key in on_caseload else None
        groups.setdefault(team, []).append(p)
    bar = tqdm(
        total=sum(map(len, groups.values())), desc="residents", unit="person", disable=not progress
    )
    for team_name, group in groups.items():
        rows = [_person_fields(p, by_key, addresses) for p in group]
        summary.people_created += _register(actor, rows, teams.get(team_name), bar)
    bar.close()
    summary.caseload_people = len(on_caseload)


def _register(actor, rows, team, bar) -> int:
    registrar = actor if team is None else _coordinator(team)
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        people_register(
            by=registrar,
            people=chunk,
            caseload_team=team,
            purpose="registration" if team is None else "front door conversation",
        )
        bar.update(len(chunk))
    return len(rows)


def _coordinator(team) -> User:
    return (
        User.objects.select_related("organisation", "team")
        .filter(team=team, role="coordinator")
        .order_by("email")
        .first()
    )


def _household_fields(h) -> dict:
    return {
        "pseudo_id": h.key,
        "address_line_1": h.address_line_1,
        "town": h.town,
        "postcode": h.postcode,
        "lsoa_code": h.lsoa_code,
    }


def _person_fields(p, household_ids, addresses) -> dict:
    home = addresses[p.household_key]
    return {
        "pseudo_id": p.key,
        "nhs_number": p.nhs_number,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "date_of_birth": p.date_of_birth,
        "sex": p.sex,
        "ethnicity": p.ethnicity,
        "household_id": household_ids[p.household_key],
        "address_line_1": home["address_line_1"],
        "town": home["town"],
        "postcode": home["postcode"],
        "lsoa_code": p.lsoa_code,
    }


def _draw(key: str, seed: int) -> float:
    """A uniform number in [0, 1) fixed by the key and seed, whatever the loading order."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _load_referrals(orgs, teams, seed, progress) -> int:
    partners = [orgs[k] for k in ("vcs", "trust", "housing", "fire")]
    referred = set(Referral.objects.values_list("person_id", flat=True))
    created = 0
    for team in teams.values():
        coordinator = _coordinator(team)
        entries = team.caseload.filter(closed_at__isnull=True).select_related("person")
        for entry in entries:
            draw = _draw(entry.person.pseudo_id, seed)
            if draw >= REFERRAL_SHARE or entry.person_id in referred:
                continue
            target = partners[int(draw / REFERRAL_SHARE * len(partners))]
            consent_record(
                by=coordinator,
                person=entry.person,
                purpose="referral",
                status="given",
                note="Agreed at the front door conversation",
            )
            referral_open(
                by=coordinator,
                person=entry.person,
                to_organisation=target,
                reason="Support agreed at the front door conversation",
            )
            created += 1
    return created
