from django.db import models

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS


class ConsentRecord(models.Model):
    """One statement of consent given or withdrawn. Append-only: the latest wins.

    For direct care the organisation says with whom the record may be shared;
    a withdrawal takes effect on the next access check.
    """

    class Purpose(models.TextChoices):
        DIRECT_CARE = "direct_care", "Sharing for direct care with a named organisation"
        REFERRAL = "referral", "Referral to other services"
        EVALUATION = "evaluation", "Use in evaluation of the programme"

    class Status(models.TextChoices):
        GIVEN = "given", "Given"
        WITHDRAWN = "withdrawn", "Withdrawn"

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey("governance.User", on_delete=models.PROTECT)
    recorded_at = models.DateTimeField()
    note = models.TextField(blank=True, default="")

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "person": PSEUDONYMOUS,
        "purpose": PSEUDONYMOUS,
        "organisation": OPERATIONAL,
        "status": PSEUDONYMOUS,
        "recorded_by": OPERATIONAL,
        "recorded_at": PSEUDONYMOUS,
        "note": PSEUDONYMOUS,
    }

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_direct_care_names_organisation",
                condition=~models.Q(purpose="direct_care") | models.Q(organisation__isnull=False),
            ),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("ConsentRecord is append-only: record a new statement instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("ConsentRecord is append-only")
