"""A business owner on a phone (360×740): opens the link, fills two needs, saves, comes back
later on a fresh browser, sends, and keeps the PDF copy (issue 4, acceptance 3)."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import Business, Invitation, RoundStatus, SurveyRound
from survey_app.services import tokens
from tests.browser.test_layout import check_layout
from tests.business.data import TAX_C, pdf_text
from tests.services.progress_data import LUNG_CU, make_round

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
NAME = "Nhà hàng Đặc sản Mèo Vạc"
COOKING = "Kỹ thuật chế biến món ăn (nấu ăn)"
WELDING = "Hàn"


@pytest.fixture
def token(live_app):
    """A new invitation, in the open round, for a business the Department knows by name."""
    with live_app.app_context():
        survey_round = _db.session.scalar(
            select(SurveyRound).where(SurveyRound.status == RoundStatus.OPEN))
        if survey_round is None:
            survey_round = make_round({LUNG_CU: 20})
        business = _db.session.scalar(select(Business).where(Business.tax_code == TAX_C))
        token = tokens.new_token()
        _db.session.add(Invitation(round=survey_round, token_hash=tokens.token_hash(token),
                                   business=business or Business(name=NAME)))
        _db.session.commit()
        return token


def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=live_server,
                                  accept_downloads=True)
    return context, context.new_page()


def need(page, number: int):
    return page.locator("fieldset.need").filter(has_text=f"Nhu cầu {number}")


def test_a_business_fills_saves_resumes_sends_and_keeps_a_copy(browser, live_server, token,
                                                               artifacts):
    context, page = phone(browser, live_server)
    page.goto(f"/b/{token}")
    expect(page.locator("h1")).to_have_text("Phiếu khảo sát doanh nghiệp")
    expect(page.get_by_label("Tên doanh nghiệp")).to_have_value(NAME)
    page.get_by_label("Mã số thuế").fill(TAX_C)
    page.get_by_label("Ngành kinh tế").select_option("I")
    page.get_by_label("Quy mô").select_option("small")
    page.get_by_label("Loại hình sở hữu").select_option("private")
    page.get_by_label("Xã/phường/thị trấn").select_option(LUNG_CU)
    page.get_by_label("Người liên hệ").fill("Lò Thị Dung")

    # One empty need at first; typing without accents finds the trade.
    expect(page.locator("fieldset.need:visible")).to_have_count(1)
    first = need(page, 1)
    first.get_by_placeholder("Tìm nghề").fill("nau an")
    expect(first.get_by_label("Nghề", exact=True)).to_have_value("DL01")
    first.get_by_label("Số lao động").fill("4")
    first.get_by_label("Trình độ").select_option("so_cap")
    first.get_by_label("Mức lương tháng trả (đồng)").fill("6.000.000")

    page.get_by_role("button", name="Thêm nhu cầu").click()
    second = need(page, 2)
    second.get_by_placeholder("Tìm nghề").fill("han")
    second.get_by_label("Nghề", exact=True).select_option("CK01")
    second.get_by_label("Tuyển ngay hay dự kiến").select_option("vacancy")
    second.get_by_label("Số lao động").fill("2")
    second.get_by_label("Trình độ").select_option("so_cap")
    page.get_by_label("Có thể nhận người học việc hoặc thực tập").check()
    check_layout(page, "business-form-phone", artifacts)

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".flash-success")).to_have_text(re.compile(r"Đã lưu lúc \d\d:\d\d\."))
    context.close()

    # Later, on another browser: the link alone brings the answers back.
    context, page = phone(browser, live_server)
    page.goto(f"/b/{token}")
    expect(page.get_by_label("Mã số thuế")).to_have_value(TAX_C)
    expect(page.get_by_label("Xã/phường/thị trấn")).to_have_value(LUNG_CU)
    expect(need(page, 1).get_by_label("Nghề", exact=True)).to_have_value("DL01")
    expect(need(page, 2).get_by_label("Nghề", exact=True)).to_have_value("CK01")
    expect(need(page, 2).get_by_label("Số lao động")).to_have_value("2")
    expect(page.get_by_label("Có thể nhận người học việc hoặc thực tập")).to_be_checked()
    check_layout(page, "business-form-resumed-phone", artifacts)

    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("h1")).to_have_text("Cảm ơn: phiếu trả lời của doanh nghiệp đã được gửi")
    check_layout(page, "business-submitted-phone", artifacts)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản sao (PDF)").click()
    pdf = download.value.path().read_bytes()
    (artifacts / "business-answers.pdf").write_bytes(pdf)
    text = " ".join(pdf_text(pdf).split())
    assert NAME in text and COOKING in text and WELDING in text and TAX_C in text
    context.close()


def new_business(live_app, name: str) -> str:
    """The token of a new invitation, in the open round, for a business that has not answered."""
    with live_app.app_context():
        survey_round = _db.session.scalar(
            select(SurveyRound).where(SurveyRound.status == RoundStatus.OPEN))
        token = tokens.new_token()
        _db.session.add(Invitation(round=survey_round or make_round({LUNG_CU: 20}),
                                   token_hash=tokens.token_hash(token),
                                   business=Business(name=name)))
        _db.session.commit()
        return token


def test_a_lost_session_is_explained_and_back_keeps_what_was_typed(browser, live_server,
                                                                   live_app):
    token = new_business(live_app, "Hợp tác xã Mây tre Yên Minh")
    context, page = phone(browser, live_server)
    page.goto(f"/b/{token}")
    page.get_by_label("Người liên hệ").fill("Lò Văn Pao")
    # The session is gone (the browser was closed and the tab restored), the page is not.
    context.clear_cookies()
    page.get_by_role("button", name="Lưu nháp").click()

    expect(page.locator("h1")).to_have_text("Phiên làm việc đã hết hạn.")
    expect(page.get_by_role("link", name="Về trang chủ")).to_have_count(0)
    page.get_by_role("link", name="Quay lại").click()
    expect(page.get_by_label("Người liên hệ")).to_have_value("Lò Văn Pao")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".flash-success")).to_have_text(re.compile(r"Đã lưu lúc \d\d:\d\d\."))
    context.close()


def ranked(page, query: str) -> list[str]:
    """The trade codes the form's search offers for ``query``, best first."""
    return page.evaluate("""async (query) => {
        const { rankTrades } = await import("/static/js/fold.js");
        const { trades } = JSON.parse(document.getElementById("business-data").textContent);
        return rankTrades(query, trades).ranked.map((trade) => trade.code);
    }""", query)


def test_the_trade_search_matches_words_and_chooses_only_a_sure_match(browser, live_server,
                                                                      live_app):
    context, page = phone(browser, live_server)
    page.goto(f"/b/{new_business(live_app, 'Xưởng cơ khí Bắc Quang')}")
    # A typed word starts a word of the name, accents aside; a typed accent ranks its exact
    # spelling first: "hàn" is Hàn (welding) and Tiếng Hàn before "Bán hàng", "Nhà hàng".
    assert ranked(page, "hàn") == ranked(page, "thợ hàn") == ["CK01", "NG02", "KD01", "DL04"]
    assert ranked(page, "han")[:2] == ["CK01", "NG02"]
    assert ranked(page, "nau an") == ["DL01"]
    # "ô tô" typed as one word finds both trades with it.
    assert ranked(page, "oto") == ranked(page, "ô tô") == ["CK03", "VT01"]
    assert ranked(page, "lai xe oto") == ["VT01"]
    # A finished word is a whole word: no trade is both "hàn" and "điện", so each trade with
    # one of them is offered, those named by the first word first.
    assert ranked(page, "hàn điện") == ["CK01", "NG02", "KD01", "XD03", "XD02", "IT02"]

    first = need(page, 1)
    search, trade = first.get_by_placeholder("Tìm nghề"), first.get_by_label("Nghề", exact=True)
    for query in ("hàn điện", "thợ hàn"):
        search.fill(query)
        expect(trade.locator("option").nth(1)).to_have_attribute("value", "CK01")
        expect(trade).to_have_value("")  # several trades fit: the owner picks one
    search.fill("tiếng hàn")
    expect(trade).to_have_value("NG02")  # the only one
    # Searching again is choosing again: the trade chosen before does not stay chosen, unseen.
    search.fill("nấu ăn")
    expect(trade).to_have_value("DL01")
    search.fill("xyz")
    expect(trade).to_have_value("")
    expect(trade.locator("option")).to_have_count(1)
    expect(trade.locator("option").first).to_have_text("Không có nghề phù hợp")
    context.close()
