from django.db import models

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS, SPECIAL_CATEGORY


class Referral(models.Model):
    """A referral from one organisation to another.

    The foundation needs only its open/closed state: an open referral is a care
    relationship for the receiving organisation. Routing, tracking to an outcome
    and escalation come with the referrals capability.
    """

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    OPEN_STATUSES = (Status.SENT, Status.ACCEPTED)

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    from_organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="referrals_received"
    )
    reason = models.TextField(blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SENT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey("governance.User", on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "person": PSEUDONYMOUS,
        "from_organisation": OPERATIONAL,
        "to_organisation": OPERATIONAL,
        "reason": SPECIAL_CATEGORY,
        "status": PSEUDONYMOUS,
        "created_at": PSEUDONYMOUS,
        "created_by": OPERATIONAL,
        "closed_at": PSEUDONYMOUS,
    }

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
