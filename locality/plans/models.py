from django.db import models

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS


class CaseloadEntry(models.Model):
    """A team holds a person on its caseload: a care relationship while open."""

    team = models.ForeignKey("governance.Team", on_delete=models.PROTECT, related_name="caseload")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="caseloads")
    reason = models.CharField(max_length=200, blank=True, default="")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey("governance.User", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "team": OPERATIONAL,
        "person": PSEUDONYMOUS,
        "reason": PSEUDONYMOUS,
        "opened_at": PSEUDONYMOUS,
        "opened_by": OPERATIONAL,
        "closed_at": PSEUDONYMOUS,
        "closed_by": OPERATIONAL,
    }

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                name="caseload_closed_fields_together",
                condition=models.Q(closed_at__isnull=True, closed_by__isnull=True)
                | models.Q(closed_at__isnull=False, closed_by__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["team", "person"],
                condition=models.Q(closed_at__isnull=True),
                name="caseload_one_open_entry_per_team_person",
            ),
        ]
