"""`locality worker`: run background tasks from the database queue, and queue the daily ones.

django-tasks-db's worker claims and runs each task; this command wraps it so that the
daily tasks (`locality.core.daily_tasks`) are queued once per calendar day by whichever
worker sees the day first (decision 0008). `--batch` queues what is due, runs every task
that is ready, and exits: non-zero if any failed (for cron, and for tests).
"""

import signal
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from locality.core.daily_tasks import daily_tasks_enqueue

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class ReportingWorker(Worker):
    """django-tasks-db's worker, keeping each task it ran to report on."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.ran = []

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        self.ran.append(db_task_result)


class Command(BaseCommand):
    help = (
        "Run background tasks from the database queue; queue the daily tasks (the directory's "
        "stale check) once per calendar day. Ctrl-C stops it after the current task."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="queue what is due, run every ready task, then exit (1 if any task failed)",
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="seconds between polls when idle"
        )
        parser.add_argument("--no-daily", action="store_true", help="do not queue the daily tasks")

    def handle(self, *args, batch, interval, no_daily, **options):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"TASKS['default'] is {type(backend).__name__}: the worker runs "
                "the database queue (django_tasks_db.DatabaseBackend)",
                returncode=2,
            )
        if interval < 0:
            raise CommandError(f"--interval {interval}: give zero or more seconds", returncode=2)
        worker = ReportingWorker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name=backend.alias,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
        )
        with _graceful_stop(worker):
            self._loop(worker, batch=batch, interval=interval, daily=not no_daily)
        self._summary(worker, batch=batch)

    def _loop(self, worker, *, batch, interval, daily) -> None:
        queued_for = None
        while worker.running:
            if daily and queued_for != timezone.localdate():
                queued_for = timezone.localdate()
                for result in daily_tasks_enqueue(today=queued_for):
                    self.stdout.write(f"queued {result.task.name} for {queued_for} ({result.id})")
            reported = len(worker.ran)
            worker.run()
            for db_result in worker.ran[reported:]:
                self.stdout.write(f"{db_result.status.lower()}: {db_result.task_name} "
                                  f"({db_result.id})")  # fmt: skip
            if batch:
                return
            time.sleep(interval)

    def _summary(self, worker, *, batch) -> None:
        failed = [r for r in worker.ran if r.status == TaskResultStatus.FAILED]
        self.stdout.write(f"ran {len(worker.ran)} tasks, {len(failed)} failed")
        if batch and failed:
            raise CommandError(
                f"{len(failed)} tasks failed: "
                + ", ".join(f"{r.task_name} ({r.id}): {r.exception_class_path}" for r in failed),
                returncode=1,
            )


@contextmanager
def _graceful_stop(worker):
    """The worker's own handlers (finish the current task, then stop) while it runs."""
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        signal.signal(s, worker.shutdown)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
