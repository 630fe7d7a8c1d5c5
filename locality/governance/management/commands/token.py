from django.core.management.base import BaseCommand, CommandError

from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import GovernanceError
from locality.governance.models import User
from locality.governance.services import TOKEN_DAYS, token_create


class Command(BaseCommand):
    help = "API bearer tokens: `locality token create EMAIL` prints a new token on its last line."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="make a token for a staff user")
        create.add_argument("email")
        create.add_argument("--days", type=int, default=TOKEN_DAYS, help="lifetime in days")
        add_actor_argument(create)

    def handle(self, *args, action, email, days, by, **options):
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"no staff user with email {email}", returncode=2)
        if days < 1 or days > 366:
            raise CommandError(f"--days {days}: give a lifetime from 1 to 366 days", returncode=2)
        try:
            token = token_create(by=resolve_actor(by), user=user, days=days)
        except GovernanceError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stderr.write(
            f"token for {user.email} ({user.role}), valid {days} days; it is shown once:"
        )
        self.stdout.write(token)
