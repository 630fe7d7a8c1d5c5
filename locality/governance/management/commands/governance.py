import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied
from locality.governance.subject_access import person_export
from locality.people.selectors import PersonNotFound


class Command(BaseCommand):
    help = "Information governance tasks: `export-person` answers a subject access request."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        export = sub.add_parser(
            "export-person", help="everything held about a person, and who accessed it, as JSON"
        )
        export.add_argument("person_id", help="the person's pseudonymous id, e.g. P2B3…")
        export.add_argument("--out", required=True, type=Path, help="the JSON file to write")
        add_actor_argument(export)

    def handle(self, *args, action, person_id, out, by, **options):
        actor = resolve_actor(by)
        try:
            data = person_export(by=actor, pseudo_id=person_id)
        except PersonNotFound:
            raise CommandError(f"no person with id {person_id}", returncode=1) from None
        except AccessDenied:
            raise CommandError(f"{actor.email} may not export {person_id}", returncode=1) from None
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(data, indent=2, sort_keys=True, default=str))
        self.stdout.write(f"wrote {out}: {len(data['accesses'])} recorded accesses")
