"""`locality directory_flag_stale`: the daily check that marks unconfirmed services unverified."""

from django.core.management.base import BaseCommand, CommandError

from locality.directory.stewardship import STALE_DAYS, services_flag_stale
from locality.directory.stewardship.tasks import ACTOR, flag_stale_services
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied


class Command(BaseCommand):
    help = (
        f"Flag every active service not confirmed in the last {STALE_DAYS} days as unverified "
        "(run daily; `locality worker` queues it once a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=STALE_DAYS, help="default %(default)s")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the check for `locality worker` instead of running it here",
        )
        add_actor_argument(parser)

    def handle(self, *args, days, by, enqueue, **options):
        if days < 0:
            raise CommandError(f"--days {days}: give zero or more days", returncode=2)
        actor = resolve_actor(by)
        if enqueue:
            runs_as = actor if by else ACTOR
            result = flag_stale_services.enqueue(days=days, by=actor.email if by else "")
            self.stdout.write(f"queued {result.task.name} ({result.id}) to run as {runs_as.email}")
            return
        try:
            flagged = services_flag_stale(by=actor, days=days)
        except AccessDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for service in flagged:
            self.stdout.write(f"unverified: {service.id} {service.name}")
        self.stdout.write(f"{len(flagged)} services newly flagged as unverified")
