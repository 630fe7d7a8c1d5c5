from django.core.management.base import BaseCommand, CommandError

from locality.governance.audit import verify


class Command(BaseCommand):
    help = "The audit log: `locality audit verify` checks its hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("verify", help="check every event against its hash and its predecessor")

    def handle(self, *args, action, **options):
        result = verify()
        if result.ok:
            self.stdout.write(f"audit chain intact: {result.checked} events verified")
            return
        raise CommandError(
            f"audit chain broken at event {result.bad_seq}: {result.problem} "
            f"({result.checked} events verified before it)",
            returncode=1,
        )
