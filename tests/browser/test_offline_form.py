"""The household form on a tablet with no connection: nothing typed is lost, nothing arrives twice.

Signed in through the real sign-in form at 768×1024; the service worker installs
on the first online visit, then the tablet goes offline.
"""

import re
import time
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from survey_app.extensions import db as _db
from survey_app.models import HouseholdResponse, Role, RoundStatus, SurveyRound, User
from tests.browser.conftest import ACCOUNTS, PASSWORD
from tests.services.progress_data import LUNG_CU, assign, make_round

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
SYNC_WAIT_MS = 30000


@pytest.fixture
def surveyor_id(live_app):
    """The demo surveyor, working in Đồng Văn during an open round."""
    with live_app.app_context():
        user = _db.session.scalar(select(User).where(User.username == ACCOUNTS[Role.SURVEYOR][0]))
        if not user.areas:
            assign(user, "026")
        if not _db.session.scalar(
                select(SurveyRound).where(SurveyRound.status == RoundStatus.OPEN)):
            make_round({LUNG_CU: 20})
        return user.id


def stored(live_app, surveyor_id) -> tuple[int, int]:
    """Rows of the surveyor's responses, and how many distinct instance ids they hold."""
    with live_app.app_context():
        query = select(func.count(), func.count(HouseholdResponse.instance_id.distinct())).where(
            HouseholdResponse.surveyor_id == surveyor_id)
        return tuple(_db.session.execute(query).one())


def new_context(browser, live_server, **options):
    return browser.new_context(viewport=TABLET, locale="en-US", base_url=live_server,
                               permissions=["geolocation"],
                               geolocation={"latitude": 23.27, "longitude": 105.26, "accuracy": 15},
                               **options)


def sign_in(page, remember=False, username=ACCOUNTS[Role.SURVEYOR][0]):
    page.goto("/signin")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    if remember:
        page.get_by_label("Duy trì đăng nhập trên thiết bị này").check()
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text("Phiếu khảo sát của tôi")


def signed_in(browser, live_server):
    """A tablet signed in on a page of its own; the worker is not under test and would hide
    the API requests from a route."""
    context = new_context(browser, live_server, service_workers="block")
    page = context.new_page()
    sign_in(page)
    return context, page


def count(page, name):
    return page.locator(f'#outbox [data-count="{name}"]')


def fill_household(page, head_name: str) -> None:
    fill_answers(page, head_name)
    choose_training(page)


def fill_answers(page, head_name: str) -> None:
    """The answers the server's page holds before any script runs."""
    page.locator("#commune_code").select_option(LUNG_CU)
    page.locator("#village").fill("Thôn Lũng Cẩm")
    page.locator("#consent").check()
    page.locator("#head_name").fill(head_name)
    page.locator("#household_size").fill("5")
    page.locator("#ethnicity").fill("H'Mông")
    page.locator("#poverty_status").select_option("poor")
    page.locator("#main_livelihood").select_option("crops")
    member = page.locator(".member").first
    member.locator("select[id$='-sex']").select_option("female")
    member.locator("input[id$='-birth_year']").fill("1998")
    member.locator("select[id$='-education']").select_option("lower_secondary")
    member.locator("select[id$='-current_work']").select_option("farming")


def choose_training(page) -> None:
    member = page.locator(".member").first
    # The picker finds "Kỹ thuật chế biến món ăn (nấu ăn)" typed without accents.
    member.locator("input[id$='-trade1-search']").fill("nau an")
    trade = member.locator("select[id$='-trade1']")
    expect(trade.locator("option")).to_have_count(2)
    trade.select_option("DL01")
    member.locator("select[id$='-desired_level']").select_option("so_cap")
    member.locator("select[id$='-study_place']").select_option("commune")
    member.locator("select[id$='-work_away']").select_option("no")


def finish(page, waiting: int) -> None:
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "waiting")).to_have_text(str(waiting))
    expect(page.locator("#head_name")).to_have_value("")


def open_form_online(context, remember=False, username=ACCOUNTS[Role.SURVEYOR][0]):
    page = context.new_page()
    sign_in(page, remember, username)
    page.goto("/survey/new")
    # The worker is ready once its cache holds the whole app shell.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return page


def test_two_households_finished_offline_survive_reloads_and_arrive_once(
        browser, live_app, live_server, surveyor_id, artifacts):
    before, _ = stored(live_app, surveyor_id)
    context = new_context(browser, live_server, service_workers="allow")
    page = open_form_online(context)
    context.set_offline(True)

    fill_household(page, "Giàng Mí Sính")
    page.screenshot(path=artifacts / "offline-form-filled-768.png", full_page=True)
    finish(page, 1)
    fill_household(page, "Sùng Thị Mỷ")
    finish(page, 2)
    expect(page.locator("#outbox [data-message]")).to_contain_text(re.compile(r"\w"))
    page.screenshot(path=artifacts / "offline-form-queued-768.png", full_page=True)

    page.reload()
    expect(count(page, "waiting")).to_have_text("2")
    page.close()
    page = context.new_page()
    page.goto("/survey/new")
    expect(count(page, "waiting")).to_have_text("2")
    assert stored(live_app, surveyor_id)[0] == before

    context.set_offline(False)
    expect(count(page, "waiting")).to_have_text("0", timeout=SYNC_WAIT_MS)
    expect(count(page, "sent")).to_have_text("2")
    assert stored(live_app, surveyor_id) == (before + 2, before + 2)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=artifacts / "offline-form-synced-360.png", full_page=True)
    context.close()


def test_a_reply_lost_in_the_middle_of_the_sync_still_leaves_one_row(
        browser, live_app, live_server, surveyor_id, artifacts):
    before, _ = stored(live_app, surveyor_id)
    context, page = signed_in(browser, live_server)
    posts = []

    def cut_first_reply(route):
        posts.append(route.request.url)
        if len(posts) == 1:
            route.fetch()  # the server stores the response...
            route.abort("connectionreset")  # ...and the tablet never hears back
        else:
            route.continue_()

    context.route("**/api/v1/household-responses", cut_first_reply)
    page.goto("/survey/new")
    fill_household(page, "Vàng Seo Chứ")
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    expect(count(page, "waiting")).to_have_text("0")
    assert len(posts) >= 2
    assert stored(live_app, surveyor_id) == (before + 1, before + 1)
    page.screenshot(path=artifacts / "sync-retried-768.png", full_page=True)
    context.close()


def test_a_household_finished_while_another_is_sending_follows_it_at_once(
        browser, live_app, live_server, surveyor_id):
    before, _ = stored(live_app, surveyor_id)
    context, page = signed_in(browser, live_server)
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # a slow connection: the first household is still on its way

    context.route("**/api/v1/household-responses", hold_the_first)
    page.goto("/survey/new")
    fill_household(page, "Ly Mí Chá")
    finish(page, 1)
    fill_household(page, "Ly Thị Sú")
    finish(page, 2)
    held[0].continue_()
    # Well before the outbox's one-minute timer: the second follows as soon as the first is in.
    expect(count(page, "sent")).to_have_text("2", timeout=SYNC_WAIT_MS)
    assert stored(live_app, surveyor_id) == (before + 2, before + 2)
    context.close()


# The tablet cannot note anything sent while ``window.noteFails`` holds: what a page closed
# (reloaded, navigated away) between the server's answer and the tablet's note of it leaves.
NOTE_OF_SENT_FAILS = """
window.noteFails = true;
const put = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (value, key) {
  if (window.noteFails && typeof key === "string" && key.startsWith("sent:")) {
    throw new DOMException("the page is closing", "AbortError");
  }
  return put.apply(this, arguments);
};
"""


def test_a_household_whose_sending_was_not_noted_stays_waiting_until_it_is(
        browser, live_app, live_server, surveyor_id):
    before, _ = stored(live_app, surveyor_id)
    context = new_context(browser, live_server, service_workers="block")
    context.add_init_script(NOTE_OF_SENT_FAILS)
    page = context.new_page()
    sign_in(page)
    page.goto("/survey/new")
    fill_household(page, "Giàng Thị Dợ")
    page.locator("#household-form button[type=submit]").click()
    deadline = time.monotonic() + SYNC_WAIT_MS / 1000
    while stored(live_app, surveyor_id) != (before + 1, before + 1):
        assert time.monotonic() < deadline, "the household never reached the server"
        page.wait_for_timeout(100)
    # Neither sent nor gone: the household still waits on the tablet...
    page.wait_for_timeout(500)
    expect(count(page, "waiting")).to_have_text("1")
    expect(count(page, "sent")).to_have_text("0")
    # ...and is sent again, and counted once, as soon as the tablet can note it.
    page.evaluate("window.noteFails = false")
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    expect(count(page, "waiting")).to_have_text("0")
    assert stored(live_app, surveyor_id) == (before + 1, before + 1)
    context.close()


def test_a_double_tap_on_finish_sends_the_household_once(
        browser, live_app, live_server, surveyor_id):
    before, _ = stored(live_app, surveyor_id)
    context, page = signed_in(browser, live_server)
    page.goto("/survey/new")
    fill_household(page, "Mua Thị Dê")
    page.locator("#household-form button[type=submit]").dblclick()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    page.wait_for_timeout(1000)
    for name in ("waiting", "refused", "drafts"):
        expect(count(page, name)).to_have_text("0")
    assert stored(live_app, surveyor_id) == (before + 1, before + 1)
    context.close()


def test_a_household_being_typed_comes_back_when_the_page_is_reloaded(
        browser, live_app, live_server, surveyor_id):
    context, page = signed_in(browser, live_server)
    page.goto("/survey/new")
    fill_answers(page, "Hoàng Thị Sinh")
    page.locator("#add-member").click()
    page.locator(".member").last.locator("input[id$='-birth_year']").fill("2001")
    page.wait_for_timeout(500)  # each change is saved to the tablet as it is typed

    page.reload()
    expect(page.locator("#head_name")).to_have_value("Hoàng Thị Sinh")
    expect(page.locator(".member")).to_have_count(2)
    expect(page.locator(".member").last.locator("input[id$='-birth_year']")).to_have_value("2001")
    expect(page.locator("#form-status")).to_have_text("Bản nháp của bạn đã được khôi phục.")
    expect(page.locator("#outbox [data-list] li")).to_have_count(0)  # the open draft: not listed

    # Finished, the next household starts blank even after a reload.
    page.locator(".member").last.locator(".remove-member").click()
    choose_training(page)
    finish(page, 0)
    page.reload()
    expect(page.locator("#head_name")).to_have_value("")
    context.close()


def test_answers_typed_while_the_form_still_loads_are_kept(
        browser, live_app, live_server, surveyor_id):
    """A slow tablet: the surveyor starts answering before the form's script has arrived."""
    before, _ = stored(live_app, surveyor_id)
    context, page = signed_in(browser, live_server)
    held = []
    context.route("**/static/js/form.js*", lambda route: held.append(route))
    page.goto("/survey/new", wait_until="commit")
    fill_answers(page, "Thào Thị Mai")
    assert len(held) == 1
    held[0].continue_()

    expect(page.locator("input[id$='-trade1-search']")).to_be_visible()
    expect(page.locator("#head_name")).to_have_value("Thào Thị Mai")
    expect(page.locator(".member input[id$='-birth_year']").first).to_have_value("1998")
    choose_training(page)
    page.locator("#household-form button[type=submit]").click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    expect(count(page, "drafts")).to_have_text("0")
    assert stored(live_app, surveyor_id) == (before + 1, before + 1)
    context.close()


def test_a_household_finished_offline_survives_a_browser_restart(
        playwright, browser_type_launch_args, live_app, live_server, surveyor_id, artifacts,
        tmp_path):
    """The whole browser closes and starts again, still offline, on the same profile.

    A persistent context is a browser of its own: closing it ends the Chromium process,
    and launching it again on the same user-data folder is a restart with the same disk
    (cookies, IndexedDB, service worker, Cache Storage). It goes offline right after the
    launch, before any page is opened, so the form can only come from the worker's cache.
    The surveyor ticked "keep me signed in", as on a tablet of their own: a plain session
    cookie does not outlive a restart of desktop Chromium.
    """
    before, _ = stored(live_app, surveyor_id)
    profile = tmp_path / "tablet-profile"

    def launch():
        return playwright.chromium.launch_persistent_context(
            profile, **browser_type_launch_args, viewport=TABLET, locale="en-US",
            base_url=live_server, service_workers="allow", permissions=["geolocation"],
            geolocation={"latitude": 23.27, "longitude": 105.26, "accuracy": 15})

    context = launch()
    page = open_form_online(context, remember=True)
    context.set_offline(True)
    fill_household(page, "Lầu Thị Dợ")
    finish(page, 1)
    context.close()  # the browser process ends

    context = launch()
    context.set_offline(True)
    requests = {"finished": [], "failed": []}
    context.on("requestfinished", lambda r: requests["finished"].append(r))
    context.on("requestfailed", lambda r: requests["failed"].append(r))
    page = context.pages[0] if context.pages else context.new_page()
    response = page.goto("/survey/new")
    assert response.ok and response.from_service_worker
    expect(page.locator("#household-form")).to_be_visible()
    expect(count(page, "waiting")).to_have_text("1")
    expect(page.locator("#outbox [data-message]")).to_contain_text(re.compile(r"\w"))
    # Offline held for the worker too: its own fetch of the page failed, and nothing that
    # was not answered by the worker reached the server.
    assert any(r.service_worker and r.url.endswith("/survey/new") for r in requests["failed"])
    assert all(r.response().from_service_worker for r in requests["finished"]
               if r.url.startswith(live_server))
    assert stored(live_app, surveyor_id)[0] == before
    page.screenshot(path=artifacts / "offline-form-restarted-768.png", full_page=True)

    context.set_offline(False)
    expect(count(page, "waiting")).to_have_text("0", timeout=SYNC_WAIT_MS)
    expect(count(page, "sent")).to_have_text("1")
    assert stored(live_app, surveyor_id) == (before + 1, before + 1)
    page.screenshot(path=artifacts / "offline-form-restarted-synced-768.png", full_page=True)
    context.close()


def test_the_confirmation_of_a_finished_household_shows_at_the_top_until_the_next_input(
        browser, live_server, surveyor_id, artifacts):
    context, page = signed_in(browser, live_server)
    page.goto("/survey/new")
    fill_household(page, "Giàng Thị Súa")
    page.locator("#household-form button[type=submit]").click()
    expect(page.locator("#head_name")).to_have_value("")
    status = page.get_by_role("status").filter(has_text="Đã hoàn thành: phiếu đang chờ gửi.")
    expect(status).to_be_visible()
    # Where the eye is once the page has scrolled back to the top for the next household.
    assert page.evaluate("window.scrollY") == 0
    box = status.bounding_box()
    assert box["y"] + box["height"] <= TABLET["height"]
    page.screenshot(path=artifacts / "finished-confirmation-768.png")
    page.set_viewport_size({"width": 360, "height": 740})
    assert status.bounding_box()["y"] + status.bounding_box()["height"] <= 740
    page.screenshot(path=artifacts / "finished-confirmation-360.png")

    page.locator("#head_name").fill("Giàng")
    expect(status).to_have_count(0)
    context.close()


def test_numbers_outside_the_servers_limits_are_refused_at_the_household(
        browser, live_server, surveyor_id, artifacts):
    year = datetime.now(UTC).year
    born = f"năm sinh phải từ {year - 100} đến {year - 10}"
    context, page = signed_in(browser, live_server)
    page.goto("/survey/new")
    fill_household(page, "Hầu A Pó")
    size, birth_year = page.locator("#household_size"), page.locator("#m0-birth_year")
    expect(birth_year).to_have_attribute("min", str(year - 100))
    expect(birth_year).to_have_attribute("max", str(year - 10))
    submit = page.locator("#household-form button[type=submit]")

    size.fill("-3")
    submit.click()
    expect(page.locator("#household_size-error")).to_have_text("Số nhân khẩu phải từ 1 đến 30")
    expect(size).to_be_focused()
    size.fill("5")
    page.locator("#add-member").click()
    for year_typed in ("1800", "3000", str(year - 6)):
        birth_year.fill(year_typed)
        page.locator("#m1-birth_year").fill("1800")
        submit.click()
        expect(page.locator("#m0-birth_year-error")).to_have_text(f"Thành viên 1: {born}")
        expect(page.locator("#m1-birth_year-error")).to_have_text(f"Thành viên 2: {born}")
    page.screenshot(path=artifacts / "birth-year-limits-768.png", full_page=True)
    expect(count(page, "waiting")).to_have_text("0")
    expect(page.locator("#form-status")).to_have_text("")

    birth_year.fill("1998")
    page.locator("#m1-birth_year").fill("2000")
    # Two members listed in a household of one: the tablet says so before the surveyor leaves.
    size.fill("1")
    submit.click()
    expect(page.locator("#household_size-error")).to_have_text(
        "Số nhân khẩu nhỏ hơn số thành viên đã ghi (2 người)")
    size.fill("5")
    page.locator(".member").nth(1).locator(".remove-member").click()
    submit.click()
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    context.close()
