"""The NHS number: ten digits, the last a modulus 11 check digit.

Weights 10..2 apply to the first nine digits; 11 minus the remainder of the
sum divided by 11 is the check digit, 11 becomes 0, and 10 means the number is
invalid. Numbers starting 999 are reserved for testing and never issued.
"""

import re

WEIGHTS = range(10, 1, -1)
TEST_PREFIX = "999"


class InvalidNHSNumber(ValueError):
    pass


def normalise(value: str) -> str:
    """Strip spaces and hyphens: '943 476 5919' -> '9434765919'."""
    return re.sub(r"[\s-]", "", str(value or ""))


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_valid(value: str) -> bool:
    number = normalise(value)
    if not re.fullmatch(r"\d{10}", number):
        return False
    return check_digit(number[:9]) == int(number[9])


def validate(value: str) -> str:
    """Return the normalised number or raise InvalidNHSNumber saying what is wrong."""
    number = normalise(value)
    if not re.fullmatch(r"\d{10}", number):
        raise InvalidNHSNumber(f"NHS number must be 10 digits, got {value!r}")
    if check_digit(number[:9]) != int(number[9]):
        raise InvalidNHSNumber(f"NHS number {number} fails the check digit")
    return number


def format_spaced(value: str) -> str:
    number = normalise(value)
    return f"{number[:3]} {number[3:6]} {number[6:]}"
