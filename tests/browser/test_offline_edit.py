"""A response sent back to fix is corrected at the household, where there is no connection.

The home page, online, lists what was sent back; the service worker then keeps each of
those edit pages, so the surveyor opens and finishes the correction offline, and it is
sent, as a new version, once the tablet is back online.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import HouseholdResponse, ReviewStatus, User
from survey_app.services import responses
from tests.browser.test_offline_form import (  # noqa: F401 - fixtures
    SYNC_WAIT_MS,
    count,
    fill_household,
    new_context,
    open_form_online,
    surveyor_id,
)
from tests.browser.test_outbox_list import (
    listed,
    on_tablet,
    open_form,
    panel_text,
    wait_for_drafts,
)
from tests.browser.test_shared_tablet import PHONE

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


def wait_until_kept(page, edit_page: str) -> None:
    deadline_ms = 10000
    while edit_page not in page.evaluate(CACHED_UNDER, "/survey/responses/"):
        assert deadline_ms > 0, "the edit page was not kept for offline use"
        page.wait_for_timeout(100)
        deadline_ms -= 100


def sent_and_sent_back(page, live_app, surveyor_id: int, head_name: str) -> str:  # noqa: F811
    """A household finished online, sent, then sent back to fix; its instance id."""
    fill_household(page, head_name)
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    return send_back(live_app, surveyor_id, head_name)


def finish_edit(page) -> None:
    page.locator("#household-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/survey/$"))


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
    wait_until_kept(page, edit_page)

    context.set_offline(True)
    page.goto("/survey/")
    # From the list, as a surveyor opens it: the edit page the worker keeps, with the comment.
    page.get_by_role("link", name="Mở để sửa").click()
    expect(page).to_have_url(re.compile(f"{edit_page}$"))
    expect(page.locator("h1")).to_have_text("Sửa phiếu khảo sát hộ gia đình")
    expect(page.locator("#edit-comment")).to_contain_text("Kiểm tra lại tên thôn")
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


def test_back_to_an_edit_already_finished_starts_no_second_edit(
        browser, live_app, live_server, surveyor_id, artifacts):  # noqa: F811
    context = new_context(browser, live_server, service_workers="allow")
    page = open_form_online(context)
    instance_id = sent_and_sent_back(page, live_app, surveyor_id, "Hầu A Pó")
    edit_page = f"/survey/responses/{instance_id}/edit"
    page.goto("/survey/")
    wait_until_kept(page, edit_page)

    context.set_offline(True)
    page.goto(edit_page)
    page.locator("#phone").fill("0912345678")
    page.locator("#village").fill("Thôn Sủng Là")
    finish_edit(page)
    expect(count(page, "waiting")).to_have_text("1")
    # The browser's Back: the worker's copy of the edit page, with the village as typed put back
    # by the browser, which used to start a second edit of the version, refused for ever.
    page.go_back()
    expect(page).to_have_url(re.compile(f"{edit_page}$"))
    done = page.locator("#edit-done")
    expect(done).to_be_visible()
    expect(done.get_by_role("link", name="Về trang phiếu của tôi")).to_be_visible()
    expect(page.locator("#household-form")).to_be_hidden()
    expect(count(page, "drafts")).to_have_text("0")
    assert on_tablet(page, "drafts") == []
    page.screenshot(path=artifacts / "edit-already-finished-768.png")
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / "edit-already-finished-360.png")

    # Sent since: its page, kept offline a little longer, still starts no second edit.
    context.set_offline(False)
    page.goto("/survey/")
    expect(count(page, "sent")).to_have_text("2", timeout=SYNC_WAIT_MS)
    context.set_offline(True)
    page.goto(edit_page)
    expect(page.locator("#edit-done")).to_be_visible()
    context.set_offline(False)
    page.goto("/survey/")
    for name in ("drafts", "waiting", "refused"):
        expect(count(page, name)).to_have_text("0")
    assert current_version(live_app, instance_id)[0] == 2
    context.close()


def test_an_edit_left_unfinished_is_resumed_as_an_edit(
        browser, live_app, live_server, surveyor_id):  # noqa: F811
    context, page = open_form(browser, live_server)
    instance_id = sent_and_sent_back(page, live_app, surveyor_id, "Mùa A Dế")
    page.goto(f"/survey/responses/{instance_id}")
    page.locator("#edit-response").click()
    page.locator("#phone").fill("0987654321")
    assert wait_for_drafts(page, 1)[0]["replaces"] == instance_id
    page.goto("/survey/")
    item = listed(page)
    expect(item.locator("strong")).to_have_text("Bản nháp: Mùa A Dế")

    # Its edit page again resumes the draft rather than starting a second edit of the version.
    page.goto(f"/survey/responses/{instance_id}/edit")
    expect(page.locator("#phone")).to_have_value("0987654321")
    expect(page.locator("#form-status")).to_have_text("Bản nháp của bạn đã được khôi phục.")

    # From the list it opens on the new-response page, still titled as the edit it is.
    page.goto("/survey/")
    listed(page).locator("[data-action=draft]").click()
    expect(page.locator("h1")).to_have_text("Sửa phiếu khảo sát hộ gia đình")
    assert page.title().startswith("Sửa phiếu khảo sát hộ gia đình")
    expect(page.locator("#phone")).to_have_value("0987654321")
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("2", timeout=SYNC_WAIT_MS)
    expect(page.locator("h1")).to_have_text("Phiếu hộ gia đình mới")
    assert current_version(live_app, instance_id)[0] == 2
    context.close()


def test_text_selected_while_the_edit_page_loads_is_replaced_by_what_is_typed(
        browser, live_app, live_server, surveyor_id):  # noqa: F811
    context, page = open_form(browser, live_server)
    instance_id = sent_and_sent_back(page, live_app, surveyor_id, "Sùng Thị Mỷ")
    held = []
    context.route("**/static/js/form.js*", lambda route: held.append(route))
    page.goto(f"/survey/responses/{instance_id}/edit", wait_until="commit")
    # A slow tablet: the surveyor selects the village to type over it before the script runs.
    village = page.locator("#village")
    village.focus()
    village.evaluate("(el) => el.select()")
    held[0].continue_()
    expect(page.locator("input[id$='-trade1-search']")).to_be_visible()
    page.keyboard.insert_text("Thôn Sảng Pả")
    expect(village).to_have_value("Thôn Sảng Pả")
    assert wait_for_drafts(page, 1)[0]["fields"]["village"] == "Thôn Sảng Pả"
    finish_edit(page)
    expect(count(page, "sent")).to_have_text("2", timeout=SYNC_WAIT_MS)
    assert current_version(live_app, instance_id) == (2, "Thôn Sảng Pả")
    context.close()


def test_a_member_added_on_the_edit_page_starts_with_no_answer(
        browser, live_app, live_server, surveyor_id):  # noqa: F811
    context, page = open_form(browser, live_server)
    instance_id = sent_and_sent_back(page, live_app, surveyor_id, "Thào Mí Chá")
    page.goto(f"/survey/responses/{instance_id}/edit")
    first = page.locator(".member").first
    expect(first.locator("select[id$='-education']")).to_have_value("lower_secondary")
    page.locator("#add-member").click()
    added = page.locator(".member").last
    # The page marks member 1's answers as selected: a copy of it used to show them.
    for name in ("sex", "education", "current_work", "desired_level", "trade1"):
        expect(added.locator(f"select[id$='-{name}']")).to_have_value("")
    expect(added.locator("input[id$='-birth_year']")).to_have_value("")
    assert not added.locator("input[type=checkbox]:checked").count()
    context.close()


def newer_version(live_app, surveyor_id: int, instance_id: str) -> str:  # noqa: F811
    """A version made meanwhile elsewhere (a laptop): the tablet's edit becomes stale."""
    with live_app.app_context():
        edited = responses.by_instance(uuid.UUID(instance_id))
        data = {**edited.payload, "instance_id": str(uuid.uuid4()), "replaces": instance_id,
                "village": "Thôn Sủng Là"}
        receipt = responses.receive_and_commit(data, _db.session.get(User, surveyor_id))
        assert receipt.status == 201, receipt.body
        return receipt.body["instance_id"]


def test_an_edit_refused_as_stale_opens_the_latest_version_or_is_deleted(
        browser, live_app, live_server, surveyor_id, artifacts):  # noqa: F811
    context, page = open_form(browser, live_server)
    instance_id = sent_and_sent_back(page, live_app, surveyor_id, "Sùng Mí Pao")
    context.route("**/api/v1/household-responses", lambda route: route.abort("connectionrefused"))
    page.goto(f"/survey/responses/{instance_id}/edit")
    page.locator("#phone").fill("0912345678")
    finish_edit(page)
    expect(count(page, "waiting")).to_have_text("1")
    latest = newer_version(live_app, surveyor_id, instance_id)
    context.unroute("**/api/v1/household-responses")
    page.reload()
    expect(count(page, "refused")).to_have_text("1", timeout=SYNC_WAIT_MS)

    # Opening it again would be refused for ever: the way on is the latest version.
    item = listed(page)
    expect(item.locator("[data-action=fix]")).to_have_count(0)
    item.screenshot(path=artifacts / "refused-stale-edit-768.png")
    page.set_viewport_size(PHONE)
    item.screenshot(path=artifacts / "refused-stale-edit-360.png")
    item.locator("[data-action=latest]").click()
    expect(page).to_have_url(re.compile(f"/survey/responses/{latest}$"))
    expect(page.get_by_text("Phiên bản hiện tại")).to_be_visible()

    page.goto("/survey/")
    words = panel_text(page)
    item.locator("[data-action=delete]").click()
    expect(item.get_by_role("group", name=words["delete_refused"])).to_be_visible()
    item.locator("[data-action=confirm-delete]").click()
    expect(listed(page)).to_have_count(0)
    expect(count(page, "refused")).to_have_text("0")
    assert on_tablet(page, "outbox") == []
    context.close()
