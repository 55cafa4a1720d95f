"""Signing in on a phone, a tablet and a desktop: Vietnamese first, nothing cut off,
every field labelled, every control big enough for a finger, nothing from outside."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from survey_app.extensions import db as _db
from survey_app.models import Business, Invitation, Role, RoundStatus, SurveyRound, User
from survey_app.services import tokens
from tests.browser.conftest import ACCOUNTS, PASSWORD
from tests.services.progress_data import LUNG_CU, assign, make_round

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
# A tick box or a radio button is at least 24 px (WCAG 2.5.8), and its label, the larger
# target, as high as any other control; so are links in tables and lists (a response's name,
# an error of the summary, the link back up at the top of a page).
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, header summary, nav a, form button, main a.button, '
    + 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, '
    + 'input[type=checkbox] + label, input[type=radio] + label, td a, .form-errors a, '
    + '.sent-back a, .back a')]
  .filter(el => el.getClientRects().length)
  .filter(el => el.getBoundingClientRect().height < 44)
  .concat([...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
    .filter(el => el.getClientRects().length)
    .filter(el => Math.min(el.getBoundingClientRect().height, el.getBoundingClientRect().width)
                  < 24))
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


# Pages with tick boxes and radio buttons, by who opens them.
CHOICE_PAGES = {
    Role.PLANNER: ["/planning/plans/new", "/planning/exports", "/planning/imports",
                   "/planning/invitations/", "/planning/invitations/new"],
    Role.ADMIN: ["/admin/users/new", "/admin/rounds/new"],
    Role.SURVEYOR: ["/survey/new"],
}


@pytest.mark.parametrize("role", list(CHOICE_PAGES), ids=[r.value for r in CHOICE_PAGES])
def test_choices_and_their_labels_are_big_enough_for_a_finger(page, viewport, role, live_app,
                                                              artifacts):
    with live_app.app_context():
        survey_round = _db.session.scalar(
            select(SurveyRound).where(SurveyRound.status == RoundStatus.OPEN))
        survey_round = survey_round or make_round({LUNG_CU: 20})
        surveyor = _db.session.scalar(
            select(User).where(User.username == ACCOUNTS[Role.SURVEYOR][0]))
        if not surveyor.areas:
            assign(surveyor, "026")
        # A business in the invitations list, with its tick box for a letter.
        _db.session.add(Invitation(round=survey_round, token_hash=tokens.token_hash(
            tokens.new_token()), business=Business(name="Công ty Cổ phần Chè Lũng Phìn")))
        _db.session.commit()
    username, _ = ACCOUNTS[role]
    page.goto("/signin")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("h1")).to_have_text(HOME_HEADINGS[role][0])
    for url in CHOICE_PAGES[role]:
        page.goto(url)
        check_layout(page, f"{url.strip('/').replace('/', '-')}-{viewport}", artifacts)
