"""A surveyor's sent response: its page, its versions, and its edit (a new version)."""

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from survey_app.models import HouseholdResponse, Region, ReviewStatus, Role, User
from survey_app.services import responses
from tests.api.households import answer
from tests.i18n.test_pages import fetch_all, untranslated
from tests.services.progress_data import LUNG_CU, assign, make_round


class _Form(HTMLParser):
    """What a browser would post from the page's household form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._inside = {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "household-form":
            self._inside = True
        if not self._inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") != "checkbox":
                self.values[a["name"]] = a.get("value", "")
            elif "checked" in a:
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.values[self._select] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._inside = False


def form_on(html: str) -> dict:
    parser = _Form()
    parser.feed(html)
    return parser.values


@pytest.fixture
def field(db, reference_data, create_user, login_as, client):
    """A surveyor of Đồng Văn signed in (pages in English) with one response sent back to fix."""
    survey_round = make_round({LUNG_CU: 10})
    surveyor = login_as(Role.SURVEYOR, full_name="Lò Thị Mai")
    assign(surveyor, "026")
    client.post("/language/en")
    surveyor = db.session.get(User, surveyor.id)
    first = responses.receive_and_commit(answer(survey_round), surveyor).response
    first.status, first.review_comment = ReviewStatus.HAS_ISSUES, "Check the household size"
    db.session.commit()
    return survey_round, surveyor, first


def version(db, number: int) -> HouseholdResponse:
    db.session.expire_all()
    return db.session.scalar(select(HouseholdResponse).where(HouseholdResponse.version == number))


def test_editing_a_sent_back_response_makes_a_new_version_and_keeps_the_first(client, db, field):
    _round, surveyor, first = field
    page = f"/survey/responses/{first.instance_id}"
    home = client.get("/survey/").get_data(as_text=True)
    assert f'href="{page}"' in home

    shown = client.get(page).get_data(as_text=True)
    assert "Check the household size" in shown and f'href="{page}/edit"' in shown

    edit_page = client.get(f"{page}/edit").get_data(as_text=True)
    form = form_on(edit_page)
    # The stored answers, under a new id naming the version they replace.
    assert form["head_name"] == "Giàng Mí Sính" and form["household_size"] == "6"
    assert form["m0-trade1"] == "DL02" and form["m1-trade1"] == "NN07"
    assert form["m0-trade3-other"] == "Làm bánh tam giác mạch"
    assert form["m0-poor_household"] == "yes"
    assert form["replaces"] == str(first.instance_id) and form["instance_id"] != form["replaces"]

    response = client.post(f"{page}/edit", data={**form, "household_size": "7"},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Saved as version 2." in html
    second = version(db, 2)
    assert str(second.instance_id) == form["instance_id"]
    assert response.request.path == f"/survey/responses/{second.instance_id}"
    assert (second.status, second.is_current, second.household_size) == (
        ReviewStatus.RECEIVED, True, 7)
    # The interview's own times are kept: correcting it is not a new interview.
    assert second.started_at == first.started_at and second.finished_at == first.finished_at
    old = version(db, 1)
    assert not old.is_current and old.household_size == 6 and old.root_id == second.root_id

    # Version 1 still opens at its own address, marked as earlier and not editable.
    earlier = client.get(page).get_data(as_text=True)
    assert "Earlier version" in earlier and 'id="edit-response"' not in earlier
    assert f'href="/survey/responses/{second.instance_id}"' in earlier
    assert "Lò Thị Mai" in earlier
    # Fixed: nothing is left on the home page to fix.
    assert page not in client.get("/survey/").get_data(as_text=True)


def test_an_edit_of_an_older_version_is_refused_and_nothing_typed_is_lost(client, db, field):
    _round, _surveyor, first = field
    url = f"/survey/responses/{first.instance_id}/edit"
    mine = form_on(client.get(url).get_data(as_text=True))
    # The same version opened again (another tab), then the first edit saved.
    stale = form_on(client.get(url).get_data(as_text=True))
    client.post(url, data={**mine, "household_size": "7"})

    response = client.post(url, data={**stale, "village": "Thôn Sảng Pả"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "older version" in html and "nothing was saved" in html
    assert form_on(html)["village"] == "Thôn Sảng Pả"
    assert f'href="/survey/responses/{version(db, 2).instance_id}"' in html
    assert version(db, 3) is None

    # Opening the old version's edit page now says so before anything is typed.
    again = client.get(url)
    assert again.status_code == 409 and "earlier version" in again.get_data(as_text=True)


def test_another_surveyors_response_is_not_found(client, db, field, login_as):
    _round, _surveyor, first = field
    other = login_as(Role.SURVEYOR)
    assign(other, "026")
    page = f"/survey/responses/{first.instance_id}"
    assert client.get(page).status_code == 404
    assert client.get(f"{page}/edit").status_code == 404
    assert client.post(f"{page}/edit", data={"household_size": "9"}).status_code == 404
    assert version(db, 2) is None


def test_a_supervisor_of_the_district_sees_it_but_does_not_edit_it(client, db, field, login_as):
    _round, _surveyor, first = field
    supervisor = login_as(Role.SUPERVISOR)
    assign(supervisor, "026")
    page = f"/survey/responses/{first.instance_id}"
    html = client.get(page).get_data(as_text=True)
    assert "Check the household size" in html and 'id="edit-response"' not in html
    assert client.get(f"{page}/edit").status_code == 403


def test_an_approved_response_can_no_longer_be_edited(client, db, field):
    _round, _surveyor, first = field
    url = f"/survey/responses/{first.instance_id}"
    opened = form_on(client.get(f"{url}/edit").get_data(as_text=True))
    first.status = ReviewStatus.APPROVED
    db.session.commit()

    assert 'id="edit-response"' not in client.get(url).get_data(as_text=True)
    refused = client.get(f"{url}/edit")
    assert refused.status_code == 409
    assert "already been reviewed" in refused.get_data(as_text=True)
    # A form opened before the approval, sent after it: refused with the typed values kept.
    sent = client.post(f"{url}/edit", data={**opened, "household_size": "8"})
    assert sent.status_code == 409 and "already been reviewed" in sent.get_data(as_text=True)
    assert form_on(sent.get_data(as_text=True))["household_size"] == "8"
    assert version(db, 2) is None


def test_markup_typed_in_free_text_is_shown_as_text(client, db, field):
    survey_round, surveyor, _first = field
    script = "<script>alert(1)</script>"
    data = answer(survey_round, head_name=script, village="<b>Thôn</b>")
    data["members"][0]["trades"] = [{"other": script}]
    data["members"][0]["constraints"] = script
    stored = responses.receive_and_commit(data, surveyor).response
    html = client.get(f"/survey/responses/{stored.instance_id}").get_data(as_text=True)
    assert "<script>alert" not in html and "<b>Thôn" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    assert "&lt;b&gt;Thôn&lt;/b&gt;" in html


def test_a_changed_answer_that_breaks_a_rule_comes_back_under_its_field(client, db, field):
    _round, _surveyor, first = field
    url = f"/survey/responses/{first.instance_id}/edit"
    form = form_on(client.get(url).get_data(as_text=True))
    response = client.post(url, data={**form, "m1-birth_year": "1700"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Member 2" in re.search(r'id="m1-birth_year-error">([^<]*)<', html).group(1)
    assert version(db, 2) is None


def test_the_pages_are_in_vietnamese(client, db, field):
    _round, surveyor, first = field
    urls = [f"/survey/responses/{first.instance_id}", f"/survey/responses/{first.instance_id}/edit"]
    vietnamese = fetch_all(client, urls, "vi")
    english = fetch_all(client, urls, "en")
    data = set(db.session.scalars(select(Region.name_vi))) | {surveyor.full_name}
    offending = {url: untranslated(vietnamese[url], english[url], data) for url in urls}
    assert not {url: runs for url, runs in offending.items() if runs}
