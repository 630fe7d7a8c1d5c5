"""`locality worker` and the daily tasks it queues; `locality directory flag-stale --enqueue`.

The worker commits as it claims and finishes each task, so the tests that run it use real
transactions (`transaction=True`), as a worker process would.
"""

import datetime
import os
import signal
import subprocess
import sys
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from locality.core import daily_tasks
from locality.core.models import DailyTaskRun
from locality.governance.models import AuditEvent
from tests.factories.directory_stewardship import ServiceFactory

STALE_CHECK = "locality.directory.stewardship.tasks.flag_stale_services"
TODAY = datetime.date(2025, 6, 30)


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, **options, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- the daily tasks are queued once per calendar day ---------------------------------------


def test_daily_tasks_enqueue_queues_the_stale_check_once_a_day(db):
    first = daily_tasks.daily_tasks_enqueue(today=TODAY)
    again = daily_tasks.daily_tasks_enqueue(today=TODAY)

    assert [r.task.module_path for r in first] == [STALE_CHECK]
    assert again == []
    run_row = DailyTaskRun.objects.get()
    assert (run_row.task, run_row.day, run_row.task_result_id) == (STALE_CHECK, TODAY, first[0].id)
    assert DBTaskResult.objects.get().status == "READY"


def test_daily_tasks_enqueue_queues_again_the_next_day(db):
    daily_tasks.daily_tasks_enqueue(today=TODAY)

    tomorrow = daily_tasks.daily_tasks_enqueue(today=TODAY + datetime.timedelta(days=1))

    assert len(tomorrow) == 1
    assert DailyTaskRun.objects.count() == 2 and DBTaskResult.objects.count() == 2


def test_daily_task_queued_first_by_another_worker_is_not_queued_again(db):
    DailyTaskRun.objects.create(task=STALE_CHECK, day=TODAY, task_result_id="other")

    assert daily_tasks._enqueue_once(STALE_CHECK, TODAY) is None
    assert not DBTaskResult.objects.exists()
    assert DailyTaskRun.objects.get().task_result_id == "other"


# Two threads writing at once need a database where the second writer waits. The in-memory
# SQLite test database is shared-cache, so there a second writer gets "table is locked" at
# once; two workers on SQLite (a file, as deployed) are the console test at the end instead.
needs_waiting_writers = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test database: concurrent writers fail instead of waiting; "
    "SQLite's two-worker case is test_console_two_workers_queue_the_daily_check_once...",
)


@needs_waiting_writers
@pytest.mark.django_db(transaction=True)
def test_daily_tasks_enqueue_from_two_workers_at_once_queues_one():
    start, results, errors = threading.Barrier(2), [], []

    def worker():
        try:
            start.wait()
            results.extend(daily_tasks.daily_tasks_enqueue(today=TODAY))
        except Exception as exc:  # reported below, with the thread's own error
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == 1
    assert DailyTaskRun.objects.count() == 1 and DBTaskResult.objects.count() == 1


# --- locality worker -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_worker_queues_the_daily_stale_check_once_and_runs_it():
    stale = ServiceFactory(assured_date=timezone.localdate() - datetime.timedelta(days=91))
    handler_before = signal.getsignal(signal.SIGTERM)

    first = run("worker", batch=True)
    second = run("worker", batch=True)

    assert f"queued flag_stale_services for {timezone.localdate()}" in first
    assert "successful: flag_stale_services" in first and "ran 1 tasks, 0 failed" in first
    assert "queued" not in second and "ran 0 tasks, 0 failed" in second
    stale.refresh_from_db()
    assert stale.flagged_stale_at is not None
    assert DailyTaskRun.objects.get().day == timezone.localdate()
    event = AuditEvent.objects.get(action="directory.flag_stale")
    assert event.actor == "task:flag_stale_services"
    assert signal.getsignal(signal.SIGTERM) is handler_before


@pytest.mark.django_db(transaction=True)
def test_worker_no_daily_leaves_the_daily_tasks_alone():
    output = run("worker", batch=True, no_daily=True)

    assert "ran 0 tasks" in output
    assert not DailyTaskRun.objects.exists() and not DBTaskResult.objects.exists()


def test_worker_refuses_a_backend_other_than_the_database(db):
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(TASKS=immediate), pytest.raises(CommandError) as exc:
        run("worker", batch=True)

    assert exc.value.returncode == 2
    assert "ImmediateBackend" in str(exc.value)


def test_worker_refuses_a_negative_interval(db):
    with pytest.raises(CommandError, match="--interval -1.0") as exc:
        run("worker", "--batch", "--interval", "-1")

    assert exc.value.returncode == 2


# --- locality directory flag-stale --enqueue ---------------------------------------------------


def test_flag_stale_enqueue_queues_without_running(db):
    stale = ServiceFactory(assured_date=None)

    output = run("directory", "flag-stale", "--enqueue", "--days", "30")

    queued = DBTaskResult.objects.get()
    assert f"queued flag_stale_services ({queued.id})" in output
    assert "to run as task:flag_stale_services" in output
    assert (queued.status, queued.task_path) == ("READY", STALE_CHECK)
    assert queued.args_kwargs == {"args": [], "kwargs": {"days": 30, "by": ""}}
    stale.refresh_from_db()
    assert stale.flagged_stale_at is None
    assert not AuditEvent.objects.exists()


def test_flag_stale_enqueue_by_unknown_email_refused(db):
    with pytest.raises(CommandError, match="nobody@example.org") as exc:
        run("directory", "flag-stale", "--enqueue", "--by", "nobody@example.org")

    assert exc.value.returncode == 2
    assert not DBTaskResult.objects.exists()


def test_flag_stale_negative_days_refused(db):
    with pytest.raises(CommandError, match="--days -1") as exc:
        run("directory", "flag-stale", "--days", "-1")

    assert exc.value.returncode == 2


# --- the console script, as an operator runs it ----------------------------------------------


def test_console_two_workers_queue_the_daily_check_once_and_share_the_tasks(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
            "LOCALITY_DATA_DIR": str(tmp_path / "var")}  # fmt: skip
    command = [sys.executable, "-m", "locality"]

    def locality(*args):
        return subprocess.run([*command, *args], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)  # fmt: skip

    assert locality("migrate", "-v0").returncode == 0
    queued = locality("directory", "flag-stale", "--enqueue")
    workers = [subprocess.Popen([*command, "worker", "--batch"], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]  # fmt: skip
    outputs = [worker.communicate(timeout=120) for worker in workers]
    again = locality("worker", "--batch")
    verify = locality("audit", "verify")

    assert queued.returncode == 0 and "queued flag_stale_services" in queued.stdout
    assert [w.returncode for w in workers] == [0, 0], [err[-2000:] for _, err in outputs]
    stdout = "".join(out for out, _ in outputs)
    assert stdout.count("queued flag_stale_services for") == 1
    assert stdout.count("successful: flag_stale_services") == 2  # the queued one and the daily
    assert again.returncode == 0 and "ran 0 tasks, 0 failed" in again.stdout
    assert verify.returncode == 0 and "2 events" in verify.stdout
