"""Whole numbers as people in the province type them: "2.500.000", "2 500 000" or "2500000"."""

import re

# Digits in groups of three after the first, all split by the same mark: a dot (the Vietnamese
# way), a comma (the English way) or a space, no-break spaces included (Babel writes them).
# A decimal such as "2,5" or "2.50" has no group of three after its mark, so it never matches.
_GROUPED = re.compile(r"[0-9]{1,3}(?P<mark>[., \u00a0\u202f])[0-9]{3}(?:(?P=mark)[0-9]{3})*")
_DIGITS = re.compile(r"[0-9]+")
# Longer than any amount a form takes: refused before int() reads thousands of digits.
_MAX_LENGTH = 40


def parse_whole_number(text: str) -> int | None:
    """The whole number, 0 or more, that ``text`` writes; None for anything else ("2,5", "-1",
    "hai")."""
    text = text.strip()
    if len(text) > _MAX_LENGTH or not (_DIGITS.fullmatch(text) or _GROUPED.fullmatch(text)):
        return None
    return int(re.sub(r"[^0-9]", "", text))
