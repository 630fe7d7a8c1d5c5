"""``locality places ACTION``: neighbourhood profiles, design, hub siting, outreach, scale.

The actions are the modules of ``locality.places.cli`` (see its docstring). Small-area data
about places is not personal data, so these commands need no user; bad input exits 2 with a
message naming the file, record and field.
"""

import importlib
import pkgutil

from django.core.management.base import BaseCommand, CommandError

from locality.places import cli


def actions() -> dict:
    found = {}
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            found[info.name] = importlib.import_module(f"{cli.__name__}.{info.name}")
    return found


class Command(BaseCommand):
    help = "Places: neighbourhood profiles, design, hub siting, outreach and service scale."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        for name, module in actions().items():
            module.add_arguments(sub.add_parser(name, help=module.HELP))

    def handle(self, *args, **options):
        from locality.analytics.places.geography import PlacesError

        module = actions()[options["action"]]
        try:
            module.handle(options, self.stdout)
        except PlacesError as exc:
            raise CommandError(str(exc), returncode=2) from exc
