"""`locality check --deploy` fails when no pseudonymisation key is configured."""

from django.conf import settings
from django.core import checks

from locality.population.key_utils import missing_key_message


@checks.register(checks.Tags.security, deploy=True)
def pseudonym_key_set(app_configs, **kwargs):
    if getattr(settings, "LOCALITY_PSEUDONYM_KEY", ""):
        return []
    return [checks.Error(missing_key_message(), id="population.E001")]
