"""Every change by a respondent is a version of its own, and audited."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.i18n import datetime as moment
from survey_app.models import AuditEntry, BusinessResponse
from tests.business.data import answers, invite, open_round


@pytest.fixture
def invited(db, reference_data):
    return invite(open_round())


def history(db) -> list[BusinessResponse]:
    return db.session.scalars(select(BusinessResponse).order_by(BusinessResponse.version)).all()


def test_each_save_is_a_new_version_and_the_earlier_ones_are_kept(client, db, invited):
    _, token = invited
    client.post(f"/b/{token}", data=answers(action="save", skills_lacking="Một"))
    client.post(f"/b/{token}", data=answers(action="save", skills_lacking="Hai"))
    client.post(f"/b/{token}", data=answers(skills_lacking="Ba"))
    versions = history(db)
    assert [(v.version, v.is_current, v.submitted, v.payload["skills_lacking"])
            for v in versions] == [(1, False, False, "Một"), (2, False, False, "Hai"),
                                   (3, True, True, "Ba")]
    # Each version has its own need rows.
    assert [len(v.needs) for v in versions] == [2, 2, 2]


def test_saving_the_same_answers_again_adds_nothing(client, db, invited):
    _, token = invited
    for _ in range(2):
        assert client.post(f"/b/{token}", data=answers(action="save")).status_code == 302
    assert len(history(db)) == 1
    assert len(db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "business_response.save")).all()) == 1


def test_a_sent_answer_stays_sent_when_changed(client, db, invited):
    _, token = invited
    client.post(f"/b/{token}", data=answers())
    first_sent = history(db)[0].submitted_at
    # Even a "save" posted by an old page of the form.
    changed = client.post(f"/b/{token}", data=answers(action="save", skills_lacking="Sửa lại"))
    assert changed.status_code == 302
    latest = history(db)[-1]
    assert latest.version == 2 and latest.submitted and latest.submitted_at == first_sent
    # A sent answer must stay complete.
    refused = client.post(f"/b/{token}", data=answers(action="save", sector=""))
    assert refused.status_code == 422 and len(history(db)) == 2


def test_a_change_to_sent_answers_says_it_was_saved_and_when(client, db, invited):
    _, token = invited
    client.post(f"/b/{token}", data=answers())
    first = history(db)[0]
    first.submitted_at = first.saved_at = first.saved_at - timedelta(days=2)
    db.session.commit()

    changed = client.post(f"/b/{token}", data=answers(skills_lacking="Sửa lại"))
    assert changed.location.endswith(f"/b/{token}/submitted")
    page = client.get(changed.location).get_data(as_text=True)
    latest = history(db)[-1]
    assert re.search(r"Đã lưu các thay đổi lúc \d\d:\d\d\.", page)
    with client.application.test_request_context():
        sent, saved = moment(first.submitted_at), moment(latest.saved_at)
    assert f"Đã nhận lúc {sent}." in page and f"Sửa lần cuối lúc {saved}." in page
    assert f"Sửa lần cuối lúc {saved}." in client.get(f"/b/{token}").get_data(as_text=True)

    again = client.post(f"/b/{token}", data=answers(skills_lacking="Sửa lại"))
    page = client.get(again.location).get_data(as_text=True)
    assert "Không có gì thay đổi" in page and len(history(db)) == 2


def test_changes_are_audited_under_the_invitation_never_the_token(client, db, invited):
    invitation, token = invited
    client.get(f"/b/{token}")
    client.post(f"/b/{token}", data=answers(action="save"))
    client.post(f"/b/{token}", data=answers())
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    versions = history(db)
    assert [(e.action, e.actor, e.object_type, e.object_id) for e in entries] == [
        ("invitation.opened", f"invitation:{invitation.id}", "invitation", str(invitation.id)),
        ("business_response.save", f"invitation:{invitation.id}", "business_response",
         str(versions[0].id)),
        ("business_response.submit", f"invitation:{invitation.id}", "business_response",
         str(versions[1].id)),
    ]
    assert all(e.ip == "127.0.0.1" for e in entries)
    assert token not in repr([(e.actor, e.details, e.object_id) for e in entries])
