"""`locality directory_flag_stale`: the daily check that marks unconfirmed services unverified."""

from django.core.management.base import BaseCommand, CommandError

from locality.directory.stewardship import STALE_DAYS, services_flag_stale
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied


class Command(BaseCommand):
    help = (
        f"Flag every active service not confirmed in the last {STALE_DAYS} days as unverified "
        "(run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=STALE_DAYS, help="default %(default)s")
        add_actor_argument(parser)

    def handle(self, *args, days, by, **options):
        try:
            flagged = services_flag_stale(by=resolve_actor(by), days=days)
        except AccessDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for service in flagged:
            self.stdout.write(f"unverified: {service.id} {service.name}")
        self.stdout.write(f"{len(flagged)} services newly flagged as unverified")
