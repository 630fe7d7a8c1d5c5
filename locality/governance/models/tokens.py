from django.db import models

from locality.core.classification import OPERATIONAL


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey("governance.User", on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    DATA_CLASSIFICATION = {
        "id": OPERATIONAL,
        "user": OPERATIONAL,
        "digest": OPERATIONAL,
        "prefix": OPERATIONAL,
        "created_at": OPERATIONAL,
        "expires_at": OPERATIONAL,
        "revoked_at": OPERATIONAL,
        "last_used_at": OPERATIONAL,
    }
