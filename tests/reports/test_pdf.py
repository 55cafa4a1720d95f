"""The PDF wrapper: Vietnamese text and page numbers, autoescaping, only the app's own files."""

import gc
from pathlib import Path

import pytest
from flask import session
from jinja2 import ChoiceLoader, DictLoader

from survey_app.reports.pdf import BASE_URL, render_pdf, static_fetcher
from tests.reports.pdf_text import page_count, pdf_fonts, pdf_text

SAMPLE = """{% extends "reports/base.html" %}
{% block content %}
<section class="page"><h1>Nghề hàn điện – Mèo Vạc</h1><p>{{ typed }}</p></section>
<section class="page"><p>Kỹ thuật chế biến chè Shan tuyết</p>
<img src="{{ url_for('static', filename='icon.svg') }}" alt="">
<img src="file:///etc/hostname" alt=""></section>
{% endblock %}"""


@pytest.fixture
def sample(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader({"reports/sample.html": SAMPLE}),
                                         app.jinja_env.loader])
    return app


def render(app, lang="vi", **context) -> bytes:
    with app.test_request_context():
        session["lang"] = lang
        return render_pdf("reports/sample.html", typed="<b>Công ty</b> & cộng sự", **context)


def test_vietnamese_text_and_page_numbers_print_in_a_font_that_has_them(sample):
    pdf = render(sample)

    text = pdf_text(pdf)
    assert page_count(pdf) == 2
    assert "Nghề hàn điện – Mèo Vạc" in text and "Kỹ thuật chế biến chè Shan tuyết" in text
    assert "Trang 1 / 2" in text and "Trang 2 / 2" in text
    # Page numbers too: no serif fallback without tone marks in the margin boxes.
    assert pdf_fonts(pdf) <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}


def test_page_numbers_follow_the_readers_language(sample):
    text = pdf_text(render(sample, lang="en"))
    assert "Page 1 / 2" in text and "Trang" not in text


def test_text_is_escaped_not_run_as_markup(sample):
    assert "<b>Công ty</b> & cộng sự" in pdf_text(render(sample))


def test_a_render_leaves_the_garbage_collector_running_even_when_it_fails(sample, monkeypatch):
    assert gc.isenabled()
    render(sample)
    assert gc.isenabled()

    def fails(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fails)
    with pytest.raises(RuntimeError):
        render(sample)
    assert gc.isenabled()


@pytest.fixture
def fetch(app):
    with app.test_request_context():
        yield static_fetcher(app.static_folder, app.static_url_path)


def test_the_fetcher_serves_the_apps_static_files(app, fetch):
    response = fetch(f"{BASE_URL}static/icon.svg")
    assert response.read() == Path(app.static_folder, "icon.svg").read_bytes()
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize("url", [
    "file:///etc/hostname",
    "https://example.com/static/icon.svg",
    "http://report.invalid/static/icon.svg",
    "data:text/plain,hello",
    f"{BASE_URL}static/../config.py",
    f"{BASE_URL}static/%2e%2e/config.py",
    f"{BASE_URL}static/nothing-here.css",
    f"{BASE_URL}templates/base.html",
])
def test_the_fetcher_refuses_anything_else(fetch, url):
    with pytest.raises(ValueError):
        fetch(url)
