"""Reading the tables commands print."""

import re


def columns(output: str) -> list[list[str]]:
    """The cells of a printed table, row by row: columns are two or more spaces apart."""
    return [re.split(r" {2,}", line) for line in output.splitlines()]
