from django.db import models
from django.utils import timezone

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS


class BreakGlass(models.Model):
    """Emergency access to one person's record without a care relationship."""

    class Outcome(models.TextChoices):
        APPROPRIATE = "appropriate", "Appropriate"
        INAPPROPRIATE = "inappropriate", "Inappropriate: follow up"

    user = models.ForeignKey("governance.User", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    review_note = models.TextField(blank=True, default="")

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "user": OPERATIONAL,
        "person": PSEUDONYMOUS,
        "reason": PSEUDONYMOUS,
        "started_at": OPERATIONAL,
        "expires_at": OPERATIONAL,
        "reviewed_by": OPERATIONAL,
        "reviewed_at": OPERATIONAL,
        "review_outcome": OPERATIONAL,
        "review_note": OPERATIONAL,
    }

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                name="breakglass_review_fields_together",
                condition=(
                    models.Q(reviewed_by__isnull=True, reviewed_at__isnull=True, review_outcome="")
                    | (
                        models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False)
                        & ~models.Q(review_outcome="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="breakglass_expires_after_start",
                condition=models.Q(expires_at__gt=models.F("started_at")),
            ),
        ]

    @property
    def is_active(self) -> bool:
        return self.started_at <= timezone.now() < self.expires_at
