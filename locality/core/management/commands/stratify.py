"""``locality stratify ACTION``: population intelligence from the command line.

Each action is a sub-command that parses its arguments and calls one function of
``locality.analytics.population``; add one with a ``_<action>`` method and its parser below.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from locality.analytics.population import pipeline
from locality.analytics.population.cohort_definitions import COHORTS_DIR
from locality.analytics.population.engines import ENGINES, connect
from locality.analytics.population.synth import FORMATS, MAX_PEOPLE, generate


class Command(BaseCommand):
    help = "Population intelligence: synthetic populations (synth), stratification (run)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        synth = sub.add_parser(
            "synth",
            help="write a synthetic population of England (persons and events)",
        )
        synth.add_argument("--people", type=int, required=True, help=f"1 to {MAX_PEOPLE:,}")
        synth.add_argument("--out", type=Path, required=True, help="a new or empty folder")
        synth.add_argument("--seed", type=int, default=0)
        synth.add_argument("--format", choices=FORMATS, default="locality")
        synth.add_argument(
            "--la",
            nargs="+",
            default=[],
            metavar="CODE",
            help="only these local authorities (LAD 2019 codes, e.g. E06000014)",
        )
        synth.add_argument(
            "--csv", action="store_true", help="CSV instead of Parquet (locality and omop)"
        )

        run = sub.add_parser(
            "run",
            help="score, segment and place in cohorts a population; write people.parquet, "
            "explanations.parquet, cohorts.csv and summary.html",
        )
        run.add_argument("--input", type=Path, required=True, help="the dataset folder")
        run.add_argument("--format", choices=pipeline.FORMATS, default="locality")
        run.add_argument("--engine", choices=ENGINES, default="duckdb")
        run.add_argument("--out", type=Path, required=True, help="a new or empty folder")
        run.add_argument(
            "--as-of", metavar="DATE", help="yyyy-mm-dd (default: the day after the last event)"
        )
        run.add_argument(
            "--cohorts", type=Path, default=COHORTS_DIR, metavar="DIR", help="cohort YAML files"
        )
        run.add_argument(
            "--neighbourhoods",
            type=Path,
            metavar="FILE",
            help="CSV of lsoa_code,neighbourhood (default: group by local authority)",
        )
        run.add_argument(
            "--predict",
            action="store_true",
            help="also fit and test the emergency admission model (prediction/)",
        )

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _synth(self, people, out, seed, format, la, csv, **options):
        started = time.perf_counter()
        with tqdm(total=people, unit="people", disable=None, file=sys.stderr) as bar:
            try:
                summary = generate(
                    people,
                    out,
                    seed=seed,
                    format=format,
                    la_codes=tuple(la),
                    table_format="csv" if csv else "parquet",
                    progress=bar.update,
                )
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"wrote {summary.people:,} people and {summary.events:,} events "
            f"({summary.events / summary.people:.1f} per person) to {summary.folder} "
            f"as {summary.format} in {seconds:.1f} s"
        )

    def _run(self, input, out, format, engine, as_of, cohorts, neighbourhoods, predict, **options):
        started = time.perf_counter()
        steps = len(pipeline.STEPS)
        with tqdm(total=steps, unit="step", disable=None, file=sys.stderr) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step)
                bar.update(1)

            try:
                summary = pipeline.run_stratify(
                    input,
                    out,
                    con=connect(engine),
                    format=format,
                    as_of=as_of,
                    cohorts_dir=cohorts,
                    neighbourhoods=neighbourhoods,
                    predict=predict,
                    progress=progress,
                )
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"stratified {summary.people:,} people as of {summary.as_of} on {engine} in "
            f"{seconds:.1f} s; wrote {', '.join(summary.files)} to {summary.out}"
        )
