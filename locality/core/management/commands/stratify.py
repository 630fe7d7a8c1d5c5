"""``locality stratify ACTION``: population intelligence from the command line.

Each action is a sub-command that parses its arguments and calls one function; add one with
a ``_<action>`` method and its parser below.

``run`` reads personal data (pseudonymised) from files, so it goes through the governance
layer (decision 0010): the acting user (``--by EMAIL`` or $LOCALITY_ACTOR) needs
``population.stratify`` (analyst, IG lead), and every run or refusal is audited. ``synth``
reads and writes no personal data and needs no check.

Exit codes: 0 done; 1 refused by the access check (audited); 2 bad input (nothing written).
"""

import re
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from locality.analytics.population import pipeline
from locality.analytics.population.cohort_definitions import COHORTS_DIR
from locality.analytics.population.engines import ENGINES
from locality.analytics.population.synth import FORMATS, MAX_PEOPLE, generate
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied
from locality.population.stratify_runs import stratify_run

REFUSED, BAD_INPUT = 1, 2


MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


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
        run.add_argument(
            "--memory-limit",
            metavar="SIZE",
            help="DuckDB's memory limit, e.g. 3GB (default: DuckDB's, 80%% of RAM); 1,000,000 "
            "people peaked at 3.4 GB with 3GB (benchmarks/stratify)",
        )
        run.add_argument("--threads", type=int, metavar="N", help="DuckDB threads (default: all)")
        add_actor_argument(run)

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
                raise CommandError(str(exc), returncode=BAD_INPUT) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"wrote {summary.people:,} people and {summary.events:,} events "
            f"({summary.events / summary.people:.1f} per person) to {summary.folder} "
            f"as {summary.format} in {seconds:.1f} s"
        )

    def _run(
        self, input, out, format, engine, as_of, cohorts, neighbourhoods, predict, by, **options
    ):
        engine_options = {
            name: options[name] for name in ("memory_limit", "threads") if options.get(name)
        }
        if engine_options and engine != "duckdb":
            flags = ", ".join("--" + name.replace("_", "-") for name in engine_options)
            raise CommandError(
                f"{flags}: DuckDB settings; not for --engine {engine}", returncode=BAD_INPUT
            )
        limit = options.get("memory_limit")
        if limit and not MEMORY_SIZE.fullmatch(limit):
            raise CommandError(
                f"--memory-limit {limit!r}: expected a size such as 3GB or 500MB",
                returncode=BAD_INPUT,
            )
        if options.get("threads") is not None and options["threads"] < 1:
            raise CommandError(
                f"--threads {options['threads']}: must be 1 or more", returncode=BAD_INPUT
            )
        actor = resolve_actor(by)
        started = time.perf_counter()
        steps = len(pipeline.STEPS)
        with tqdm(total=steps, unit="step", disable=None, file=sys.stderr) as bar:

            def progress(step: str) -> None:
                bar.set_postfix_str(step)
                bar.update(1)

            try:
                summary = stratify_run(
                    by=actor,
                    input=input,
                    out=out,
                    format=format,
                    engine=engine,
                    as_of=as_of,
                    cohorts_dir=cohorts,
                    neighbourhoods=neighbourhoods,
                    predict=predict,
                    progress=progress,
                    engine_options=engine_options,
                )
            except AccessDenied as exc:
                raise CommandError(str(exc), returncode=REFUSED) from None
            except ValueError as exc:
                raise CommandError(str(exc), returncode=BAD_INPUT) from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"stratified {summary.people:,} people as of {summary.as_of} on {engine} in "
            f"{seconds:.1f} s; wrote {', '.join(summary.files)} to {summary.out}"
        )
