"""The persons table of the Locality person-event format, keyed by pseudonym, for analytics.

Who may export is `population.export` (the IG lead, and the server's operator); everyone is
exported except people whose latest statement about use in evaluation is a withdrawal. The
audit event holds counts, never a person.
"""

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count

from locality.analytics.population import schema
from locality.governance import audit
from locality.governance import roles as perms
from locality.governance.access import authorise
from locality.governance.models import ConsentRecord
from locality.people.models import Person
from locality.population import pseudonyms

PURPOSE = "population health analytics"
COLUMNS = schema.PERSONS.column_names
FIRST_WORDS = {"white": "white", "asian": "asian", "black": "black", "mixed": "mixed"}


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    persons: int
    withheld: int
    key_version: str


def population_export(*, by, folder: Path) -> ExportResult:
    """Write ``persons.csv`` in ``folder``, all or nothing (and ``events.csv``, header only,
    when there is none: the folder is then a dataset `locality stratify run` reads)."""
    folder = Path(folder)
    with audit.governed():
        authorise(by, perms.POPULATION_EXPORT, purpose=PURPOSE)
        key = pseudonyms.current_key()
        withheld = objecting_person_ids()
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / "persons.csv.partial"
        try:
            exported = _write_persons(partial, key, withheld)
            pseudonyms.pseudonyms_store(exported, key=key)
            result = ExportResult(folder, len(exported), len(withheld), pseudonyms.key_version(key))
            audit.record(actor=by, action=audit.EXPORT, purpose=PURPOSE, detail=_detail(result))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    if not (folder / "events.csv").exists():
        _write_events_header(folder / "events.csv")
    os.replace(partial, folder / "persons.csv")
    return result


def _detail(result: ExportResult) -> dict:
    return {
        "format": f"{schema.FORMAT_NAME} v{schema.FORMAT_VERSION}",
        "persons": result.persons,
        "withheld": result.withheld,
        "key_version": result.key_version,
    }


def objecting_person_ids() -> set[int]:
    """People whose latest statement about use in evaluation is a withdrawal."""
    latest: dict[int, str] = {}
    rows = (
        ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.EVALUATION)
        .order_by("person_id", "recorded_at", "id")
        .values_list("person_id", "status")
    )
    for person_id, status in rows.iterator(chunk_size=2000):
        latest[person_id] = status
    return {pid for pid, status in latest.items() if status == ConsentRecord.Status.WITHDRAWN}


def _write_persons(path: Path, key: bytes, withheld: set[int]) -> list[int]:
    sizes = _household_sizes()
    exported = []
    fields = ("pk", "date_of_birth", "sex", "ethnicity", "lsoa_code", "household_id")
    rows = Person.objects.order_by("pk").values_list(*fields)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for pk, born, sex, ethnicity, lsoa, household in rows.iterator(chunk_size=2000):
            if pk in withheld:
                continue
            writer.writerow(
                [
                    pseudonyms.pseudonym_for_id(pk, key=key),
                    born.isoformat(),
                    sex if sex in schema.SEXES else "unknown",
                    ethnic_group(ethnicity),
                    lsoa,
                    "" if household is None else str(sizes.get(household) == 1).lower(),
                    "" if household is None else pseudonyms.household_pseudonym(household, key=key),
                ]
            )
            exported.append(pk)
    return exported


def _household_sizes() -> dict[int, int]:
    rows = (
        Person.objects.filter(household__isnull=False)
        .values("household_id")
        .annotate(n=Count("id"))
        .values_list("household_id", "n")
    )
    return dict(rows)


def ethnic_group(recorded: str) -> str:
    """The ONS 2021 high-level group of a recorded ethnicity ("" when none is recorded)."""
    words = recorded.strip().lower().replace(",", " ").split()
    if not words:
        return ""
    if words[0] == "other":
        return "other"
    return FIRST_WORDS.get(words[0], "unknown")


def _write_events_header(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerow(schema.EVENTS.column_names)
