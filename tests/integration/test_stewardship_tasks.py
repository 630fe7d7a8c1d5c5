"""The daily stale check as a background task: queued in the database, run by the worker.

The worker commits as it claims and finishes each task, so these tests use real
transactions (`transaction=True`), as a worker process would.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from locality.directory import models as m
from locality.directory.stewardship.tasks import flag_stale_services
from locality.governance import audit
from locality.governance.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.directory_stewardship import ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> str:
    out = StringIO()
    call_command("worker", batch=True, no_daily=True, stdout=out, stderr=StringIO())
    return out.getvalue()


def long_ago(days=200):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_flag_stale_task_flags_stale_services_and_writes_audit_event():
    stale = ServiceFactory(name="Old Club", assured_date=long_ago())
    fresh = ServiceFactory(name="New Club")

    result = flag_stale_services.enqueue()
    assert result.status == TaskResultStatus.READY
    output = run_worker()

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"flagged": 1, "days": 90, "by": "task:flag_stale_services"}
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.flagged_stale_at is not None and fresh.flagged_stale_at is None
    event = AuditEvent.objects.get(action="directory.flag_stale")
    assert (event.actor, event.role, event.outcome) == (
        "task:flag_stale_services",
        "system",
        "allowed",
    )
    assert event.detail["flagged"] == 1
    assert audit.verify().ok
    assert f"successful: flag_stale_services ({result.id})" in output
    assert "ran 1 tasks, 0 failed" in output


def test_flag_stale_task_keeps_the_days_it_was_queued_with():
    ServiceFactory(assured_date=long_ago(20))

    result = flag_stale_services.enqueue(days=10)
    run_worker()

    result.refresh()
    assert result.return_value["flagged"] == 1
    assert AuditEvent.objects.get(action="directory.flag_stale").detail["days"] == 10


def test_flag_stale_task_as_directory_editor(organisation):
    editor = UserFactory(email="editor@example.org", role="directory_editor",
                         organisation=organisation)  # fmt: skip
    ServiceFactory(assured_date=long_ago())

    result = flag_stale_services.enqueue(by=editor.email)
    run_worker()

    result.refresh()
    assert result.return_value["by"] == editor.email
    assert AuditEvent.objects.get(action="directory.flag_stale").actor == editor.email


def test_flag_stale_task_by_coordinator_refused_and_audited(coordinator):
    service = ServiceFactory(assured_date=long_ago())

    result = flag_stale_services.enqueue(by=coordinator.email)
    with pytest.raises(CommandError, match="1 tasks failed") as exc:
        run_worker()

    assert exc.value.returncode == 1
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path.endswith("AccessDenied")
    service.refresh_from_db()
    assert service.flagged_stale_at is None
    refused = AuditEvent.objects.get(actor=coordinator.email)
    assert (refused.action, refused.outcome) == ("directory.edit", "refused")
    assert not AuditEvent.objects.filter(action="directory.flag_stale").exists()


def test_flag_stale_task_by_deactivated_user_fails_naming_the_email(organisation):
    gone = UserFactory(email="gone@example.org", role="directory_editor",
                       organisation=organisation, is_active=False)  # fmt: skip
    ServiceFactory(assured_date=long_ago())

    result = flag_stale_services.enqueue(by=gone.email)
    with pytest.raises(CommandError):
        run_worker()

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "gone@example.org" in result.errors[0].traceback
    assert not m.Service.objects.filter(flagged_stale_at__isnull=False).exists()


def test_worker_runs_every_ready_task_in_one_batch():
    ServiceFactory(assured_date=long_ago())
    first, second = flag_stale_services.enqueue(), flag_stale_services.enqueue()

    output = run_worker()

    assert "ran 2 tasks, 0 failed" in output
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    first.refresh()
    second.refresh()
    assert (first.return_value["flagged"], second.return_value["flagged"]) == (1, 0)
    assert AuditEvent.objects.filter(action="directory.flag_stale").count() == 2
