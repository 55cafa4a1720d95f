"""Approving, sending back and rejecting a response: who may, from which status, audited."""

import pytest
from sqlalchemy import select

from survey_app.models import AuditEntry, ReviewStatus, Role
from survey_app.services import review
from survey_app.services.review import NotReviewer, ReviewError
from tests.services.progress_data import LUNG_CU, MEO_VAC, assign, make_round
from tests.services.review_data import household


@pytest.fixture
def setting(db, reference_data, create_user):
    """A round, a surveyor's response in Đồng Văn, and the supervisor of Đồng Văn."""
    survey_round = make_round()
    surveyor = create_user(Role.SURVEYOR)
    supervisor = db.session.merge(create_user(Role.SUPERVISOR))
    assign(supervisor, "026")
    response = household(survey_round, LUNG_CU, surveyor)
    return survey_round, surveyor, supervisor, response


def entries(db, action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


@pytest.mark.parametrize(("act", "status", "action"), [
    (review.approve, ReviewStatus.APPROVED, "response.approve"),
    (review.send_back, ReviewStatus.HAS_ISSUES, "response.send_back"),
    (review.reject, ReviewStatus.REJECTED, "response.reject"),
])
def test_each_action_sets_the_status_the_reviewer_and_an_audit_entry(db, setting, act, status,
                                                                      action):
    _round, _surveyor, supervisor, response = setting
    act(supervisor, response, "  Thiếu số điện thoại  ")
    assert response.status == status
    assert response.review_comment == "Thiếu số điện thoại"
    assert response.reviewed_by_id == supervisor.id and response.reviewed_at is not None
    [entry] = entries(db, action)
    assert entry.user_id == supervisor.id and entry.object_id == str(response.id)
    assert entry.details["comment"] == "Thiếu số điện thoại"


def test_approving_needs_no_comment(setting):
    _round, _surveyor, supervisor, response = setting
    review.approve(supervisor, response, "")
    assert response.status == ReviewStatus.APPROVED and response.review_comment is None


@pytest.mark.parametrize("act", [review.send_back, review.reject])
@pytest.mark.parametrize("comment", ["", "   ", None])
def test_sending_back_or_rejecting_needs_a_comment(setting, act, comment):
    _round, _surveyor, supervisor, response = setting
    with pytest.raises(ReviewError) as error:
        act(supervisor, response, comment)
    assert error.value.field == "comment"
    assert response.status == ReviewStatus.RECEIVED


def test_a_comment_over_1000_characters_is_refused(setting):
    _round, _surveyor, supervisor, response = setting
    with pytest.raises(ReviewError) as error:
        review.send_back(supervisor, response, "x" * 1001)
    assert error.value.field == "comment"
    review.send_back(supervisor, response, "x" * 1000)
    assert response.status == ReviewStatus.HAS_ISSUES


@pytest.mark.parametrize("final", [ReviewStatus.APPROVED, ReviewStatus.REJECTED,
                                   ReviewStatus.HAS_ISSUES])
def test_a_reviewed_response_cannot_be_reviewed_again(db, setting, final):
    _round, _surveyor, supervisor, response = setting
    response.status = final
    for act in (review.approve, review.send_back, review.reject):
        with pytest.raises(ReviewError) as error:
            act(supervisor, response, "Lần nữa")
        assert error.value.field == "status"
    assert response.status == final
    assert entries(db, "response.approve") == []


def test_an_earlier_version_cannot_be_reviewed(setting):
    _round, _surveyor, supervisor, response = setting
    response.is_current = False
    with pytest.raises(ReviewError) as error:
        review.approve(supervisor, response)
    assert error.value.field == "status"


def test_only_a_supervisor_of_the_district_may_review(db, setting, create_user):
    survey_round, surveyor, supervisor, response = setting
    elsewhere = db.session.merge(create_user(Role.SUPERVISOR))
    assign(elsewhere, "027")
    outsider_response = household(survey_round, MEO_VAC, surveyor)
    with pytest.raises(NotReviewer):
        review.approve(elsewhere, response)
    with pytest.raises(NotReviewer):
        review.approve(supervisor, outsider_response)
    with pytest.raises(NotReviewer):
        review.approve(db.session.merge(surveyor), response)
    assert response.status == ReviewStatus.RECEIVED
