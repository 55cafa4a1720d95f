"""The one WeasyPrint wrapper of the application.

``render_pdf`` renders a template of ``templates/reports/`` with the app's Jinja
environment (autoescaped, translated, with the app's filters) and turns it into
PDF bytes. Templates extend ``reports/base.html``, which sets a font covering
Vietnamese on the page and in its margin boxes and numbers the pages.

The fetcher serves the app's own static files, read from disk, and refuses
everything else (``file:``, ``http(s):`` to any other place, ``data:``): a
template, or text a user typed into one, can never make the server read a
local file or call out. A refused resource is left out of the PDF and logged
by WeasyPrint.
"""

import gc
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, render_template, request
from flask_babel import gettext as _
from werkzeug.security import safe_join

# Relative URLs in report templates (``url_for('static', ...)``) resolve against this
# base, which names no real host: only the fetcher below answers for it.
BASE_URL = "https://report.invalid/"


def render_pdf(template_name: str, **context) -> bytes:
    """The PDF of ``template_name`` rendered with ``context``."""
    # Imported here: WeasyPrint takes about a second to import, and most processes
    # (commands, workers, tests) never make a PDF.
    from weasyprint import HTML

    html = render_template(template_name, page_number_content=page_number_content(), **context)
    document = HTML(string=html, base_url=BASE_URL,
                    url_fetcher=static_fetcher(current_app.static_folder,
                                               current_app.static_url_path))
    with collector_paused():
        return document.write_pdf()


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector held off for a while.

    WeasyPrint makes hundreds of thousands of objects, and each full collection they trigger
    also walks everything the process already holds (a plan's result: tens of thousands of
    objects): the demo plan's PDF takes 1.9 s of CPU with the collector paused, 2.6 s without
    (bench/bench_plan_pdf.py). What the render leaves is collected once it resumes. With
    threads, the first to pause it resumes it, so it never stays off.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def page_number_content() -> str:
    """The CSS ``content`` value that prints "Page X / Y" ("Trang X / Y") in the page's
    language."""
    marker = "\x00"
    text = _("Page %(page)s / %(pages)s", page=marker + "page" + marker,
             pages=marker + "pages" + marker)
    parts = []
    for index, piece in enumerate(text.split(marker)):
        if index % 2:  # a placeholder: page or pages
            parts.append(f"counter({piece})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;/-()" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def static_fetcher(static_folder: str, static_url_path: str):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    script_root = request.script_root if has_request_context() else ""
    prefix = f"{BASE_URL.rstrip('/')}{script_root}{static_url_path}/"

    class StaticFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(prefix):
                raise ValueError(f"Reports may only use the app's static files, not {url[:100]}")
            name = unquote(urlsplit(url).path.removeprefix(urlsplit(prefix).path))
            path = safe_join(static_folder, name)
            if path is None or not Path(path).is_file():
                raise ValueError(f"No such static file: {name[:100]}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, Path(path).read_bytes(),
                                      {"Content-Type": content_type})

    return StaticFilesOnly(allowed_protocols=("https",))
