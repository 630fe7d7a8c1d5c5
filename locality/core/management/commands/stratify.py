"""``locality stratify ACTION``: population intelligence from the command line.

Each action is a sub-command that parses its arguments and calls one function of
``locality.analytics.population``; add one with a ``_<action>`` method and its parser below.
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from locality.analytics.population.synth import FORMATS, MAX_PEOPLE, generate


class Command(BaseCommand):
    help = "Population intelligence: synthetic populations (synth); more actions to come."

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
