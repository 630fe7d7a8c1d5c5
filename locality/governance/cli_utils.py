"""Who the command line acts as: `--by EMAIL`, $LOCALITY_ACTOR, or the server operator."""

import os

from django.core.management.base import CommandError

from locality.governance.actors import cli_actor
from locality.governance.models import User


def add_actor_argument(parser) -> None:
    parser.add_argument(
        "--by",
        metavar="EMAIL",
        default=os.environ.get("LOCALITY_ACTOR", ""),
        help="act as this staff user (default: $LOCALITY_ACTOR, else the server operator, "
        "audited as cli:<login>)",
    )


def resolve_actor(email: str):
    if not email:
        return cli_actor()
    user = (
        User.objects.select_related("organisation", "team")
        .filter(email=email.strip().lower(), is_active=True)
        .first()
    )
    if user is None:
        raise CommandError(f"--by {email}: no active staff user has that email", returncode=2)
    return user
