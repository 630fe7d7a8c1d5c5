"""The smaller parts of a service: phone numbers, languages, costs, eligibility, status, and
the assured and last-modified dates.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from locality.demo.directory.vocabulary import ENGLISH, LANGUAGES

if TYPE_CHECKING:
    from locality.demo.directory.state import Generator
    from locality.demo.directory.template import Template

ASSURED_WINDOW_DAYS = 200


def format_phone(number: int) -> str:
    """A drama-range number in UK national format, e.g. ``01632 960123``."""
    return f"01632 {number}"


def phone(
    gen: Generator, owner_id: str, number: int, description: str, text: str | None = None
) -> dict:
    return {
        "id": gen.id(owner_id, "phone", number),
        "service_id": owner_id,
        "number": text or format_phone(number),
        "type": "voice",
        "description": description,
    }


def languages(gen: Generator, service_id: str, template: Template) -> list[dict]:
    """English, and now and then another language (more often for ESOL and sensory services)."""
    chosen = [ENGLISH] + [
        (name, code) for name, code, chance in LANGUAGES
        if gen.rng.random() < min(0.9, chance * template.extra_languages)
    ]  # fmt: skip
    return [
        {"id": gen.id(service_id, "language", code), "service_id": service_id,
         "name": name, "code": code}
        for name, code in chosen
    ]  # fmt: skip


def cost_options(gen: Generator, service_id: str, template: Template) -> tuple[list[dict], str]:
    """HSDS cost options and the matching ``fees_description``: free, or a charge in GBP."""
    chance, amounts, unit = template.cost
    if amounts and gen.rng.random() < chance:
        amount = gen.rng.choice(amounts)
        options = [{"id": gen.id(service_id, "cost", 0), "service_id": service_id,
                    "option": "Standard", "amount": amount, "currency": "GBP",
                    "amount_description": unit}]  # fmt: skip
        text = f"£{amount:.2f} {unit}."
        if amount >= 3 and gen.rng.random() < 0.4:
            concession = round(amount / 2, 2)
            options.append({"id": gen.id(service_id, "cost", 1), "service_id": service_id,
                            "option": "Concessions", "amount": concession,
                            "currency": "GBP", "amount_description": unit})  # fmt: skip
            text += f" Concessions £{concession:.2f}."
        return options, text
    return [{"id": gen.id(service_id, "cost", 0), "service_id": service_id,
             "option": "Free", "amount": 0, "currency": "GBP",
             "amount_description": "No charge"}], "Free."  # fmt: skip


def dates(gen: Generator) -> tuple[str, str]:
    """(assured_date, last_modified): assured 0-199 days ago, skewed to recent."""
    days_ago = int(ASSURED_WINDOW_DAYS * gen.rng.random() ** 2)
    assured = gen.reference_date - timedelta(days=days_ago)
    modified = assured + timedelta(days=gen.rng.randint(0, days_ago // 4))
    seconds = gen.rng.randint(8 * 3600, 18 * 3600)
    stamp = (f"{modified.isoformat()}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:"
             f"{seconds % 60:02d}.{gen.rng.randint(0, 999):03d}Z")  # fmt: skip
    return assured.isoformat(), stamp


def status(gen: Generator) -> tuple[str, str]:
    """(status, alert): mostly active, a few inactive or temporarily closed."""
    r = gen.rng.random()
    if r < 0.03:
        return "inactive", "This service is no longer running."
    if r < 0.06:
        return "temporarily closed", gen.rng.choice((
            "Closed until further notice while the venue is refurbished.",
            "Paused for the school holidays; restarting next term.",
            "Temporarily closed while we recruit new volunteers.",
        ))  # fmt: skip
    return "active", ""


def eligibility(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "Everyone is welcome."
    if high is None:
        return f"People aged {low} and over."
    if low in (None, 0):
        return f"Children aged {high} and under, with a parent or carer."
    return f"People aged {low} to {high}."
