"""Generate a synthetic population chunk by chunk and stream it to files.

Memory is bounded by the chunk size (100,000 people, about 3 million events, by default), not by
the number of people. The same seed, size, chunk size and options give identical files. In the
Locality format each chunk's events are written as row groups of one kind and code system
(:func:`tables.kind_parts`), in person and date order within each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from locality.analytics.population.formats.table_files import TableFiles
from locality.analytics.population.synth.history import Window, draw_history
from locality.analytics.population.synth.morbidity import draw_morbidity
from locality.analytics.population.synth.people import draw_people, place_people
from locality.analytics.population.synth.places import england, select
from locality.analytics.population.synth.tables import events_table, kind_parts, persons_table

FORMATS = ("locality", "omop", "fhir")
MAX_PEOPLE = 10_000_000
CHUNK_SIZE = 100_000
END = dt.date(2024, 12, 31)
YEARS = 3
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Summary:
    people: int
    events: int
    folder: Path
    format: str


def generate(
    people: int,
    out: str | Path,
    *,
    seed: int = 0,
    format: str = "locality",
    la_codes: tuple[str, ...] | list[str] = (),
    end: dt.date = END,
    years: int = YEARS,
    chunk_size: int = CHUNK_SIZE,
    table_format: str = "parquet",
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write ``people`` synthetic people and their events to the folder ``out``.

    ``format`` is ``locality`` (persons and events), ``omop`` (OMOP CDM v5.4 tables) or ``fhir``
    (FHIR R4 bulk NDJSON); ``table_format`` (``parquet`` or ``csv``) applies to the first two.
    People live in the LSOAs of ``la_codes`` (LAD 2019 codes), or anywhere in England. The
    history covers ``years`` years up to ``end``. ``progress`` is called with each chunk's size.
    """
    check_arguments(people, format, years, chunk_size, table_format)
    places = select(england(), tuple(la_codes))
    start = end.replace(year=end.year - years) + dt.timedelta(days=1)
    window = Window((start - EPOCH).days, (end - EPOCH).days)
    folder = Path(out)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValueError(f"{folder} is not an empty folder: choose a new or empty one")
    folder.mkdir(parents=True, exist_ok=True)
    lsoa = place_people(np.random.default_rng([seed]), places, people)
    events = 0
    with open_writer(format, folder, table_format) as writer:
        for number, first in enumerate(range(0, people, chunk_size)):
            rng = np.random.default_rng([seed, number])
            chunk = lsoa[first : first + chunk_size]
            persons, chunk_events = draw_chunk(rng, places, chunk, first, window)
            writer.write(persons, chunk_events)
            events += chunk_events.num_rows
            if progress:
                progress(persons.num_rows)
    return Summary(people, events, folder, format)


def draw_chunk(rng, places, lsoa, first: int, window: Window):
    people = draw_people(rng, places, lsoa, window.end_day, first)
    morbidity = draw_morbidity(rng, people, window.end_day)
    log = draw_history(rng, people, morbidity, window)
    persons = persons_table(people, places.lsoa)
    return persons, events_table(persons["person_id"].combine_chunks(), log.columns())


def check_arguments(people, format, years, chunk_size, table_format) -> None:
    if not 1 <= people <= MAX_PEOPLE:
        raise ValueError(f"people must be between 1 and {MAX_PEOPLE:,}, not {people:,}")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if not 1 <= years <= 20:
        raise ValueError(f"years must be between 1 and 20, not {years}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be positive, not {chunk_size}")
    if table_format not in ("parquet", "csv"):
        raise ValueError(f"table_format must be parquet or csv, not {table_format!r}")


def open_writer(format: str, folder: Path, table_format: str):
    if format == "omop":
        from locality.analytics.population.formats.omop_writer import OmopWriter

        return OmopWriter(folder, table_format)
    if format == "fhir":
        from locality.analytics.population.formats.fhir_writer import FhirWriter

        return FhirWriter(folder)
    return LocalityWriter(folder, table_format)


class LocalityWriter:
    """``persons`` and ``events`` in the Locality person-event format, one chunk at a time."""

    def __init__(self, folder: Path, table_format: str = "parquet") -> None:
        self.files = TableFiles(folder, table_format)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.files.close()

    def write(self, persons, events) -> None:
        self.files.write("persons", persons)
        for part in kind_parts(events):  # row groups of one kind and code system
            self.files.write("events", part)
