"""What waits on the tablet, and what the surveyor does about it: a refused response opens again
with the server's reason at the top and its fields marked; drafts and refused responses are
deleted after a confirmation on the page; a form left empty leaves no draft behind.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_offline_form import (
    SYNC_WAIT_MS,
    count,
    fill_household,
    new_context,
    sign_in,
    surveyor_id,  # noqa: F401 - a fixture, used by the tests below
)
from tests.browser.test_shared_tablet import PHONE

pytestmark = pytest.mark.browser

# The records of one object store of the tablet's IndexedDB (static/js/db.js), which the page
# has opened already: opening it first here would make it without its stores.
TABLET_STORE = """(store) => new Promise((resolve, reject) => {
  const open = indexedDB.open("survey-tablet", 1);
  open.onupgradeneeded = () => open.transaction.abort();
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    try {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => { db.close(); resolve(request.result); };
      request.onerror = () => { db.close(); reject(request.error); };
    } catch (error) {
      db.close();
      reject(error);
    }
  };
})"""


def on_tablet(page, store: str) -> list[dict]:
    return page.evaluate(TABLET_STORE, store)


def wait_for_drafts(page, count: int, timeout_s: float = 10) -> list[dict]:
    """Until the form has saved ``count`` drafts on the tablet (each save is asynchronous)."""
    deadline = time.monotonic() + timeout_s
    while len(drafts := on_tablet(page, "drafts")) != count:
        assert time.monotonic() < deadline, f"drafts on the tablet: {drafts}"
        page.wait_for_timeout(100)
    return drafts


def panel_text(page) -> dict:
    """The outbox panel's words, in the page's language (survey/_outbox_status.html)."""
    return page.evaluate("JSON.parse(document.getElementById('outbox-text').textContent)")


def listed(page):
    return page.locator("#outbox [data-list] li")


def open_form(browser, live_server):
    # The worker is not under test here; without it each page comes straight from the server.
    context = new_context(browser, live_server, service_workers="block")
    page = context.new_page()
    sign_in(page)
    page.goto("/survey/new")
    expect(page.locator("#add-member")).to_be_visible()
    return context, page


def test_a_form_left_with_only_an_empty_member_block_leaves_no_draft(
        browser, live_server, surveyor_id):  # noqa: F811
    context, page = open_form(browser, live_server)
    page.locator("#add-member").click()
    expect(page.locator(".member")).to_have_count(2)
    page.locator("#household-form .member").nth(1).locator("input[id$='-constraints']").fill(" ")
    page.goto("/survey/")
    expect(page.locator("#outbox")).to_be_visible()
    expect(count(page, "drafts")).to_have_text("0")
    expect(listed(page)).to_have_count(0)
    assert on_tablet(page, "drafts") == []
    context.close()


def test_a_draft_is_deleted_after_a_confirmation_on_the_page(
        browser, live_server, surveyor_id, artifacts):  # noqa: F811
    context, page = open_form(browser, live_server)
    page.locator("#commune_code").select_option(index=1)
    wait_for_drafts(page, 1)
    page.goto("/survey/")
    words = panel_text(page)
    item = listed(page)
    expect(item).to_have_count(1)
    expect(item.locator("strong")).to_have_text("Bản nháp: (không ghi tên)")

    # The first tap only asks, on the page; "Keep" leaves the draft as it was.
    item.locator("[data-action=delete]").click()
    question = item.get_by_role("group", name=words["delete_draft"])
    expect(question).to_be_visible()
    expect(question.locator("[data-action=keep]")).to_be_focused()
    item.screenshot(path=artifacts / "outbox-delete-draft-768.png")
    page.set_viewport_size(PHONE)
    page.locator("#outbox").screenshot(path=artifacts / "outbox-delete-draft-360.png")
    question.locator("[data-action=keep]").click()
    expect(item.locator("[data-action=delete]")).to_be_focused()
    expect(item.locator("[data-action=draft]")).to_be_visible()
    assert len(on_tablet(page, "drafts")) == 1

    item.locator("[data-action=delete]").click()
    item.locator("[data-action=confirm-delete]").click()
    expect(listed(page)).to_have_count(0)
    expect(count(page, "drafts")).to_have_text("0")
    assert on_tablet(page, "drafts") == []
    context.close()


def test_a_refused_response_opens_with_the_servers_reason_on_top_and_its_fields_marked(
        browser, live_server, surveyor_id, artifacts):  # noqa: F811
    context, page = open_form(browser, live_server)
    fill_household(page, "Vừ Mí Lử")
    # Rules only the server knows: the phone number's form, a described trade's length.
    page.locator("#phone").fill("12345")
    page.locator(".member input[id$='-trade2-other']").fill("x")
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "refused")).to_have_text("1", timeout=SYNC_WAIT_MS)
    item = listed(page)
    expect(item.locator(".error")).to_contain_text("Số điện thoại phải có 9 đến 11 chữ số")

    item.locator("[data-action=fix]").click()
    refused = page.locator("#form-refused")
    expect(refused).to_be_visible()
    expect(page.locator("#head_name")).to_have_value("Vừ Mí Lử")
    phone_message = "Số điện thoại phải có 9 đến 11 chữ số và bắt đầu bằng 0 hoặc +84"
    expect(refused.get_by_role("link", name=phone_message)).to_have_attribute("href", "#phone")
    expect(page.locator("#phone-error")).to_have_text(phone_message)
    expect(page.locator(".field").filter(has=page.locator("#phone"))).to_have_class(
        re.compile(r"\bhas-error\b"))
    expect(page.locator(".member [id$='-trade2-error']")).to_have_text(
        re.compile(r"^Thành viên 1: nghề muốn học"))
    # Above the form, not beside Finish at the bottom of a long page.
    assert refused.bounding_box()["y"] < page.locator("#household-form").bounding_box()["y"]
    expect(page.locator("#form-status")).to_have_text("")
    refused.screenshot(path=artifacts / "refused-reason-on-top-768.png")
    page.set_viewport_size(PHONE)
    refused.screenshot(path=artifacts / "refused-reason-on-top-360.png")

    page.locator("#phone").fill("0912345678")
    page.locator(".member input[id$='-trade2-other']").fill("")
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    expect(count(page, "refused")).to_have_text("0")
    expect(refused).to_be_hidden()
    context.close()
