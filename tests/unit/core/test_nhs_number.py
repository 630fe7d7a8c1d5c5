import pytest

from locality.core import nhs_number


@pytest.mark.parametrize("value", ["9434765919", "943 476 5919", "943-476-5919", "9990000026"])
def test_nhs_number_valid(value):
    assert nhs_number.is_valid(value)


@pytest.mark.parametrize("value", ["9434765918", "943476591", "94347659190", "abcdefghij", ""])
def test_nhs_number_invalid(value):
    assert not nhs_number.is_valid(value)


def test_nhs_number_check_digit_ten_is_never_valid():
    # 999000000: weighted sum 243, 11 - 243 % 11 = 10, so no tenth digit makes it valid
    assert nhs_number.check_digit("999000000") is None
    assert not any(nhs_number.is_valid(f"999000000{d}") for d in range(10))


def test_nhs_number_check_digit_eleven_becomes_zero():
    # find nine digits whose sum is a multiple of 11 and check the digit is 0
    assert nhs_number.check_digit("000000000") == 0


def test_nhs_number_validate_names_the_problem():
    with pytest.raises(nhs_number.InvalidNHSNumber, match="check digit"):
        nhs_number.validate("9434765918")
    with pytest.raises(nhs_number.InvalidNHSNumber, match="10 digits"):
        nhs_number.validate("12345")


def test_nhs_number_format_spaced():
    assert nhs_number.format_spaced("9434765919") == "943 476 5919"
