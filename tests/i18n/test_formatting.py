"""Numbers and dates are written the way each language writes them."""

from datetime import UTC, date, datetime

import pytest
from flask import render_template_string, session


@pytest.fixture
def render(app):
    def render(source: str, lang: str, **context) -> str:
        with app.test_request_context():
            session["lang"] = lang  # what the language switch stores
            return render_template_string(source, **context)

    return render


@pytest.mark.parametrize(("lang", "expected"), [("vi", "30.500"), ("en", "30,500")])
def test_thousands_separator_follows_the_language(render, lang, expected):
    assert render("{{ 30500|number }}", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("vi", "07/03/2025"), ("en", "7 Mar 2025")])
def test_dates_are_written_as_each_language_writes_them(render, lang, expected):
    assert render("{{ day|date }}", lang, day=date(2025, 3, 7)) == expected


def test_times_are_shown_in_vietnam_time(render):
    moment = datetime(2025, 3, 7, 7, 5, tzinfo=UTC)
    assert render("{{ moment|datetime }}", "vi", moment=moment) == "14:05 07/03/2025"
