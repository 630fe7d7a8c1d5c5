"""`locality directory_find_duplicates`: find likely duplicate services across feeds."""

import json

from django.core.management.base import BaseCommand, CommandError

from locality.directory.stewardship import duplicates_find
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied


class Command(BaseCommand):
    help = "Find likely duplicate services and queue them for a directory editor to review."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the new pairs as JSON")
        add_actor_argument(parser)

    def handle(self, *args, json: bool, by, **options):
        try:
            found = duplicates_find(by=resolve_actor(by))
        except AccessDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if json:
            self.stdout.write(_dumps(found))
            return
        for c in found:
            first, second = f"{c.first.name} [{c.first_id}]", f"{c.second.name} [{c.second_id}]"
            self.stdout.write(f"{c.score:.2f}  {first}  ~  {second}: {', '.join(c.reasons)}")
        self.stdout.write(f"{len(found)} new possible duplicates to review")


def _dumps(found) -> str:
    rows = [
        {"first": c.first_id, "second": c.second_id, "score": c.score, "reasons": c.reasons}
        for c in found
    ]
    return json.dumps(rows, indent=2)
