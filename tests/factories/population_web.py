"""Factories for the web app's population models: neighbourhoods, pseudonyms issued on
export, outreach lists and their entries, and cohort member list CSV files."""

import csv
import io
from pathlib import Path

import factory
from django.utils import timezone

from locality.places.models import Neighbourhood
from locality.population import pseudonyms
from locality.population.models import OutreachList, OutreachListEntry
from tests.factories import PersonFactory, TeamFactory, UserFactory

COHORT_COLUMNS = ["person_id", "cohort", "cohort_version", "neighbourhood", "reason", "rank"]


def exported(person) -> str:
    """Store the person's pseudonym as an export does; return it."""
    pseudonyms.pseudonyms_store([person.pk])
    return pseudonyms.pseudonym_for(person)


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("la_code", "name")

    name = "North"
    la_code = "E06000014"
    la_name = "York"


class OutreachListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachList

    cohort = "frail-living-alone"
    cohort_version = 1
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    team = factory.SubFactory(
        TeamFactory, neighbourhood=factory.SelfAttribute("..neighbourhood.name")
    )
    created_by = factory.SubFactory(UserFactory, team=factory.SelfAttribute("..team"))
    created_at = factory.LazyFunction(timezone.now)
    source_file = "frail-living-alone-north.csv"


class OutreachListEntryFactory(factory.django.DjangoModelFactory):
    """An entry for ``person`` (exported first, so the pseudonym resolves)."""

    class Meta:
        model = OutreachListEntry
        exclude = ("person",)

    outreach_list = factory.SubFactory(OutreachListFactory)
    person = factory.SubFactory(PersonFactory)
    pseudonym = factory.LazyAttribute(lambda o: exported(o.person))
    rank = factory.Sequence(lambda n: n + 1)
    reason = "Moderate frailty; lives alone"


def cohort_rows(people, *, cohort="frail-living-alone", version=1, neighbourhood="North"):
    """Rows of a cohort member list for these people, ranked in order."""
    return [
        {
            "person_id": exported(p),
            "cohort": cohort,
            "cohort_version": str(version),
            "neighbourhood": neighbourhood,
            "reason": "Moderate frailty; lives alone",
            "rank": str(i),
        }
        for i, p in enumerate(people, start=1)
    ]


def cohort_csv(path: Path, rows: list[dict], columns=COHORT_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def cohort_text(rows: list[dict], columns=COHORT_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
