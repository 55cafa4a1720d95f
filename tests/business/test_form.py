"""The employer form by plain POST: what a respondent sees, types and gets back."""

import re

import pytest
from sqlalchemy import select

from survey_app.models import (
    BusinessNeed,
    BusinessResponse,
    InvitationStatus,
    Level,
    NeedKind,
    Region,
)
from survey_app.services.business_rules import check_tax_code
from survey_app.text import vietnamese_key
from tests.business.data import answers, invite, open_round
from tests.i18n.test_pages import untranslated
from tests.region_order import DISTRICTS, DONG_VAN, option_groups
from tests.services.progress_data import LUNG_CU


@pytest.fixture
def invited(db, reference_data):
    return invite(open_round())


def errors_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="([^"]+)-error">([^<]*)</p>', html))


def test_a_first_visit_shows_what_the_department_knows_and_counts_as_opened(client, db, invited):
    invitation, token = invited
    assert invitation.status == InvitationStatus.NOT_OPENED
    html = client.get(f"/b/{token}").get_data(as_text=True)
    assert 'value="Công ty TNHH Chè Shan Tuyết Lũng Cú"' in html and 'value="5100123452"' in html
    # Two empty need rows, a save and a send button.
    assert re.findall(r'data-row="(\d+)"', html) == ["0", "1"]
    assert 'value="save"' in html and 'value="submit"' in html
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.OPENED and invitation.opened_at is not None


def test_communes_by_district_and_trades_are_listed_in_alphabetical_order(client, db, invited):
    _, token = invited
    html = client.get(f"/b/{token}").get_data(as_text=True)
    groups = option_groups(html, "commune_code")
    assert list(groups) == DISTRICTS and groups["Đồng Văn"] == DONG_VAN
    [trades] = re.findall(r'<select[^>]*name="n0-trade_code".*?</select>', html, re.S)
    names = re.findall(r'<option value="[A-Z]{2}\d\d"[^>]*>([^<]+)</option>', trades)
    assert len(names) == 48 and names == sorted(names, key=vietnamese_key)
    assert names.index("Điện công nghiệp") < names.index("Hàn")


def test_saving_a_draft_says_when_and_keeps_the_answers_for_next_time(client, db, invited):
    invitation, token = invited
    saved = client.post(f"/b/{token}", data=answers(action="save", sector=""))
    assert saved.status_code == 302 and saved.location.endswith(f"/b/{token}")
    html = client.get(saved.location).get_data(as_text=True)
    assert re.search(r"Đã lưu lúc \d\d:\d\d\.", html)
    # The wage as the respondent typed it, with its thousands separators.
    assert 'value="Sao chè thủ công"' in html and 'value="6.500.000"' in html
    # The saved rows come back with empty ones after them.
    assert re.findall(r'data-row="(\d+)"', html) == ["0", "1", "2", "3"]
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.IN_PROGRESS


def test_a_draft_may_be_incomplete_but_a_started_need_may_not(client, db, invited):
    _, token = invited
    only_name = {"business_name": "Công ty Chè", "action": "save"}
    assert client.post(f"/b/{token}", data=only_name).status_code == 302

    half_need = {**only_name, "n0-trade_code": "DL01", "n1-other_text": "Sao chè",
                 "n1-workers": "nhiều", "n1-level": "so_cap"}
    refused = client.post(f"/b/{token}", data=half_need)
    errors = errors_of(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert errors == {"n0-workers": "Nhu cầu 1: số lao động là bắt buộc",
                      "n0-level": "Nhu cầu 1: trình độ là bắt buộc",
                      "n1-workers": "Nhu cầu 2: số lao động phải là một số"}
    [draft] = db.session.scalars(select(BusinessResponse)).all()
    assert draft.payload["needs"] == []


def test_sending_needs_the_profile_and_a_need_or_none(client, db, invited):
    _, token = invited
    form = answers(sector="", commune_code="", **{"n0-trade_code": "", "n0-workers": "",
                                                  "n0-level": "", "n0-quarter": "",
                                                  "n0-wage_offered_vnd": "",
                                                  "n1-other_text": "", "n1-workers": "",
                                                  "n1-level": ""})
    refused = client.post(f"/b/{token}", data=form)
    errors = errors_of(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert errors["sector"] == "Ngành kinh tế là bắt buộc"
    assert errors["commune_code"] == "Xã là bắt buộc"
    assert "needs" not in errors  # told once the profile is right, not all at once
    refused = client.post(f"/b/{token}", data={**form, "sector": "C", "commune_code": LUNG_CU})
    assert errors_of(refused.get_data(as_text=True)) == {
        "needs": "Nhu cầu tuyển dụng: thêm ít nhất một nhu cầu, hoặc đánh dấu là không có nhu cầu"}
    sent = client.post(f"/b/{token}", data={**form, "sector": "C", "commune_code": LUNG_CU,
                                            "no_needs": "yes"})
    assert sent.status_code == 302


def test_a_sent_answer_leads_to_the_confirmation_and_is_stored_as_typed(client, db, invited):
    invitation, token = invited
    sent = client.post(f"/b/{token}", data=answers())
    assert sent.status_code == 302 and sent.location.endswith(f"/b/{token}/submitted")
    page = client.get(sent.location).get_data(as_text=True)
    assert "Cảm ơn" in page and f'href="/b/{token}/answers.pdf"' in page

    [response] = db.session.scalars(select(BusinessResponse)).all()
    assert response.submitted and response.submitted_at is not None
    assert response.contact_phone == "0912345678"
    assert response.take_apprentices and response.commit_to_hire and not response.co_fund
    needs = db.session.scalars(select(BusinessNeed).order_by(BusinessNeed.position)).all()
    assert [(n.kind, n.trade.code if n.trade else None, n.other_text, n.workers, n.level,
             n.quarter, n.wage_offered_vnd) for n in needs] == [
        (NeedKind.VACANCY, "DL01", None, 3, Level.ELEMENTARY, 2, 6_500_000),
        (NeedKind.PLAN, None, "Sao chè thủ công", 5, Level.SHORT, None, None),
    ]
    db.session.refresh(invitation)
    assert invitation.status == InvitationStatus.SUBMITTED
    business = invitation.business
    assert (business.sector, business.size_band, business.commune.code,
            business.district.code) == ("C", "small", LUNG_CU, "026")


def test_bad_answers_come_back_under_their_fields_with_everything_typed_kept(client, db, invited):
    _, token = invited
    form = answers(contact_phone="12", business_name="<b>Chè</b>", **{
        "n1-workers": "0", "n0-trade_code": "ZZ99", "n0-wage_offered_vnd": "6,5 triệu"})
    refused = client.post(f"/b/{token}", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert errors_of(html) == {
        "contact_phone": "Điện thoại liên hệ phải có 9 đến 11 chữ số và bắt đầu bằng 0 hoặc +84",
        "n0-trade_code": "Nhu cầu 1: nghề không có trong danh mục nghề",
        "n0-wage_offered_vnd": "Nhu cầu 1: mức lương tháng phải là một số",
        "n1-workers": "Nhu cầu 2: số lao động phải từ 1 đến 10.000",
    }
    assert "&lt;b&gt;Chè&lt;/b&gt;" in html and "<b>Chè</b>" not in html
    assert 'value="6,5 triệu"' in html
    assert db.session.scalars(select(BusinessResponse)).all() == []


def test_a_number_too_large_is_told_its_range_written_as_people_write_numbers(client, db,
                                                                             invited):
    _, token = invited
    form = answers(**{"n0-workers": "100000000000000000000",
                      "n0-wage_offered_vnd": "600.000.000"})
    errors = errors_of(client.post(f"/b/{token}", data=form).get_data(as_text=True))
    assert errors == {
        "n0-workers": "Nhu cầu 1: số lao động phải từ 1 đến 10.000",
        "n0-wage_offered_vnd": "Nhu cầu 1: mức lương tháng phải từ 0 đến 500.000.000",
    }


def test_a_pasted_answer_longer_than_allowed_is_kept_and_its_limit_told(client, db, invited):
    _, token = invited
    # A maxlength would cut a paste without a word: the server tells the limit instead.
    assert not re.search(r'<textarea[^>]*name="skills_lacking"[^>]*maxlength',
                         client.get(f"/b/{token}").get_data(as_text=True))
    pasted = "Kỹ năng giao tiếp với khách du lịch. " * 70

    refused = client.post(f"/b/{token}", data=answers(skills_lacking=pasted))

    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "2.000" in errors_of(html)["skills_lacking"]
    assert pasted.strip() in html


def test_the_tax_code_hint_gives_an_example_the_form_accepts(client, db, invited):
    _, token = invited
    html = client.get(f"/b/{token}").get_data(as_text=True)
    [example] = re.findall(r"\b\d{10}-\d{3}\b", html)
    assert check_tax_code(example) == example


def test_a_tax_code_of_another_business_is_refused(client, db, reference_data):
    survey_round = open_round()
    _, token = invite(survey_round)
    other, _ = invite(survey_round, "Hợp tác xã Mây tre", "5100111111")
    refused = client.post(f"/b/{token}", data=answers(tax_code="5100111111"))
    assert refused.status_code == 422
    assert errors_of(refused.get_data(as_text=True))["tax_code"].startswith("Mã số thuế thuộc về")


def test_a_round_not_yet_open_shows_when_to_come_back(client, db, reference_data):
    from survey_app.models import RoundStatus

    _, token = invite(open_round(status=RoundStatus.DRAFT))
    html = client.get(f"/b/{token}").get_data(as_text=True)
    assert "Khảo sát chưa mở" in html and "02/03/2026" in html
    assert 'id="business-form"' not in html


def test_the_pages_show_no_english_in_vietnamese(client, db, invited):
    from survey_app.models import RoundStatus

    invitation, token = invited
    pages = {"form": f"/b/{token}", "submitted": f"/b/{token}/submitted"}

    def fetch(lang):
        client.post(f"/language/{lang}")
        return {name: client.get(url).get_data(as_text=True) for name, url in pages.items()}

    client.post(f"/b/{token}", data=answers(**{"n0-workers": "x"}))  # with errors shown
    failing = {"vi": client.post(f"/b/{token}", data=answers(**{"n0-workers": "x"}))}
    client.post(f"/b/{token}", data=answers())
    vi, en = fetch("vi"), fetch("en")
    failing["en"] = client.post(f"/b/{token}", data=answers(**{"n0-workers": "x"}))
    invitation.round.status = RoundStatus.CLOSED
    db.session.commit()
    vi["closed"], en["closed"] = fetch("vi")["form"], fetch("en")["form"]
    vi["errors"] = failing["vi"].get_data(as_text=True)
    en["errors"] = failing["en"].get_data(as_text=True)
    data = {"Công ty TNHH Chè Shan Tuyết Lũng Cú", "Sao chè thủ công", "Vàng Thị Mỷ",
            "Đọc bản vẽ, vận hành máy sao chè", *db.session.scalars(select(Region.name_vi))}
    for name in vi:
        assert "lang=\"en\"" in en[name]
        assert untranslated(vi[name], en[name], data) == [], name
