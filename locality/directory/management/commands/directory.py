import json
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from locality.directory.exporter import directory_export
from locality.directory.importer import directory_check, directory_import
from locality.directory.stewardship import STALE_DAYS
from locality.governance.cli_utils import add_actor_argument, resolve_actor
from locality.governance.exceptions import AccessDenied


class Command(BaseCommand):
    help = "The community asset directory: import, validate and export Open Referral UK feeds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imp = sub.add_parser("import", help="import an ORUK v3/HSDS 3 JSON feed, an HSDS "
                             "tabular datapackage folder or an ORUK v1 feed")  # fmt: skip
        imp.add_argument("path", type=Path)
        imp.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid records and list every skipped one",
        )
        imp.add_argument("--rejects", type=Path, help="write the rejects report here (JSON)")
        imp.add_argument("--json", action="store_true", help="print counts per entity as JSON")
        imp.add_argument("--profile", choices=["oruk", "hsds"], default="oruk")
        add_actor_argument(imp)
        val = sub.add_parser("validate", help="check a feed without writing anything")
        val.add_argument("path", type=Path)
        val.add_argument("--json", action="store_true")
        val.add_argument("--profile", choices=["oruk", "hsds"], default="oruk")
        exp = sub.add_parser("export", help="write the open feed as ORUK v3 JSON")
        exp.add_argument("path", type=Path)
        exp.add_argument(
            "--include-confidential",
            action="store_true",
            help="a full backup, including refuges: never publish it",
        )
        stale = sub.add_parser(
            "flag-stale",
            help=f"mark services not confirmed within {STALE_DAYS} days unverified (daily)",
        )
        stale.add_argument("--days", type=int, default=STALE_DAYS)
        stale.add_argument("--enqueue", action="store_true",
                           help="queue the check for `locality worker`")  # fmt: skip
        add_actor_argument(stale)
        dups = sub.add_parser("find-duplicates", help="queue likely duplicate services for review")
        dups.add_argument("--json", action="store_true")
        add_actor_argument(dups)

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _validate(self, path, json, profile, **options):
        _exists(path)
        feed, problems = directory_check(path, profile=profile)
        self._report(feed.format, len(feed.services), problems, as_json=json)
        if problems:
            raise CommandError(f"{len(problems)} problems in {path}", returncode=2)

    def _import(self, path, skip_invalid, rejects, json, profile, by, **options):
        _exists(path)
        try:
            result = directory_import(by=resolve_actor(by), path=path,
                                      skip_invalid=skip_invalid, profile=profile)  # fmt: skip
        except AccessDenied as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if rejects:
            rejects.write_text(_dumps([p.__dict__ for p in result.problems]))
        if not result.written:
            self._report(result.feed_format, 0, result.problems, as_json=json)
            raise CommandError(
                f"nothing imported: {len(result.problems)} problems in {path} "
                "(use --skip-invalid to import the valid records)",
                returncode=2,
            )
        self._imported(result, as_json=json)

    def _export(self, path, include_confidential, **options):
        count = directory_export(path, include_confidential=include_confidential)
        self.stdout.write(f"wrote {count} services to {path}")

    def _flag_stale(self, days, enqueue, by, **options):
        call_command("directory_flag_stale", days=days, enqueue=enqueue, by=by,
                     stdout=self.stdout, stderr=self.stderr)  # fmt: skip

    def _find_duplicates(self, json, by, **options):
        call_command("directory_find_duplicates", json=json, by=by, stdout=self.stdout,
                     stderr=self.stderr)  # fmt: skip

    def _report(self, feed_format, services, problems, *, as_json) -> None:
        if as_json:
            self.stdout.write(_dumps({"format": feed_format, "services": services,
                                      "problems": [p.__dict__ for p in problems]}))  # fmt: skip
            return
        for problem in problems:
            self.stderr.write(problem.format())
        if not problems:
            self.stdout.write(f"{feed_format}: {services} services, no problems")

    def _imported(self, result, *, as_json) -> None:
        if as_json:
            self.stdout.write(_dumps({"format": result.feed_format, "counts": result.counts,
                                      "rejected": result.rejected}))  # fmt: skip
            return
        for problem in result.problems:
            self.stderr.write(f"skipped: {problem.format()}")
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning.format()}")
        for entity, c in result.counts.items():
            self.stdout.write(f"{entity:24} {c['created']:6} new {c['updated']:6} changed "
                              f"{c['unchanged']:6} unchanged")  # fmt: skip
        self.stdout.write(f"imported {result.source} ({result.feed_format}); "
                          f"{len(result.rejected)} records skipped")  # fmt: skip


def _exists(path: Path) -> None:
    if not path.exists():
        raise CommandError(f"{path}: no such file or folder", returncode=2)


def _dumps(data) -> str:
    return json.dumps(data, indent=2, default=str)
