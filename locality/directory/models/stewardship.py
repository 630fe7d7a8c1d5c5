"""Keeping the directory true: imports, resident suggestions and likely duplicates."""

from django.db import models

from locality.core.classification import IDENTIFIABLE, OPERATIONAL


class ImportRun(models.Model):
    """One run of `locality directory import`: what came in, and what was turned away."""

    source = models.CharField(max_length=500)
    feed_format = models.CharField(max_length=30)
    started_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=254)
    counts = models.JSONField(default=dict)
    rejects = models.JSONField(default=list, help_text="skipped records and why")
    warnings = models.JSONField(default=list, help_text="kept as published, but noted")

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL, "source": OPERATIONAL, "feed_format": OPERATIONAL,
        "started_at": OPERATIONAL, "imported_by": OPERATIONAL, "counts": OPERATIONAL,
        "rejects": OPERATIONAL, "warnings": OPERATIONAL,
    }  # fmt: skip


class AssetSuggestion(models.Model):
    """An asset a resident suggested through the public form, waiting for moderation."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Added to the directory"
        REJECTED = "rejected", "Not added"

    name = models.CharField(max_length=200)
    description = models.TextField()
    address = models.CharField(max_length=300, blank=True, default="")
    postcode = models.CharField(max_length=10, blank=True, default="")
    website = models.URLField(max_length=500, blank=True, default="")
    when = models.CharField("when it happens", max_length=300, blank=True, default="")
    suggested_by_name = models.CharField(max_length=200, blank=True, default="")
    suggested_by_email = models.EmailField(blank=True, default="")
    suggested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, default="")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL, "name": OPERATIONAL, "description": OPERATIONAL,
        "address": OPERATIONAL, "postcode": OPERATIONAL, "website": OPERATIONAL,
        "when": OPERATIONAL, "suggested_by_name": IDENTIFIABLE,
        "suggested_by_email": IDENTIFIABLE, "suggested_at": OPERATIONAL, "status": OPERATIONAL,
        "reviewed_by": OPERATIONAL, "reviewed_at": OPERATIONAL, "review_note": OPERATIONAL,
        "service": OPERATIONAL,
    }  # fmt: skip

    class Meta:
        ordering = ["-suggested_at"]
        constraints = [
            models.CheckConstraint(
                name="suggestion_review_fields_together",
                condition=models.Q(status="pending", reviewed_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(reviewed_at__isnull=False)),
            ),
        ]


class DuplicateCandidate(models.Model):
    """Two services that look like the same one (say, from council and NHS feeds)."""

    class Status(models.TextChoices):
        OPEN = "open", "To review"
        MERGED = "merged", "Merged"
        DISTINCT = "distinct", "Not duplicates"

    first = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    found_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL, "first": OPERATIONAL, "second": OPERATIONAL, "score": OPERATIONAL,
        "reasons": OPERATIONAL, "found_at": OPERATIONAL, "status": OPERATIONAL,
        "resolved_by": OPERATIONAL, "resolved_at": OPERATIONAL,
    }  # fmt: skip

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                name="duplicate_pair_ordered", condition=models.Q(first__lt=models.F("second"))
            ),
        ]
