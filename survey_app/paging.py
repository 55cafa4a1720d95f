"""The page of a long list a URL asks for (``?page=``)."""

from flask import request

# Far past the end of any list here; a larger number overflows the database's OFFSET (a 500).
MAX_PAGE = 100_000


def requested_page() -> int:
    """``?page=`` from 1 to MAX_PAGE; missing or not a number is the first page."""
    number = request.args.get("page", 1, type=int)
    return min(max(number, 1), MAX_PAGE)
