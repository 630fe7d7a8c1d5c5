from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from locality.demo.load import load_demo
from locality.demo.place import PlaceDataError
from locality.demo.staff import PASSWORD


class Command(BaseCommand):
    help = "Migrate, load the York demo place (idempotent), print the log-ins and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="load and exit")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--fraction",
            type=float,
            default=0.02,
            help="share of York's real population to synthesise (default 0.02)",
        )
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--directory-services",
            type=int,
            default=3000,
            help="services and assets in the demo directory (default 3000)",
        )

    def handle(self, *args, no_serve, host, port, fraction, seed, directory_services, **options):
        if not 0 < fraction <= 1:
            raise CommandError(
                f"--fraction {fraction}: give a share above 0 and at most 1", returncode=2
            )
        call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = load_demo(
                fraction=fraction,
                seed=seed,
                progress=_is_terminal(self.stderr),
                directory_services=directory_services,
            )
        except PlaceDataError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self._report(summary)
        if not no_serve:
            call_command("serve", host=host, port=port)

    def _report(self, s) -> None:
        self.stdout.write(
            f"York demo place: {s.lsoas} LSOAs, {s.organisations} organisations, {s.teams} teams, "
            f"{s.people_total} residents ({s.people_created} new, {s.households_created} new "
            f"households), {s.referrals_created} new referrals; directory: "
            f"{s.directory.get('total', 0)} services and assets "
            f"({s.directory.get('services', {}).get('created', 0)} new)."
        )
        self.stdout.write(f"\nDemo log-ins (password for all: {PASSWORD})")
        for row in s.staff:
            team = f", {row['team']} team" if row.get("team") else ""
            self.stdout.write(
                f"  {row['email']:36} {row['role']:17} {row['organisation_name']}{team}"
            )


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
