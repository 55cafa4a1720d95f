"""Signing in on a phone, a tablet and a desktop: Vietnamese first, nothing cut off,
every field labelled, every control big enough for a finger, nothing from outside."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from survey_app.extensions import db as _db
from survey_app.models import Role, User
from tests.browser.conftest import ACCOUNTS, PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (360, 740), "tablet": (768, 1024), "desktop": (1280, 800)}
HOME_HEADINGS = {  # (Vietnamese, English)
    Role.SURVEYOR: ("Phiếu khảo sát của tôi", "My surveys"),
    Role.SUPERVISOR: ("Phiếu khảo sát của tôi", "My surveys"),
    Role.PLANNER: ("Tổng quan", "Dashboard"),
    Role.ADMIN: ("Quản trị", "Administration"),
}

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => el.type !== 'hidden' && el.getClientRects().length)
  .filter(el => !el.labels?.length && !el.getAttribute('aria-label')
    && !el.getAttribute('aria-labelledby'))
  .map(el => el.outerHTML)"""
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, header summary, nav a, form button, main a.button, '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select')]
  .filter(el => el.getClientRects().length)
  .filter(el => el.getBoundingClientRect().height < 44)
  .map(el => `${el.outerHTML.slice(0, 80)}: ${el.getBoundingClientRect().height}px`)"""


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_app, live_server, viewport):
    """A fresh browser tab at the viewport, recording every request it makes."""

    def forget_languages():
        with live_app.app_context():
            _db.session.execute(update(User).values(locale=None))
            _db.session.commit()

    # Accounts remember the language last chosen; each test starts from none, and leaves none
    # to the other browser tests sharing these accounts.
    forget_languages()
    width, height = VIEWPORTS[viewport]
    # An English browser: the app must still open in Vietnamese.
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US",
                                  base_url=live_server)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()
    forget_languages()


def check_layout(page, name: str, artifacts) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0, f"{name}: the page scrolls sideways"
    assert page.evaluate(UNLABELLED) == [], f"{name}: fields without a label"
    assert page.evaluate(SMALL_TARGETS) == [], f"{name}: controls under 44 px high"


def only_local(page) -> None:
    hosts = {urlsplit(url).hostname for url in page.requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, f"requests left the server: {sorted(page.requested)}"


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_signs_in_and_lands_home_in_vietnamese(page, viewport, role, artifacts):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    check_layout(page, f"signin-{viewport}", artifacts)

    username, full_name = ACCOUNTS[role]
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    vietnamese, english = HOME_HEADINGS[role]
    expect(page.locator("h1")).to_have_text(vietnamese)
    check_layout(page, f"home-{role.value}-{viewport}", artifacts)
    menu = page.locator("details.menu")
    if not page.locator("details.menu nav").is_visible():
        menu.locator("summary").click()
        check_layout(page, f"menu-{role.value}-{viewport}", artifacts)
    expect(page.locator("details.menu nav")).to_contain_text(full_name)

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text(english)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check_layout(page, f"home-{role.value}-{viewport}-en", artifacts)
    only_local(page)


def test_sign_in_errors_are_shown_in_vietnamese_by_the_field(page, viewport, artifacts):
    page.goto("/signin")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".form-errors")).to_contain_text("Vui lòng sửa các trường")
    expect(page.locator("#username-error")).to_have_text("Trường này là bắt buộc.")
    expect(page.get_by_label("Tên đăng nhập")).to_have_attribute("aria-invalid", "true")
    check_layout(page, f"signin-errors-{viewport}", artifacts)


def test_error_page_is_vietnamese_and_fits(page, viewport, artifacts):
    response = page.goto("/khong-co-trang-nay")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    check_layout(page, f"404-{viewport}", artifacts)
    only_local(page)
