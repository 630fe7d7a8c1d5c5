"""Pseudonyms issued on export, and outreach lists made from cohort member lists."""

from django.db import models

from locality.core.classification import OPERATIONAL, PSEUDONYMOUS, SPECIAL_CATEGORY

SHORT_PSEUDONYM = 10  # characters of a pseudonym shown on pages


class Pseudonym(models.Model):
    """The pseudonym a person was exported under, so a cohort list resolves by lookup.

    One row per person and key version; rows of an earlier key stay, so lists made from
    an export before a key rotation still resolve.
    """

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=64, unique=True)
    key_version = models.CharField(max_length=16)
    created_at = models.DateTimeField(auto_now_add=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "person": PSEUDONYMOUS,
        "value": PSEUDONYMOUS,
        "key_version": OPERATIONAL,
        "created_at": OPERATIONAL,
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "key_version"], name="pseudonym_one_per_person_and_key"
            )
        ]

    def __str__(self):
        return self.value[:SHORT_PSEUDONYM]


class OutreachList(models.Model):
    """One cohort's members in one neighbourhood, for that neighbourhood's team."""

    cohort = models.CharField(max_length=100)
    cohort_version = models.PositiveIntegerField()
    neighbourhood = models.ForeignKey(
        "places.Neighbourhood", on_delete=models.PROTECT, related_name="outreach_lists"
    )
    team = models.ForeignKey(
        "governance.Team", on_delete=models.PROTECT, related_name="outreach_lists"
    )
    created_by = models.ForeignKey("governance.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    source_file = models.CharField(max_length=255)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "cohort": OPERATIONAL,
        "cohort_version": OPERATIONAL,
        "neighbourhood": OPERATIONAL,
        "team": OPERATIONAL,
        "created_by": OPERATIONAL,
        "created_at": OPERATIONAL,
        "source_file": OPERATIONAL,
    }

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.cohort} v{self.cohort_version} ({self.neighbourhood.name})"


class OutreachListEntry(models.Model):
    """One member of the cohort, by pseudonym, until someone with a care relationship
    re-identifies them."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CONTACTED = "contacted", "Contacted"
        DECLINED = "declined", "Declined"
        ADDED = "added_to_caseload", "Added to caseload"

    outreach_list = models.ForeignKey(
        OutreachList, on_delete=models.PROTECT, related_name="entries"
    )
    pseudonym = models.CharField(max_length=64)
    rank = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reidentified_at = models.DateTimeField(null=True, blank=True)
    reidentified_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    caseload_entry = models.ForeignKey(
        "plans.CaseloadEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "outreach_list": OPERATIONAL,
        "pseudonym": PSEUDONYMOUS,
        "rank": PSEUDONYMOUS,
        "reason": SPECIAL_CATEGORY,  # the cohort's reasons name conditions
        "status": PSEUDONYMOUS,
        "status_changed_at": PSEUDONYMOUS,
        "status_changed_by": OPERATIONAL,
        "reidentified_at": PSEUDONYMOUS,
        "reidentified_by": OPERATIONAL,
        "caseload_entry": PSEUDONYMOUS,
    }

    class Meta:
        ordering = [models.F("rank").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outreach_list", "pseudonym"], name="outreach_entry_once_per_list"
            ),
            models.CheckConstraint(
                name="outreach_entry_reidentified_fields_together",
                condition=models.Q(reidentified_at__isnull=True, reidentified_by__isnull=True)
                | models.Q(reidentified_at__isnull=False, reidentified_by__isnull=False),
            ),
            models.CheckConstraint(
                name="outreach_entry_status_changed_fields_together",
                condition=models.Q(status_changed_at__isnull=True, status_changed_by__isnull=True)
                | models.Q(status_changed_at__isnull=False, status_changed_by__isnull=False),
            ),
        ]

    def __str__(self):
        return self.short_pseudonym

    @property
    def short_pseudonym(self) -> str:
        return self.pseudonym[:SHORT_PSEUDONYM]
