from django import template

from locality.core.nhs_number import format_spaced, normalise

register = template.Library()


@register.filter
def nhs_number(value: str) -> str:
    """'9434765919' -> '943 476 5919', the way the NHS writes it."""
    return format_spaced(value) if len(normalise(value)) == 10 else value
