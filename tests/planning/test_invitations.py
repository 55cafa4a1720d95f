"""The planner's invitation pages: creating, uploading, links shown once, letters, revoking."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.models import AuditEntry, Business, Invitation, InvitationStatus, Role, RoundStatus
from survey_app.services import tokens
from tests.region_order import DISTRICTS, DONG_VAN, option_groups
from tests.reports.pdf_text import page_count, pdf_text
from tests.services.invitation_data import bad_check_digit, row, tax_code, xlsx_file
from tests.services.progress_data import make_round

LINK = re.compile(r'readonly value="(http://localhost/b/([A-Za-z0-9_-]+))"')


@pytest.fixture
def survey_round(client, login_as, db, reference_data):
    login_as(Role.PLANNER)
    client.post("/language/vi")
    return make_round()


def form_data(n: int, **fields) -> dict:
    data = row(n, **{"district": "026", "commune": "00715", **fields})
    return {name: value or "" for name, value in data.items()}


def create(client, n: int, **fields) -> tuple[str, str]:
    """Invite business ``n`` through the form; its link and token, read from the page."""
    response = client.post("/planning/invitations/new", data=form_data(n, **fields))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    [(link, token)] = LINK.findall(response.get_data(as_text=True))
    return link, token


def invitation_id(db, n: int) -> int:
    return db.session.scalar(select(Invitation.id).join(Invitation.business)
                             .where(Invitation.business.has(tax_code=tax_code(n))))


def test_a_new_invitations_link_is_shown_once_and_opens_the_employer_form(
        client, db, survey_round):
    link, token = create(client, 1)

    assert client.get(link.removeprefix("http://localhost")).status_code == 200
    invitation = db.session.scalar(select(Invitation))
    assert invitation.token_hash == tokens.token_hash(token)
    for url in ("/planning/invitations/", f"/planning/invitations/{invitation.id}"):
        html = client.get(url).get_data(as_text=True)
        assert "Công ty TNHH Dệt thổ cẩm Đồng Văn số 1" in html and token not in html
    assert "không lưu" in client.get(f"/planning/invitations/{invitation.id}").get_data(
        as_text=True)


def test_districts_come_in_code_order_and_communes_alphabetically(client, db, survey_round):
    def districts(url):
        html = client.get(url).get_data(as_text=True)
        [choices] = re.findall(r'<select[^>]*name="district".*?</select>', html, re.S)
        return re.findall(r"<option[^>]*>([^<]+)</option>", choices)[1:], html

    listed, html = districts("/planning/invitations/new")
    communes = option_groups(html, "commune")
    assert listed == DISTRICTS == list(communes) and communes["Đồng Văn"] == DONG_VAN
    assert districts("/planning/invitations/")[0] == DISTRICTS


def test_the_form_names_each_wrong_field_in_the_readers_language(client, db, survey_round):
    response = client.post("/planning/invitations/new", data=form_data(
        2, tax_code=bad_check_digit(tax_code(2)), district="", commune="", contact_phone="12"))

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Mã số thuế không hợp lệ: chữ số kiểm tra không khớp" in html
    assert "Huyện là bắt buộc: hãy ghi huyện, xã, hoặc cả hai" in html
    assert "Điện thoại liên hệ phải có 9 đến 11 chữ số" in html
    assert db.session.scalar(select(Invitation.id)) is None


def test_the_letter_made_right_after_creation_holds_the_link_in_vietnamese(
        client, db, survey_round):
    link, token = create(client, 3, business_name="Hợp tác xã Chè Shan tuyết Lũng Cú")
    pair = f"{invitation_id(db, 3)}:{token}"

    response = client.post("/planning/invitations/letters", data={"issued": pair})

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(pdf_text(response.data).split())
    assert page_count(response.data) == 1
    for words in ("Hợp tác xã Chè Shan tuyết Lũng Cú", f"Mã số thuế: {tax_code(3)}",
                  "Xã Lũng Cú, Đồng Văn", "Người nhận: Vàng Thị Mỷ", "“Khảo sát 2026”",
                  "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI TỈNH HÀ GIANG", "Trang 1 / 1"):
        assert words in text
    assert link in text.split()


def test_a_letter_for_a_token_that_is_not_the_live_one_is_refused(client, db, survey_round):
    _link, token = create(client, 4)
    invitation = invitation_id(db, 4)
    client.post(f"/planning/invitations/{invitation}/reissue")

    response = client.post("/planning/invitations/letters",
                           data={"issued": f"{invitation}:{token}"})

    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Các đường dẫn này đã thay đổi" in html


def test_revoking_stops_the_link_at_once_and_reissuing_gives_a_new_one(client, db, survey_round):
    link, _token = create(client, 5)
    path = link.removeprefix("http://localhost")
    invitation = invitation_id(db, 5)

    response = client.post(f"/planning/invitations/{invitation}/revoke", follow_redirects=True)
    assert "Đường dẫn của “Công ty TNHH Dệt thổ cẩm Đồng Văn số 5” đã hết hiệu lực" in \
        response.get_data(as_text=True)
    assert client.get(path).status_code == 404

    response = client.post(f"/planning/invitations/{invitation}/reissue")
    [(new_link, _new_token)] = LINK.findall(response.get_data(as_text=True))
    assert client.get(path).status_code == 404
    assert client.get(new_link.removeprefix("http://localhost")).status_code == 200


def test_a_closed_rounds_invitations_cannot_be_created_or_reissued(client, db, survey_round):
    _link, _token = create(client, 6)
    survey_round.status = RoundStatus.CLOSED
    db.session.commit()

    response = client.post("/planning/invitations/new", data=form_data(7),
                           follow_redirects=True)
    assert "đã đóng: không thể tạo hoặc cấp lại lời mời" in response.get_data(as_text=True)
    response = client.post(f"/planning/invitations/{invitation_id(db, 6)}/reissue",
                           follow_redirects=True)
    assert "đã đóng" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Invitation)).all()) == 1


def upload(client, rows, mode) -> tuple[int, str]:
    response = client.post("/planning/invitations/upload", data={
        "file": (io.BytesIO(xlsx_file(rows)), "danh-sach.xlsx"), "mode": mode})
    return response.status_code, response.get_data(as_text=True)


def error_rows(html: str) -> list[list[str]]:
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    return [[re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", tr,
                                                                       re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize(("mode", "created"), [("all_or_nothing", 0), ("good_rows", 4)])
def test_an_upload_reports_bad_rows_by_line_and_field(client, db, survey_round, mode, created):
    rows = [row(n) for n in range(10, 15)]
    rows[2]["tax_code"] = "51"  # line 4

    status, html = upload(client, rows, mode)

    assert status == (400 if created == 0 else 200)
    assert f"Đã đọc 5 dòng: tạo {created} lời mời, 1 dòng có lỗi." in html
    assert error_rows(html)[0] == [
        "4", "Mã số thuế",
        "Mã số thuế phải có 10 chữ số, hoặc 10 chữ số và 3 chữ số của chi nhánh"]
    assert len(LINK.findall(html)) == created
    assert len(db.session.scalars(select(Invitation)).all()) == created


def test_the_template_downloads_with_vietnamese_headers_and_an_example_that_is_refused(
        client, db, survey_round):
    response = client.get("/planning/invitations/template?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    header, example = [[c.value for c in r] for r in sheet.iter_rows(max_row=2)]
    assert header[:3] == ["Tên doanh nghiệp *", "Mã số thuế *", "Huyện/thành phố *"]

    html = client.post("/planning/invitations/upload", data={
        "file": (io.BytesIO(response.data), "mau.xlsx"), "mode": "good_rows"}).get_data(
        as_text=True)
    assert f"Mã số thuế {example[1]} là dòng ví dụ của tệp mẫu: hãy xóa dòng đó" in html


def test_a_file_that_is_not_a_list_is_refused_on_the_file_field(client, db, survey_round):
    response = client.post("/planning/invitations/upload", data={
        "file": (io.BytesIO(b"%PDF-1.7"), "thu.pdf"), "mode": "good_rows"})
    assert response.status_code == 400
    assert "Hãy tải lên tệp .xlsx hoặc .csv" in response.get_data(as_text=True)


def test_printing_letters_again_needs_a_confirmation_and_replaces_the_chosen_links(
        client, db, survey_round):
    links = {n: create(client, n)[0].removeprefix("http://localhost") for n in (20, 21, 22)}
    chosen = [str(invitation_id(db, n)) for n in (20, 21)]

    refused = client.post("/planning/invitations/letters/new-links",
                          data={"scope": "selected", "selected": chosen}, follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận" in refused.get_data(as_text=True)
    assert all(client.get(path).status_code == 200 for path in links.values())

    response = client.post("/planning/invitations/letters/new-links",
                           data={"scope": "selected", "selected": chosen, "confirm": "y"})

    assert response.mimetype == "application/pdf" and page_count(response.data) == 2
    text = pdf_text(response.data)
    assert "Đồng Văn số 20" in text and "Đồng Văn số 21" in text and "số 22" not in text
    assert [client.get(links[n]).status_code for n in (20, 21, 22)] == [404, 404, 200]


def test_letters_for_the_whole_filtered_list_leave_the_others_alone(client, db, survey_round):
    links = {n: create(client, n)[0].removeprefix("http://localhost") for n in (30, 31)}
    db.session.get(Invitation, invitation_id(db, 31)).status = InvitationStatus.OPENED
    db.session.commit()

    response = client.post("/planning/invitations/letters/new-links?status=opened",
                           data={"scope": "filtered", "confirm": "y"})

    assert page_count(response.data) == 1 and "Đồng Văn số 31" in pdf_text(response.data)
    assert [client.get(links[n]).status_code for n in (30, 31)] == [200, 404]


def test_letters_of_a_long_upload_come_in_batches_a_request_can_render(
        client, db, survey_round, monkeypatch):
    monkeypatch.setattr("survey_app.planning.invitations.MAX_LETTERS", 2)
    _status, html = upload(client, [row(n) for n in range(40, 45)], "good_rows")

    forms = re.findall(r'<form method="post" action="/planning/invitations/letters">(.*?)</form>',
                       html, re.S)
    batches = [re.findall(r'name="issued" value="([^"]+)"', form) for form in forms]
    assert [len(b) for b in batches] == [2, 2, 1]
    assert "Tải thư 3 đến 4 (PDF)" in forms[1]

    response = client.post("/planning/invitations/letters", data={"issued": batches[1]})
    assert page_count(response.data) == 2 and "Đồng Văn số 42" in pdf_text(response.data)
    too_many = client.post("/planning/invitations/letters",
                           data={"issued": batches[0] + batches[2]})
    assert too_many.status_code == 400


def test_a_commune_of_another_district_is_named_in_the_message(client, db, survey_round):
    response = client.post("/planning/invitations/new", data=form_data(5, commune="00688"))

    assert response.status_code == 400
    assert "Xã “Phường Quang Trung” không thuộc huyện đã ghi" in response.get_data(as_text=True)


def test_a_business_already_known_by_its_tax_code_keeps_its_name_and_the_planner_is_told(
        client, db, survey_round):
    # Known from a paper questionnaire keyed in before: its stored name (which its answers
    # may have corrected) stays, the page says so, and the audit log records the name used.
    db.session.add(Business(name="Công ty TNHH Dệt thổ cẩm Đồng Văn số 6", tax_code=tax_code(6)))
    db.session.commit()
    response = client.post("/planning/invitations/new",
                           data=form_data(6, business_name="Cơ sở dệt Lũng Cú"))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("đã có trong hệ thống với tên “Công ty TNHH Dệt thổ cẩm Đồng Văn số 6”" in html)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "invitation.create").order_by(AuditEntry.id.desc())).first()
    assert entry.details["business"] == "Công ty TNHH Dệt thổ cẩm Đồng Văn số 6"
