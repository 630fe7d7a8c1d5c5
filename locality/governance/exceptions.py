class AccessDenied(Exception):
    """Refused by the access check. Views and the API show it as 404, never 'forbidden',
    so that whether a person exists is not disclosed."""


class GovernanceError(ValueError):
    """A governance rule stops this change (for example a break-glass without a reason)."""
