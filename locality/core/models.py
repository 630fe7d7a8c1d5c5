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
