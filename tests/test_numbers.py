import pytest

from survey_app.numbers import parse_whole_number


@pytest.mark.parametrize(("text", "number"), [
    ("2500000", 2_500_000),
    ("2.500.000", 2_500_000),
    (" 3.800 ", 3_800),
    ("2 500 000", 2_500_000),
    ("2\u00a0500\u00a0000", 2_500_000),  # as Babel formats it for some locales
    ("2,500,000", 2_500_000),
    ("0", 0),
    ("007", 7),
])
def test_whole_numbers_as_people_type_them(text, number):
    assert parse_whole_number(text) == number


@pytest.mark.parametrize("text", [
    "", "2,5", "2.50", "2.5000", "1.000,000", "-1", "+3", "1e6", "hai", "2.500.000 đ",
    "١٢٣", "9" * 41,
])
def test_anything_else_is_no_whole_number(text):
    assert parse_whole_number(text) is None
