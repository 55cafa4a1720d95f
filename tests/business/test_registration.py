"""Open registration: a business not invited joins a round that allows it, by its tax code."""

import pytest
from sqlalchemy import func, select

from survey_app.models import Business, Invitation, InvitationStatus, RoundStatus
from survey_app.services import tokens
from tests.business.data import TAX_A, TAX_B, answers, invite, open_round
from tests.i18n.test_pages import untranslated

SECRET = "Bí mật: cần 40 thợ hàn"


@pytest.fixture
def open_doors(db, reference_data):
    """An open round that lets businesses register themselves."""
    survey_round = open_round()
    survey_round.open_registration = True
    db.session.commit()
    return survey_round


def invitations(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Invitation))


def test_registration_is_off_unless_the_round_allows_it(client, db, reference_data):
    survey_round = open_round()
    assert client.get(f"/b/register/{survey_round.id}").status_code == 404
    survey_round.open_registration = True
    db.session.commit()
    assert client.get(f"/b/register/{survey_round.id}").status_code == 200
    survey_round.status = RoundStatus.CLOSED
    db.session.commit()
    assert client.get(f"/b/register/{survey_round.id}").status_code == 404
    assert client.get("/b/register/999").status_code == 404


def test_a_new_tax_code_gets_its_own_form_and_link(client, db, open_doors):
    joined = client.post(f"/b/register/{open_doors.id}",
                         data={"tax_code": "0314409058-002", "business_name": "Nhà hàng Mèo Vạc"})
    assert joined.status_code == 302
    token = joined.location.rsplit("/b/", 1)[1]
    form = client.get(joined.location).get_data(as_text=True)
    # The link is shown to keep, and the form is the new business's.
    assert f"/b/{token}" in form and 'value="Nhà hàng Mèo Vạc"' in form

    invitation = db.session.scalar(select(Invitation))
    assert invitation.token_hash == tokens.token_hash(token) and token not in repr(
        [invitation.token_hash, invitation.business.name])
    assert invitation.status == InvitationStatus.OPENED and invitation.created_by_id is None
    assert invitation.business.tax_code == "0314409058-002"
    assert client.post(f"/b/{token}", data=answers(tax_code="0314409058-002",
                                                   business_name="Nhà hàng Mèo Vạc")
                       ).status_code == 302


def test_an_invited_tax_code_is_told_so_and_gets_no_link(client, db, open_doors):
    invite(open_doors)
    page = client.post(f"/b/register/{open_doors.id}",
                       data={"tax_code": TAX_A, "business_name": "Ai đó"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "đã được mời" in html and "/b/" not in html.split(
        'id="registration-outcome"')[1].split("</div>")[0]
    assert invitations(db) == 1


def test_an_answered_tax_code_is_told_so_without_its_answers(client, db, open_doors):
    _, token = invite(open_doors, "Hợp tác xã Mây tre", TAX_B)
    client.post(f"/b/{token}", data=answers(tax_code=TAX_B, business_name="Hợp tác xã Mây tre",
                                            skills_lacking=SECRET))
    page = client.post(f"/b/register/{open_doors.id}",
                       data={"tax_code": "5100 111 111", "business_name": "Ai đó"})
    html = page.get_data(as_text=True)
    assert "đã trả lời khảo sát" in html
    assert SECRET not in html and "Mây tre" not in html and token not in html
    assert invitations(db) == 1


def test_a_business_known_from_before_is_not_duplicated(client, db, open_doors):
    db.session.add(Business(name="Công ty Cũ", tax_code=TAX_A))
    db.session.commit()
    joined = client.post(f"/b/register/{open_doors.id}",
                         data={"tax_code": TAX_A, "business_name": "Công ty Mới"})
    assert joined.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Business)) == 1


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"tax_code": "5100123453", "business_name": "Công ty A"}, "tax_code", "Mã số thuế"),
    ({"tax_code": "", "business_name": "Công ty A"}, "tax_code", "Mã số thuế là bắt buộc"),
    ({"tax_code": TAX_A, "business_name": " "}, "business_name", "Tên doanh nghiệp"),
])
def test_bad_input_is_named_and_creates_nothing(client, db, open_doors, form, field, message):
    page = client.post(f"/b/register/{open_doors.id}", data=form)
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert f'id="{field}-error">{message}' in html
    assert invitations(db) == 0


def test_the_page_shows_no_english_in_vietnamese(client, db, open_doors):
    invite(open_doors)
    pages = {}
    for lang in ("vi", "en"):
        client.post(f"/language/{lang}")
        url = f"/b/register/{open_doors.id}"
        pages[lang] = [client.get(url).get_data(as_text=True),
                       client.post(url, data={"tax_code": TAX_A, "business_name": "Ai đó"}
                                   ).get_data(as_text=True),
                       client.post(url, data={"tax_code": "51001234AB", "business_name": ""}
                                   ).get_data(as_text=True)]
    for vi, en in zip(pages["vi"], pages["en"], strict=True):
        assert 'lang="en"' in en
        assert untranslated(vi, en, {open_doors.name, "Ai đó"}) == []
