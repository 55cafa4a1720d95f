"""The link is the only credential: it opens its own answers and nothing else (acceptance 1)."""

import pytest
from sqlalchemy import func, select

from survey_app.models import BusinessResponse, InvitationStatus, RoundStatus
from survey_app.models.base import utcnow
from tests.business.data import TAX_B, answers, invite, open_round, pdf_text

SECRET_B = "Bí mật của doanh nghiệp B"


@pytest.fixture
def two(db, reference_data, client):
    """Businesses A and B invited to one open round; B has answered."""
    survey_round = open_round()
    a, token_a = invite(survey_round)
    b, token_b = invite(survey_round, "Hợp tác xã Mây tre Mèo Vạc", TAX_B)
    sent = client.post(f"/b/{token_b}", data=answers(
        business_name="Hợp tác xã Mây tre Mèo Vạc", tax_code=TAX_B, skills_lacking=SECRET_B))
    assert sent.status_code == 302
    return survey_round, (a, token_a), (b, token_b)


def versions(db, invitation) -> list[BusinessResponse]:
    return db.session.scalars(select(BusinessResponse).where(
        BusinessResponse.invitation_id == invitation.id).order_by(BusinessResponse.version)).all()


def test_link_a_shows_a_and_never_b(client, two):
    _, (_, token_a), _ = two
    client.post(f"/b/{token_a}", data=answers(action="save"))
    pages = [client.get(f"/b/{token_a}").get_data(as_text=True),
             pdf_text(client.get(f"/b/{token_a}/answers.pdf").data)]
    assert "Công ty TNHH Chè Shan Tuyết" in pages[1]
    for body in pages:
        assert "Mây tre Mèo Vạc" not in body and SECRET_B not in body


def test_forged_ids_in_the_form_change_only_the_links_own_answers(client, db, two):
    _, (a, token_a), (b, _) = two
    [b_before] = versions(db, b)
    forged = answers(skills_lacking="Sửa bởi A", response_id=b_before.id,
                     business_id=b.business_id, invitation_id=b.id, round_id=b.round_id,
                     id=b_before.id, version=b_before.version, token=b.token_hash)
    assert client.post(f"/b/{token_a}", data=forged).status_code == 302

    [b_after] = versions(db, b)
    assert b_after.id == b_before.id and b_after.payload["skills_lacking"] == SECRET_B
    [a_saved] = versions(db, a)
    assert a_saved.payload["skills_lacking"] == "Sửa bởi A"
    assert a_saved.business_id == a.business_id and a_saved.invitation_id == a.id


def test_the_stored_hash_is_not_a_key(client, two):
    _, _, (b, _) = two
    # Whoever reads the database learns the hash, not the link.
    assert client.get(f"/b/{b.token_hash}").status_code == 404


@pytest.mark.parametrize("path", ["", "/submitted", "/answers.pdf"])
def test_a_revoked_link_stops_at_once(client, db, two, path):
    _, _, (b, token_b) = two
    assert client.get(f"/b/{token_b}{path}").status_code in (200, 302)
    b.revoked_at, b.status = utcnow(), InvitationStatus.REVOKED
    db.session.commit()

    assert client.get(f"/b/{token_b}{path}").status_code == 404
    assert client.post(f"/b/{token_b}", data=answers(skills_lacking="Sau khi thu hồi")
                       ).status_code == 404
    assert [v.payload["skills_lacking"] for v in versions(db, b)] == [SECRET_B]


def test_wrong_and_revoked_links_get_the_same_404(client, db, two):
    _, _, (b, token_b) = two
    b.revoked_at, b.status = utcnow(), InvitationStatus.REVOKED
    db.session.commit()
    wrong_token = "x" * len(token_b)
    wrong, revoked = client.get(f"/b/{wrong_token}"), client.get(f"/b/{token_b}")
    assert wrong.status_code == revoked.status_code == 404
    # Byte for byte the same page, but for the address it was asked at (the language switch
    # returns there).
    assert (wrong.get_data(as_text=True).replace(wrong_token, "TOKEN")
            == revoked.get_data(as_text=True).replace(token_b, "TOKEN"))
    # The session cookie differs anyway (each visitor's CSRF token): it is left out.
    assert ([h for h in wrong.headers if h[0] != "Set-Cookie"]
            == [h for h in revoked.headers if h[0] != "Set-Cookie"])


def test_a_closed_round_shows_the_answers_read_only(client, db, two):
    survey_round, _, (b, token_b) = two
    survey_round.status = RoundStatus.CLOSED
    db.session.commit()

    page = client.get(f"/b/{token_b}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="read-only"' in html and "khảo sát đã kết thúc" in html.lower()
    assert SECRET_B in html and 'id="business-form"' not in html and "<textarea" not in html

    refused = client.post(f"/b/{token_b}", data=answers(skills_lacking="Sửa sau khi đóng"))
    assert refused.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(BusinessResponse).where(
        BusinessResponse.invitation_id == b.id)) == 1
    assert client.get(f"/b/{token_b}/answers.pdf").status_code == 200
