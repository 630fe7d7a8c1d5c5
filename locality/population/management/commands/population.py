"""`locality population`: the analytics export and outreach list imports.

    locality population export --out DIR [--by EMAIL]
    locality population import-outreach FILE --neighbourhood NAME --by EMAIL

Exit codes: 0 done; 1 refused by the access check; 2 bad input (nothing written).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from locality.core.env_utils import SettingError
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied, GovernanceError
from locality.population import services
from locality.population.exports import population_export
from locality.population.outreach_csv import OutreachFileError, decode

REFUSED, BAD_INPUT = 1, 2


class Command(BaseCommand):
    help = "Population intelligence in practice: pseudonymised export, outreach list import."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser(
            "export", help="write the pseudonymised persons table (Locality person-event format)"
        )
        export.add_argument("--out", required=True, type=Path, help="the folder to write")
        add_actor_argument(export)
        imp = sub.add_parser(
            "import-outreach",
            help="import a cohort member list (CSV) as a team's outreach list, all or nothing",
        )
        imp.add_argument(
            "file",
            type=Path,
            help="CSV: person_id, cohort, cohort_version, neighbourhood, optional reason and rank",
        )
        imp.add_argument(
            "--neighbourhood",
            required=True,
            metavar="NAME",
            help='the neighbourhood, e.g. "North" (or "E06000014:North")',
        )
        add_actor_argument(imp)

    def handle(self, *args, action, **options):
        try:
            if action == "export":
                return self._export(**options)
            return self._import_outreach(**options)
        except AccessDenied as exc:
            raise CommandError(str(exc), returncode=REFUSED) from None
        except SettingError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None

    def _export(self, out, by, **options):
        result = population_export(by=resolve_actor(by), folder=out)
        self.stdout.write(
            f"wrote {result.persons} persons to {out / 'persons.csv'} "
            f"(key version {result.key_version}; {result.withheld} withheld: "
            "evaluation consent withdrawn)"
        )

    def _import_outreach(self, file, neighbourhood, by, **options):
        if not by:
            raise CommandError(
                "--by EMAIL is required: the list belongs to that member's team",
                returncode=BAD_INPUT,
            )
        if not file.is_file():
            raise CommandError(f"{file}: no such file", returncode=BAD_INPUT)
        actor = resolve_actor(by)
        try:
            created = services.outreach_list_import(
                by=actor,
                neighbourhood=services.neighbourhood_named(neighbourhood),
                text=decode(file.read_bytes(), file.name),
                source_file=file.name,
            )
        except (OutreachFileError, GovernanceError) as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from None
        self.stdout.write(
            f"imported {created.entries.count()} people as outreach list {created.pk} "
            f"({created.cohort} v{created.cohort_version}) for {created.team.name}"
        )
