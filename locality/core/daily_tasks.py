"""The daily background tasks, enqueued once per calendar day by `locality worker`.

django-tasks has no scheduler (decision 0008). Each worker calls `daily_tasks_enqueue`
when it starts and whenever the date (Europe/London) changes; a `DailyTaskRun` row per
task and day, unique on the pair and written in the same transaction as the queued task,
means two workers never queue the same day's run twice.

Tasks are named by import path so that `core` imports no domain app.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from locality.core.models import DailyTaskRun

DAILY_TASKS = ("locality.directory.stewardship.tasks.flag_stale_services",)


def daily_tasks_enqueue(*, today: date | None = None, tasks=DAILY_TASKS) -> list:
    """Queue each daily task not yet queued for `today`; return the queued task results."""
    today = today or timezone.localdate()
    done = set(DailyTaskRun.objects.filter(day=today).values_list("task", flat=True))
    return [r for path in tasks if path not in done and (r := _enqueue_once(path, today))]


def _enqueue_once(path: str, today: date):
    task = import_string(path)
    try:
        with transaction.atomic():
            run = DailyTaskRun.objects.create(task=path, day=today)
            result = task.enqueue()
            run.task_result_id = result.id
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return None  # another worker queued it first
    return result
