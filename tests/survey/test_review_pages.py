"""The supervisor's review pages: the queue and its filters, one response, the three actions."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from survey_app.models import AuditEntry, Region, ReviewStatus, Role
from tests.i18n.test_pages import fetch_all, untranslated
from tests.services.progress_data import LUNG_CU, MA_LE, MEO_VAC, assign, make_round, region
from tests.services.review_data import household


@pytest.fixture
def setting(db, reference_data, create_user, login_as, client):
    """A supervisor of Đồng Văn signed in (pages in English), two surveyors and a round."""
    survey_round = make_round()
    supervisor = login_as(Role.SUPERVISOR)
    assign(supervisor, "026")
    client.post("/language/en")
    return survey_round, create_user(Role.SURVEYOR, full_name="Lò Thị Mai"), create_user(
        Role.SURVEYOR, full_name="Vàng Seo Chứ")


def queue(client, **filters) -> list[str]:
    """The head-of-household names listed in the queue, in order."""
    response = client.get("/survey/review/", query_string=filters)
    assert response.status_code == 200
    return re.findall(r'/survey/review/\d+(?:\?[^"]*)?">([^<]+)</a>',
                      response.get_data(as_text=True))


def test_the_queue_lists_the_districts_waiting_responses_newest_first(client, setting):
    survey_round, mai, chu = setting
    household(survey_round, LUNG_CU, mai, head_name="Older",
              received_at=datetime(2026, 4, 1, tzinfo=UTC))
    household(survey_round, MA_LE, chu, head_name="Newer",
              received_at=datetime(2026, 4, 2, tzinfo=UTC))
    household(survey_round, LUNG_CU, mai, head_name="Approved", status=ReviewStatus.APPROVED)
    household(survey_round, MEO_VAC, mai, head_name="Other district")
    household(survey_round, LUNG_CU, mai, head_name="Old version", is_current=False)
    assert queue(client) == ["Newer", "Older"]
    assert queue(client, status="approved") == ["Approved"]
    assert sorted(queue(client, status="all")) == ["Approved", "Newer", "Older"]


def test_the_queue_filters_by_commune_surveyor_and_flag(client, setting):
    survey_round, mai, chu = setting
    household(survey_round, LUNG_CU, mai, head_name="Mai in Lũng Cú")
    household(survey_round, MA_LE, chu, head_name="Chứ in Má Lé")
    household(survey_round, MA_LE, mai, head_name="Too young", birth_years=(2015,))
    assert queue(client, commune=region(MA_LE).id) == ["Too young", "Chứ in Má Lé"]
    assert queue(client, surveyor=chu.id) == ["Chứ in Má Lé"]
    assert queue(client, flag="age") == ["Too young"]
    assert queue(client, flag="age", surveyor=chu.id) == []


def test_after_a_decision_the_queue_opens_again_with_its_filters(client, setting):
    survey_round, mai, chu = setting
    household(survey_round, LUNG_CU, mai, head_name="Mai in Lũng Cú")
    household(survey_round, MA_LE, chu, head_name="Chứ in Má Lé")
    commune = region(MA_LE).id
    listed = client.get(f"/survey/review/?commune={commune}").get_data(as_text=True)
    detail_url = re.search(r'href="(/survey/review/\d+\?[^"]+)">Chứ in Má Lé', listed).group(1)
    detail = client.get(detail_url.replace("&amp;", "&")).get_data(as_text=True)
    back = f"/survey/review/?commune={commune}&status=received"
    assert f'href="{back.replace("&", "&amp;")}">Back to the review queue' in detail
    action = re.search(r'<form method="post" action="(/survey/review/[^"]+)"', detail).group(1)

    decided = client.post(action.replace("&amp;", "&"))

    assert decided.status_code == 302 and decided.headers["Location"] == back
    assert queue(client, commune=commune) == []


def test_each_row_names_the_communes_district(client, setting):
    survey_round, mai, _chu = setting
    household(survey_round, LUNG_CU, mai, head_name="Mai in Lũng Cú")
    html = client.get("/survey/review/").get_data(as_text=True)
    assert re.search(r'<td>Xã Lũng Cú <span class="hint">\(Đồng Văn\)</span></td>', html)


def test_the_queue_shows_each_rows_flags_as_badges(client, setting):
    survey_round, mai, _chu = setting
    household(survey_round, LUNG_CU, mai, head_name="Too young", birth_years=(2015,))
    html = client.get("/survey/review/").get_data(as_text=True)
    assert '<span class="badge off" title="Member 1: 11 years old">' in html


def test_a_commune_outside_the_supervisors_districts_is_refused_on_its_field(client, setting):
    response = client.get("/survey/review/", query_string={"commune": region(MEO_VAC).id})
    assert response.status_code == 400
    assert 'id="commune-error"' in response.get_data(as_text=True)


def test_the_detail_shows_free_text_as_text_and_the_flags_with_details(client, setting):
    survey_round, mai, _chu = setting
    commune = region(LUNG_CU)
    response = household(survey_round, LUNG_CU, mai, head_name="<b>Páo</b>",
                         other_trade="<script>alert(1)</script>",
                         gps=(commune.lat + 0.1, commune.lon), birth_years=(1960,))
    html = client.get(f"/survey/review/{response.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&lt;b&gt;Páo&lt;/b&gt;" in html
    assert "11.1 km from the commune centre" in html
    assert "Member 1: 66 years old" in html
    assert "25 minutes" in html


def test_earlier_versions_are_listed_and_viewable_without_actions(client, setting):
    survey_round, mai, _chu = setting
    first = household(survey_round, LUNG_CU, mai, head_name="First", is_current=False)
    second = household(survey_round, LUNG_CU, mai, head_name="Second", root=first.root_id,
                       version=2)
    html = client.get(f"/survey/review/{second.id}").get_data(as_text=True)
    assert f'href="/survey/review/{first.id}">Version 1</a>' in html
    old = client.get(f"/survey/review/{first.id}").get_data(as_text=True)
    assert "Earlier version" in old and "/approve" not in old


def test_approving_from_the_page_moves_it_out_of_the_queue_and_is_audited(db, client, setting):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai, head_name="Páo")
    answer = client.post(f"/survey/review/{response.id}/approve", data={"comment": ""},
                         follow_redirects=True)
    assert answer.status_code == 200 and "Response approved." in answer.get_data(as_text=True)
    assert queue(client) == []
    db.session.refresh(response)
    assert response.status == ReviewStatus.APPROVED
    assert db.session.scalar(select(AuditEntry.object_id).where(
        AuditEntry.action == "response.approve")) == str(response.id)


def test_approving_twice_is_refused_with_a_message(client, setting):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai)
    client.post(f"/survey/review/{response.id}/approve")
    again = client.post(f"/survey/review/{response.id}/approve")
    assert again.status_code == 409
    assert "This response has already been approved." in again.get_data(as_text=True)


@pytest.mark.parametrize("action", ["send-back", "reject"])
def test_an_empty_comment_is_refused_on_its_field(db, client, setting, action):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai)
    answer = client.post(f"/survey/review/{response.id}/{action}", data={"comment": " "})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert re.search(r'id="comment-error">Write what the surveyor should know', html)
    # The field and its message are a screen below the answers: the page opens on them.
    textarea = re.search(r'<textarea[^>]*id="comment"[^>]*>', html).group(0)
    assert " autofocus" in textarea
    db.session.refresh(response)
    assert response.status == ReviewStatus.RECEIVED


def test_the_language_switch_on_a_refused_review_returns_to_the_responses_page(client, setting):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai)
    page = f"/survey/review/{response.id}"
    # No Referer: the app's Referrer-Policy keeps browsers from sending one.
    refused = client.post(f"{page}/send-back", data={"comment": ""})
    # The address of the refused form only takes a POST: going back there answered 405.
    assert f'name="next" value="{page}"' in refused.get_data(as_text=True)

    switched = client.post("/language/vi", data={"next": page})
    assert switched.headers["Location"] == page
    assert client.get(page).status_code == 200


def test_sending_back_shows_on_the_surveyors_home(db, client, setting, login_as):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai)
    client.post(f"/survey/review/{response.id}/send-back", data={"comment": "Thiếu thôn <i>"})
    db.session.refresh(response)
    assert response.status == ReviewStatus.HAS_ISSUES
    login_as(user=mai)
    assert "Thiếu thôn &lt;i&gt;" in client.get("/survey/").get_data(as_text=True)


def test_a_reviewed_response_says_who_decided_when_and_why(db, client, setting):
    survey_round, mai, _chu = setting
    response = household(survey_round, LUNG_CU, mai)
    client.post(f"/survey/review/{response.id}/send-back", data={"comment": "Thiếu tên thôn"})
    db.session.refresh(response)

    html = client.get(f"/survey/review/{response.id}").get_data(as_text=True)

    # Named as the supervisor's button and the progress tables name it.
    assert '<span class="badge">Sent back</span>' in html
    assert re.search(rf"Reviewed by {response.reviewed_by.full_name}, [^<]*\d\d:\d\d[^<]*\. "
                     r"Review comment: Thiếu tên thôn</p>", html)


def test_a_supervisor_of_another_district_and_a_surveyor_are_refused(client, setting, login_as,
                                                                     create_user):
    survey_round, mai, _chu = setting
    response = household(survey_round, MEO_VAC, mai)
    assert client.get(f"/survey/review/{response.id}").status_code == 404
    assert client.post(f"/survey/review/{response.id}/approve").status_code == 404
    login_as(user=mai)
    assert client.get(f"/survey/review/{response.id}").status_code == 403
    assert client.get("/survey/review/").status_code == 403
    assert client.post(f"/survey/review/{response.id}/reject",
                       data={"comment": "x"}).status_code == 403


def test_the_review_pages_show_no_english_interface_text_in_vietnamese(db, client, setting):
    survey_round, mai, _chu = setting
    commune = region(LUNG_CU)
    first = household(survey_round, LUNG_CU, mai, head_name="Giàng Seo Páo", phone="0912345678",
                      is_current=False)
    response = household(survey_round, LUNG_CU, mai, head_name="Giàng Seo Páo",
                         phone="0912345678", minutes=5, gps=(commune.lat + 0.2, commune.lon),
                         birth_years=(1950, 1999), other_trade="Làm bánh", root=first.root_id,
                         version=2)
    household(survey_round, LUNG_CU, mai, head_name="Giàng Seo Páo", minutes=30)
    urls = ["/survey/review/", "/survey/review/?status=all&flag=duplicate",
            f"/survey/review/{response.id}", f"/survey/review/{first.id}"]
    place_names = set(db.session.scalars(select(Region.name_vi)))
    people = {"Giàng Seo Páo", "Lò Thị Mai", "Làm bánh", "Thôn Lũng Cẩm"}
    vietnamese = fetch_all(client, urls, "vi")
    english = fetch_all(client, urls, "en")
    assert "Có thể trùng hộ" in vietnamese[f"/survey/review/{response.id}"]
    offending = {url: untranslated(vietnamese[url], english[url], place_names | people)
                 for url in urls}
    assert not {url: runs for url, runs in offending.items() if runs}


def test_a_likely_duplicate_links_to_its_twin(client, setting):
    survey_round, mai, _chu = setting
    twin = household(survey_round, LUNG_CU, mai, head_name="Giàng Seo Páo", phone="0912345678")
    response = household(survey_round, LUNG_CU, mai, head_name="GIANG SEO PAO",
                         phone="0912 345 678")
    html = client.get(f"/survey/review/{response.id}").get_data(as_text=True)
    assert "Same head-of-household name and phone as 1 other response(s)" in html
    assert f'<a href="/survey/review/{twin.id}">#{twin.id}</a>' in html
