"""A response sent back to fix is corrected at the household, where there is no connection.

The home page, online, lists what was sent back; the service worker then keeps each of
those edit pages, so the surveyor opens and finishes the correction offline, and it is
sent, as a new version, once the tablet is back online.
"""

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import HouseholdResponse, ReviewStatus
from tests.browser.test_offline_form import (  # noqa: F401 - fixtures
    SYNC_WAIT_MS,
    count,
    fill_household,
    new_context,
    open_form_online,
    surveyor_id,
)

pytestmark = pytest.mark.browser

# The survey pages the service worker holds under a path starting with ``prefix``.
CACHED_UNDER = """async (prefix) => {
  const paths = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) {
      const path = new URL(request.url).pathname;
      if (path.startsWith(prefix)) paths.push(path);
    }
  }
  return paths.sort();
}"""


def send_back(live_app, surveyor_id: int, head_name: str) -> str:  # noqa: F811
    """The supervisor sends the surveyor's response back; its instance id."""
    with live_app.app_context():
        response = _db.session.scalar(select(HouseholdResponse).where(
            HouseholdResponse.surveyor_id == surveyor_id,
            HouseholdResponse.head_name == head_name, HouseholdResponse.is_current))
        response.status = ReviewStatus.HAS_ISSUES
        response.review_comment = "Kiểm tra lại tên thôn"
        _db.session.commit()
        return str(response.instance_id)


def current_version(live_app, root: str) -> tuple[int, str]:
    with live_app.app_context():
        response = _db.session.scalar(select(HouseholdResponse).where(
            HouseholdResponse.root_id == uuid.UUID(root), HouseholdResponse.is_current))
        return response.version, response.village


def test_a_response_sent_back_is_corrected_offline_and_sent_as_a_new_version(
        browser, live_app, live_server, surveyor_id):  # noqa: F811
    context = new_context(browser, live_server, service_workers="allow")
    page = open_form_online(context)
    fill_household(page, "Lò Văn Páo")
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    instance_id = send_back(live_app, surveyor_id, "Lò Văn Páo")
    edit_page = f"/survey/responses/{instance_id}/edit"

    # Online, the home page lists it; the worker keeps its edit page.
    page.goto("/survey/")
    expect(page.get_by_text("Kiểm tra lại tên thôn")).to_be_visible()
    deadline_ms = 10000
    while edit_page not in page.evaluate(CACHED_UNDER, "/survey/responses/"):
        assert deadline_ms > 0, "the edit page was not kept for offline use"
        page.wait_for_timeout(100)
        deadline_ms -= 100

    context.set_offline(True)
    page.goto(edit_page)
    expect(page.locator("h1")).to_have_text("Sửa phiếu khảo sát hộ gia đình")
    expect(page.locator("#head_name")).to_have_value("Lò Văn Páo")
    page.locator("#village").fill("Thôn Sảng Pả")
    page.locator("#household-form button[type=submit]").click()
    expect(page).to_have_url(f"{page.url.split('/survey/')[0]}/survey/")
    expect(count(page, "waiting")).to_have_text("1")
    assert current_version(live_app, instance_id) == (1, "Thôn Lũng Cẩm")

    context.set_offline(False)
    page.reload()
    expect(count(page, "sent")).to_have_text("2", timeout=SYNC_WAIT_MS)
    expect(count(page, "waiting")).to_have_text("0")
    assert current_version(live_app, instance_id) == (2, "Thôn Sảng Pả")
    context.close()
