"""Small shared tables."""

from django.db import models

from locality.core.classification import OPERATIONAL


class CacheVersion(models.Model):
    """A token that changes whenever the data behind a process-local cache changes.

    Each web process keeps its own copy of slow-changing data (the needs list, say) in
    memory, under the token it read, so a change written by any process (an import run
    from the command line) is seen by every process on its next request. See
    `locality.core.cache_utils`.
    """

    name = models.CharField(primary_key=True, max_length=100)
    token = models.CharField(max_length=32)

    DATA_CLASSIFICATION = {"name": OPERATIONAL, "token": OPERATIONAL}

    def __str__(self):
        return f"{self.name} {self.token}"


class DailyTaskRun(models.Model):
    """A daily background task enqueued for one calendar day: at most once, by any worker.

    The unique (task, day) pair is what keeps two `locality worker` processes from both
    enqueueing the same day's run (see `locality.core.daily_tasks`).
    """

    task = models.CharField(max_length=200)
    day = models.DateField()
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "task": OPERATIONAL,
        "day": OPERATIONAL,
        "task_result_id": OPERATIONAL,
        "created_at": OPERATIONAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "day"], name="daily_task_run_once_a_day")
        ]

    def __str__(self):
        return f"{self.task} {self.day}"
