import json

from django.core.management.base import BaseCommand

from locality.governance.models import User


def user_rows() -> list[dict]:
    users = User.objects.select_related("organisation", "team").order_by("email")
    return [
        {
            "email": u.email,
            "name": u.full_name,
            "organisation": u.organisation.name,
            "team": u.team.name if u.team else None,
            "role": u.role,
            "active": u.is_active,
        }
        for u in users
    ]


class Command(BaseCommand):
    help = "Staff accounts: `locality users list [--json]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="list staff with organisation, team and role")
        listing.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, action, json: bool = False, **options):
        rows = user_rows()
        if json:
            self.stdout.write(_dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['email']:40} {row['role']:17} {row['organisation']}"
                f"{' / ' + row['team'] if row['team'] else ''}"
            )


def _dumps(rows) -> str:
    return json.dumps(rows, indent=2)
