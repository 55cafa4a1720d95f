"""How many bytes the household form transfers on a tablet's first visit, offline cache included.

Issue 3, acceptance 6: the form page, with everything it needs to work offline, transfers
at most 300 KB on first load. Prints figures; asserts nothing. Run with `make bench`.

The app runs on a temporary SQLite database (migrations, reference data, an open round with
targets, a surveyor with a district), served by werkzeug in a thread on 127.0.0.1. A surveyor
signs in through the real sign-in form in one Chromium context; only the session cookie is
carried into a second, fresh context, so the measured visit starts with an empty HTTP cache,
no service worker and no Cache Storage (the surveyor home, where sign-in lands, registers the
worker too, so measuring in the sign-in context would not be a first load).

The second context opens /survey/new once and waits for `navigator.serviceWorker.ready`, i.e.
until the worker has installed (its precache, `cache.addAll` of the app shell, has completed)
and activated, then for the network to be idle. The bytes are counted in two independent ways:

- the page alone: a CDP session on the page (Network.enable), summing `encodedDataLength`
  of every `Network.loadingFinished` (bytes on the wire: headers + body). The worker's own
  requests happen in another target (the service worker's), which this session never sees;
- the page and its worker: every response the server writes while the measured context is
  open, counted by a WSGI wrapper around the app (status line + headers + body, as sent; the
  app does not compress). Only this browser talks to the server, so this includes the worker
  script and each file its install fetches with `cache: "reload"`. Playwright's context-level
  `requestfinished` events (which do include the worker's requests) name which came from the
  worker, and their `sizes()` give a third figure to cross-check.
"""

import logging
import socket
import sys
import tempfile
import threading
from collections import Counter
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Region, RegionLevel, Role
from survey_app.services import reference, round_admin, users

LIMIT_KB = 300
PASSWORD = "correct horse battery"
USERNAME = "bench_surveyor"
DISTRICT = "026"  # Đồng Văn, in the bundled reference data
CHROMIUM = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
}
TABLET = {"width": 768, "height": 1024}


class ByteCounter:
    """WSGI wrapper: the bytes of every response the server sends, per request path."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.bytes = Counter()
        self.requests = Counter()

    def reset(self):
        with self.lock:
            self.bytes.clear()
            self.requests.clear()

    def __call__(self, environ, start_response):
        key = environ.get("PATH_INFO", "") + (
            "?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")
        sent = 0

        def counting_start(status, headers, exc_info=None):
            nonlocal sent
            sent += (len(f"HTTP/1.1 {status}\r\n")
                     + sum(len(f"{k}: {v}\r\n") for k, v in headers) + 2)
            return start_response(status, headers, exc_info)

        body = self.app(environ, counting_start)
        try:
            for chunk in body:
                sent += len(chunk)
                yield chunk
        finally:
            if hasattr(body, "close"):
                body.close()
            with self.lock:
                self.bytes[key] += sent
                self.requests[key] += 1


def build_app(folder: Path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        # migrations/env.py runs fileConfig(alembic.ini), which sets the alembic logger back to
        # INFO; so besides the level, INFO records are switched off for the upgrade itself.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        logging.disable(logging.INFO)
        try:
            upgrade()
        finally:
            logging.disable(logging.NOTSET)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
        reference.load_all()
        district = db.session.scalar(db.select(Region).where(
            Region.level == RegionLevel.DISTRICT, Region.code == DISTRICT))
        survey_round = round_admin.create_round(None, "Khảo sát bench", 2026, date(2026, 1, 1),
                                                date(2026, 12, 31))
        communes = [c for group in round_admin.communes_by_district(survey_round)
                    for c in group.communes if c.parent_id == district.id]
        round_admin.set_targets(None, survey_round,
                                {c.id: min(20, c.households or 20) for c in communes})
        round_admin.set_status(None, survey_round, "open")
        surveyor = users.create_user(None, USERNAME, "Nguyễn Thị Hoa", Role.SURVEYOR, PASSWORD)
        users.assign_areas(None, surveyor, [district.id])
        db.session.commit()
    return app


def kb(n: int) -> str:
    return f"{n / 1024:.0f} KB"


def measure(base_url: str, counter: ByteCounter) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(**CHROMIUM)
        signin = browser.new_context(viewport=TABLET, base_url=base_url, service_workers="block")
        page = signin.new_page()
        page.goto("/signin")
        page.locator("#username").fill(USERNAME)
        page.locator("#password").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/survey/**")
        cookies = signin.cookies()
        signin.close()

        context = browser.new_context(viewport=TABLET, base_url=base_url, service_workers="allow")
        context.add_cookies(cookies)
        seen = []
        context.on("requestfinished", lambda request: seen.append(request))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        on_wire = {}
        cdp.on("Network.loadingFinished",
               lambda e: on_wire.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        counter.reset()

        page.goto("/survey/new")
        if "/survey/new" not in page.url:
            print(f"household form: not reached (landed on {page.url})")
            browser.close()
            return
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        cached = page.evaluate("""async () => {
            const names = await caches.keys();
            let n = 0;
            for (const name of names) n += (await (await caches.open(name)).keys()).length;
            return n;
        }""")
        worker_seen = [r for r in seen if r.service_worker is not None]
        seen_bytes = sum(r.sizes()["responseHeadersSize"] + r.sizes()["responseBodySize"]
                         for r in seen)
        context.close()
        browser.close()

    page_bytes, page_requests = sum(on_wire.values()), len(on_wire)
    total_bytes, total_requests = sum(counter.bytes.values()), sum(counter.requests.values())
    print(f"household form, first load incl. offline cache: {kb(total_bytes)} in {total_requests} "
          f"requests (limit {LIMIT_KB} KB); the page alone: {kb(page_bytes)} in {page_requests} "
          f"requests; {cached} files in the worker's cache")
    print(f"  cross-check, Playwright context events: {kb(seen_bytes)} in {len(seen)} requests, "
          f"{len(worker_seen)} of them made by the service worker")
    for path, size in counter.bytes.most_common():
        times = counter.requests[path]
        print(f"  {size / 1024:7.1f} KB  {'×' + str(times) if times > 1 else '  '}  {path}")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        counter = ByteCounter(build_app(Path(folder)))
        server = make_server("127.0.0.1", free_port(), counter, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            measure(f"http://127.0.0.1:{server.server_port}", counter)
        finally:
            server.shutdown()
            thread.join()
            server.server_close()
