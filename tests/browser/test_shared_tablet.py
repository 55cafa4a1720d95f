"""One tablet, two surveyors: an outbox belongs to the surveyor who filled it (issue 3).

And the trade picker on a phone-sized screen: typing without accents finds the trade.
"""

import re
import time
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from survey_app.extensions import db as _db
from survey_app.models import HouseholdResponse, Role, User
from tests.browser.conftest import ACCOUNTS, PASSWORD
from tests.browser.test_offline_form import (
    SYNC_WAIT_MS,
    count,
    fill_household,
    finish,
    new_context,
    open_form_online,
    sign_in,
    surveyor_id,  # noqa: F401 - a fixture, used by the tests below
)
from tests.services.progress_data import assign

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SECOND_SURVEYOR = ("demo_surveyor_b", "Lò Văn Minh")
# The panel's words for responses of another account (vi, survey/_outbox_status.html).
OTHER_OWNER = re.compile(r"^1 phiếu do tài khoản khác điền đang chờ chủ của chúng đăng nhập\.$")
API_POST = "**/api/v1/household-responses"


@pytest.fixture
def second_surveyor_id(live_app, surveyor_id):  # noqa: F811 - the imported fixture
    """Another surveyor assigned to the same district (Đồng Văn) as the demo surveyor."""
    with live_app.app_context():
        username, full_name = SECOND_SURVEYOR
        user = _db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, full_name=full_name, role=Role.SURVEYOR)
            user.set_password(PASSWORD)
            _db.session.add(user)
            _db.session.commit()
        if not user.areas:
            assign(user, "026")
        return user.id


def rows_of(live_app, instance_id: str) -> list[int]:
    """The surveyor id of every stored row holding this instance id."""
    with live_app.app_context():
        return list(_db.session.scalars(select(HouseholdResponse.surveyor_id).where(
            HouseholdResponse.instance_id == uuid.UUID(instance_id))))


def rows_by(live_app, user_id: int) -> int:
    with live_app.app_context():
        return _db.session.scalar(select(func.count()).select_from(HouseholdResponse).where(
            HouseholdResponse.surveyor_id == user_id))


def sign_out(page) -> None:
    # From tablet width up the menu is always open; on a phone it is behind its summary.
    if page.locator("details.menu summary").is_visible():
        page.locator("details.menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/signin"))


def test_a_waiting_response_is_never_sent_under_the_next_surveyors_account(
        browser, live_app, live_server, surveyor_id, second_surveyor_id, artifacts):  # noqa: F811
    a_name, b_name = ACCOUNTS[Role.SURVEYOR][0], SECOND_SURVEYOR[0]
    b_before = rows_by(live_app, second_surveyor_id)
    context = new_context(browser, live_server, service_workers="allow")  # one tablet
    # Every POST of a response the tablet makes, with who was signed in on the tablet then.
    posts, me_calls = [], []
    state = {"who": a_name, "block": False}

    def watch_posts(route):
        if route.request.method != "POST":
            return route.continue_()
        posts.append((state["who"], route.request.post_data_json["instance_id"], state["block"]))
        if state["block"]:
            return route.abort("connectionrefused")
        return route.continue_()

    context.route(API_POST, watch_posts)
    context.on("request",
               lambda r: me_calls.append(state["who"]) if r.url.endswith("/api/v1/me") else None)

    # A fills a household offline; it waits in A's outbox.
    page = open_form_online(context, username=a_name)
    context.set_offline(True)
    fill_household(page, "Thào Mí Dình")
    finish(page, 1)
    assert posts == []

    # Online again, but A's upload cannot get through before A signs out.
    state["block"] = True
    context.set_offline(False)
    expect(page.locator("#outbox [data-message]")).to_contain_text(
        re.compile(r"thử lại sau \d+ giây"), timeout=SYNC_WAIT_MS)
    assert posts and all(who == a_name and blocked for who, _, blocked in posts)
    instance_id = posts[0][1]
    expect(count(page, "waiting")).to_have_text("1")
    sign_out(page)
    assert rows_of(live_app, instance_id) == []

    # B signs in on the same tablet with the network fully available.
    state.update(who=b_name, block=False)
    a_posts = len(posts)
    sign_in(page, username=b_name)  # lands on B's home, whose panel syncs too
    expect(page.locator("#outbox [data-message]")).to_have_text(OTHER_OWNER, timeout=SYNC_WAIT_MS)
    expect(count(page, "waiting")).to_have_text("0")
    page.goto("/survey/new")
    expect(page.locator("#outbox [data-message]")).to_have_text(OTHER_OWNER, timeout=SYNC_WAIT_MS)
    # More sync attempts: a reload, and the connection "returning".
    page.reload()
    expect(page.locator("#outbox [data-message]")).to_have_text(OTHER_OWNER, timeout=SYNC_WAIT_MS)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(3000)
    expect(page.locator("#outbox [data-message]")).to_have_text(OTHER_OWNER)
    for name in ("waiting", "sent", "drafts", "refused"):
        expect(count(page, name)).to_have_text("0")
    # B's pages did check who is signed in (each sync asks /api/v1/me) and sent nothing.
    assert me_calls.count(b_name) >= 3
    assert len(posts) == a_posts
    assert rows_by(live_app, second_surveyor_id) == b_before
    assert rows_of(live_app, instance_id) == []
    page.screenshot(path=artifacts / "shared-tablet-other-owner-768.png", full_page=True)

    # B signs out; A signs in again: A's response goes, under A's account, once.
    sign_out(page)
    state["who"] = a_name
    sign_in(page, username=a_name)  # A's home sends it
    expect(count(page, "waiting")).to_have_text("0", timeout=SYNC_WAIT_MS)
    expect(count(page, "sent")).to_have_text("1")
    expect(page.locator("#outbox [data-message]")).to_have_text("")
    page.goto("/survey/new")
    expect(count(page, "sent")).to_have_text("1")
    expect(count(page, "waiting")).to_have_text("0")
    assert rows_of(live_app, instance_id) == [surveyor_id]
    assert rows_by(live_app, second_surveyor_id) == b_before
    assert posts[a_posts:] == [(a_name, instance_id, False)]
    page.screenshot(path=artifacts / "shared-tablet-owner-synced-768.png", full_page=True)
    context.close()


# The survey pages the service worker holds, by path, with the user each was rendered for.
CACHED_PAGES = """async () => {
  const owners = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const url of ["/survey/", "/survey/new"]) {
      const page = await cache.match(url);
      if (page) owners[url] = page.headers.get("X-Survey-User");
    }
  }
  return owners;
}"""


def wait_for_cached_pages(page, owners: dict, timeout_s: float = 10) -> None:
    """Until the worker's cache holds exactly these pages, for these user ids."""
    deadline = time.monotonic() + timeout_s
    while (held := page.evaluate(CACHED_PAGES)) != owners:
        assert time.monotonic() < deadline, f"cached pages: {held}, expected {owners}"
        page.wait_for_timeout(100)


def test_after_a_sign_out_the_tablet_keeps_no_page_of_the_previous_surveyor(
        browser, live_app, live_server, surveyor_id, second_surveyor_id):  # noqa: F811
    a_name, b_name = ACCOUNTS[Role.SURVEYOR][0], SECOND_SURVEYOR[0]
    b_before = rows_by(live_app, second_surveyor_id)
    context = new_context(browser, live_server, service_workers="allow")  # one tablet
    page = open_form_online(context, username=a_name)
    wait_for_cached_pages(page, {"/survey/": str(surveyor_id), "/survey/new": str(surveyor_id)})
    sign_out(page)
    wait_for_cached_pages(page, {})  # nothing showing A's name or list is left

    # B signs in and only sees the home page online: the form is kept for B all the same.
    sign_in(page, username=b_name)
    expect(page.locator(".who")).to_contain_text(SECOND_SURVEYOR[1])
    b = str(second_surveyor_id)
    wait_for_cached_pages(page, {"/survey/": b, "/survey/new": b})

    context.set_offline(True)
    page.goto("/survey/")
    expect(page.locator(".who")).to_contain_text(SECOND_SURVEYOR[1])
    page.goto("/survey/new")
    expect(page.locator(".who")).to_contain_text(SECOND_SURVEYOR[1])
    fill_household(page, "Vàng Thị Dợ")
    finish(page, 1)
    expect(page.locator("#outbox [data-message]")).not_to_have_text(OTHER_OWNER)

    context.set_offline(False)
    page.reload()
    # "Sent" first: the page shows "0 waiting" before its script has counted the outbox.
    expect(count(page, "sent")).to_have_text("1", timeout=SYNC_WAIT_MS)
    expect(count(page, "waiting")).to_have_text("0")
    assert rows_by(live_app, second_surveyor_id) == b_before + 1
    context.close()


def test_the_trade_picker_finds_trades_typed_without_accents(
        browser, live_app, live_server, surveyor_id, artifacts):  # noqa: F811
    context = new_context(browser, live_server, service_workers="block")
    page = context.new_page()
    page.set_viewport_size(PHONE)
    sign_in(page)
    page.goto("/survey/new")
    member = page.locator(".member").first
    search = member.locator("input[id$='-trade1-search']")
    trade = member.locator("select[id$='-trade1']")
    expect(search).to_be_visible()
    expect(search).to_have_attribute("placeholder", re.compile(r"\w"))

    # "nau an" offers the cooking trade, whose name holds "(nấu ăn)"; nothing else.
    search.fill("nau an")
    expect(trade.locator("option")).to_have_count(2)
    expect(trade.locator("option").nth(1)).to_have_text("Kỹ thuật chế biến món ăn (nấu ăn)")
    expect(trade.locator("option").nth(1)).to_have_attribute("value", "DL01")
    # Offered, not chosen: the surveyor still picks it from the narrowed list.
    expect(trade).to_have_value("")
    trade.select_option("DL01")
    expect(trade).to_have_value("DL01")
    page.screenshot(path=artifacts / "trade-picker-nau-an-360.png", full_page=False)

    # "che" offers both Shan tuyết tea trades, among every name holding "chè"/"chế".
    search.fill("che")
    options = trade.locator("option")
    expect(options.filter(has_text="Trồng và chăm sóc chè Shan tuyết")).to_have_count(1)
    expect(options.filter(has_text="Chế biến chè")).to_have_count(1)
    texts = options.all_text_contents()[1:]
    values = [v for v in options.evaluate_all("os => os.map(o => o.value)")[1:]]
    assert {"NN04", "CB01"} <= set(values)
    assert all(re.search(r"ch[eèéẻẽẹêềếểễệ]", t, re.IGNORECASE) for t in texts), texts
    assert "DL01" in values  # chosen before, and "chế biến" matches too
    # The choice survives a search that would not show it.
    search.fill("shan tuyet")
    expect(trade).to_have_value("DL01")
    values = options.evaluate_all("os => os.map(o => o.value)")[1:]
    assert sorted(values) == ["DL01", "NN04"]
    search.fill("che shan")
    trade.select_option("NN04")
    expect(trade).to_have_value("NN04")
    search.fill("che")
    page.screenshot(path=artifacts / "trade-picker-che-360.png", full_page=False)
    context.close()
