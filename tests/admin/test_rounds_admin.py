import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.extensions import db as _db
from survey_app.models import AuditEntry, Region, Role, RoundStatus, RoundTarget, SurveyRound
from survey_app.services import round_admin
from tests.fixtures import in_english, repeated_ids

NEW_ROUND = {
    "name": "Khảo sát nhu cầu học nghề 2025",
    "year": "2025",
    "opens_on": "2025-03-01",
    "closes_on": "2025-05-31",
}


def make_round(db, name="Đợt 1", status=RoundStatus.DRAFT):
    survey_round = round_admin.create_round(None, name, 2025, date(2025, 3, 1),
                                            date(2025, 5, 31))
    survey_round.status = status
    db.session.commit()
    return survey_round


def get_round(db, name):
    db.session.expire_all()
    return db.session.scalar(select(SurveyRound).where(SurveyRound.name == name))


def actions(db):
    return db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def commune(db, name):
    return db.session.scalar(select(Region).where(Region.name_vi == name))


def saved_targets(db, survey_round):
    db.session.expire_all()
    return {t.commune_id: t.target_households for t in db.session.scalars(
        select(RoundTarget).where(RoundTarget.round_id == survey_round.id))}


def test_create_a_round_then_land_on_its_targets(client, db, admin):
    response = client.post("/admin/rounds/new", data=NEW_ROUND)

    survey_round = get_round(db, NEW_ROUND["name"])
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/rounds/{survey_round.id}/targets"
    assert survey_round.status == RoundStatus.DRAFT and survey_round.year == 2025
    assert actions(db) == ["round.create"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("year", "1999", "Enter a year from 2000 to 2100"),
        ("year", "năm nay", "Not a valid integer"),
        ("closes_on", "2025-02-01", "cannot close before it opens"),
        ("opens_on", "01/03/2025", "Not a valid date"),
    ],
)
def test_bad_round_details_are_shown_under_their_field(client, db, admin, field, value, message):
    in_english(client)

    response = client.post("/admin/rounds/new", data={**NEW_ROUND, field: value})

    assert response.status_code == 400
    assert re.search(rf'id="{field}-error">[^<]*{message}', response.get_data(as_text=True))
    assert get_round(db, NEW_ROUND["name"]) is None


def test_a_taken_name_is_refused(client, db, admin):
    make_round(db, NEW_ROUND["name"])
    in_english(client)

    response = client.post("/admin/rounds/new", data=NEW_ROUND)

    assert response.status_code == 400
    assert "Another round has this name" in response.get_data(as_text=True)


def test_the_list_shows_status_target_and_responses(client, db, admin, reference_data):
    open_round = make_round(db, "Đợt mở", RoundStatus.OPEN)
    make_round(db, "Đợt nháp")
    round_admin.distribute_targets(None, open_round, 3800)
    db.session.commit()

    page = client.get("/admin/rounds/").get_data(as_text=True)

    assert re.search(r'Đợt mở</a>.*?<span class="badge ok">Đang mở</span>.*?3\.800</td>\s*'
                     r'<td class="num">0</td>', page, re.S)
    assert re.search(r'Đợt nháp</a>.*?<span class="badge ">Bản nháp</span>', page, re.S)


def test_edit_dates_and_business_registration(client, db, admin):
    survey_round = make_round(db)

    response = client.post(f"/admin/rounds/{survey_round.id}", data={
        **NEW_ROUND, "name": "Đợt 1", "closes_on": "2025-06-30", "open_registration": "y"})

    assert response.status_code == 302
    survey_round = get_round(db, "Đợt 1")
    assert survey_round.closes_on == date(2025, 6, 30) and survey_round.open_registration
    assert actions(db)[-1] == "round.update"


def test_open_then_close_a_round_with_the_consequence_stated(client, db, admin):
    survey_round = make_round(db)
    in_english(client)
    page = client.get(f"/admin/rounds/{survey_round.id}").get_data(as_text=True)
    assert "Opening “Đợt 1” lets surveyors send household responses" in page

    opened = client.post(f"/admin/rounds/{survey_round.id}/status", data={"status": "open"},
                         follow_redirects=True)
    closed = client.post(f"/admin/rounds/{survey_round.id}/status", data={"status": "closed"},
                         follow_redirects=True)

    assert "“Đợt 1” is open" in opened.get_data(as_text=True)
    assert "“Đợt 1” is closed" in closed.get_data(as_text=True)
    assert get_round(db, "Đợt 1").status == RoundStatus.CLOSED
    assert actions(db)[-2:] == ["round.status", "round.status"]


def test_reopening_asks_for_a_reason_and_records_it(client, db, admin):
    survey_round = make_round(db, status=RoundStatus.CLOSED)
    in_english(client)

    refused = client.post(f"/admin/rounds/{survey_round.id}/status", data={"status": "open"})
    reopened = client.post(f"/admin/rounds/{survey_round.id}/status",
                           data={"status": "open", "reason": "Mưa lũ, Mèo Vạc chưa xong"})

    assert refused.status_code == 400
    assert re.search(r'id="reason-error">[^<]*Say why', refused.get_data(as_text=True))
    assert reopened.status_code == 302
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "round.status")).one()
    assert entry.details["reason"] == "Mưa lũ, Mèo Vạc chưa xong"


def test_a_second_open_round_is_refused_naming_the_open_one(client, db, admin):
    make_round(db, "Đợt 1", RoundStatus.OPEN)
    second = make_round(db, "Đợt 2")
    in_english(client)

    response = client.post(f"/admin/rounds/{second.id}/status", data={"status": "open"})

    assert response.status_code == 400
    assert re.search(r'id="status-error">[^<]*close “Đợt 1” first',
                     response.get_data(as_text=True))
    assert get_round(db, "Đợt 2").status == RoundStatus.DRAFT


def test_round_pages_with_several_forms_repeat_no_element_id(app, client, db, admin, reference_data,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)  # each form's token field
    survey_round = make_round(db)
    for url in (f"/admin/rounds/{survey_round.id}", f"/admin/rounds/{survey_round.id}/targets"):
        page = client.get(url).get_data(as_text=True)
        assert page.count("<form") >= 2, url
        assert repeated_ids(page) == [], url


def test_targets_page_shows_districts_with_subtotals_and_saves(client, db, admin,
                                                               reference_data):
    survey_round = make_round(db)
    lung_cu, ma_le = commune(db, "Xã Lũng Cú"), commune(db, "Xã Má Lé")

    response = client.post(f"/admin/rounds/{survey_round.id}/targets", data={
        f"target-{lung_cu.id}": "40", f"target-{ma_le.id}": "25"})
    page = client.get(f"/admin/rounds/{survey_round.id}/targets").get_data(as_text=True)

    assert response.status_code == 302
    assert saved_targets(db, survey_round) == {lung_cu.id: 40, ma_le.id: 25}
    assert re.search(r'<th scope="rowgroup" colspan="2">Đồng Văn</th>\s*'
                     r'<td class="num"><strong>65</strong>', page)
    assert f'id="target-{lung_cu.id}" name="target-{lung_cu.id}" value="40"' in page
    assert actions(db) == ["round.create", "round.targets"]


def test_targets_saved_by_another_admin_at_the_same_moment_are_kept_and_this_one_is_told(
        client, db, admin, reference_data, monkeypatch):
    survey_round = make_round(db)
    lung_cu = commune(db, "Xã Lũng Cú")
    real_set_targets = round_admin.set_targets

    def another_admin_saves_meanwhile(actor, saved_round, values):
        # This request has read the targets (none yet); another admin's save lands now.
        assert saved_round.targets == []
        with _db.engine.begin() as other:
            other.execute(RoundTarget.__table__.insert().values(
                round_id=saved_round.id, commune_id=lung_cu.id, target_households=30))
        return real_set_targets(actor, saved_round, values)

    monkeypatch.setattr(round_admin, "set_targets", another_admin_saves_meanwhile)
    response = client.post(f"/admin/rounds/{survey_round.id}/targets",
                           data={f"target-{lung_cu.id}": "40"})

    assert response.status_code == 409
    assert "cùng lúc" in response.get_data(as_text=True)
    assert saved_targets(db, survey_round) == {lung_cu.id: 30}


@pytest.mark.parametrize("bad", ["-3", "mười"])
def test_a_bad_target_is_shown_on_its_commune_and_nothing_is_saved(client, db, admin,
                                                                   reference_data, bad):
    survey_round = make_round(db)
    lung_cu, ma_le = commune(db, "Xã Lũng Cú"), commune(db, "Xã Má Lé")
    in_english(client)

    response = client.post(f"/admin/rounds/{survey_round.id}/targets", data={
        f"target-{lung_cu.id}": "40", f"target-{ma_le.id}": bad})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="target-{ma_le.id}-error">Xã Má Lé: enter a whole number', page)
    assert f'name="target-{ma_le.id}" value="{bad}" aria-invalid="true"' in page
    assert saved_targets(db, survey_round) == {}
    assert actions(db) == ["round.create"]


def test_distribute_a_total_over_chosen_districts(client, db, admin, reference_data):
    survey_round = make_round(db)
    dong_van = db.session.scalar(select(Region).where(Region.name_vi == "Đồng Văn"))
    meo_vac = db.session.scalar(select(Region).where(Region.name_vi == "Mèo Vạc"))

    response = client.post(f"/admin/rounds/{survey_round.id}/targets/distribute",
                           data={"total": "500", "districts": [dong_van.id, meo_vac.id]},
                           follow_redirects=True)

    targets = saved_targets(db, survey_round)
    chosen = {c.id for c in db.session.scalars(
        select(Region).where(Region.parent_id.in_([dong_van.id, meo_vac.id])))}
    assert response.status_code == 200
    assert "500 hộ" in response.get_data(as_text=True)
    assert sum(targets.values()) == 500 and set(targets) <= chosen


def test_a_negative_total_is_refused(client, db, admin, reference_data):
    survey_round = make_round(db)

    response = client.post(f"/admin/rounds/{survey_round.id}/targets/distribute",
                           data={"total": "-10"})

    assert response.status_code == 400
    assert 'id="total-error"' in response.get_data(as_text=True)
    assert saved_targets(db, survey_round) == {}


def test_unknown_round_is_404(client, admin):
    assert client.get("/admin/rounds/999999").status_code == 404
    assert client.get("/admin/rounds/999999/targets").status_code == 404


@pytest.mark.parametrize("role", [Role.SURVEYOR, Role.SUPERVISOR, Role.PLANNER])
def test_only_admins_manage_rounds(client, db, login_as, role):
    survey_round = make_round(db)
    login_as(role)

    assert client.get("/admin/rounds/").status_code == 403
    assert client.post(f"/admin/rounds/{survey_round.id}/status",
                       data={"status": "open"}).status_code == 403
    assert get_round(db, "Đợt 1").status == RoundStatus.DRAFT


def test_a_total_typed_with_a_thousands_dot_is_shared(client, db, admin, reference_data):
    survey_round = make_round(db)

    response = client.post(f"/admin/rounds/{survey_round.id}/targets/distribute",
                           data={"total": "3.800"}, follow_redirects=True)

    assert response.status_code == 200
    assert "3.800 hộ" in response.get_data(as_text=True)
    assert sum(saved_targets(db, survey_round).values()) == 3800


def test_commune_targets_are_text_inputs_taking_thousands_dots(client, db, admin,
                                                                reference_data):
    survey_round = make_round(db)
    tran_phu = commune(db, "Phường Trần Phú")  # 2,502 households

    response = client.post(f"/admin/rounds/{survey_round.id}/targets",
                           data={f"target-{tran_phu.id}": "1.200"})
    page = client.get(f"/admin/rounds/{survey_round.id}/targets").get_data(as_text=True)

    assert response.status_code == 302
    assert saved_targets(db, survey_round) == {tran_phu.id: 1200}
    target = re.search(rf'<input[^>]*id="target-{tran_phu.id}"[^>]*>', page).group(0)
    assert 'type="text"' in target and 'inputmode="numeric"' in target
    assert 'value="1.200"' in target
    assert 'type="number"' not in page


@pytest.mark.parametrize("total", ["0", "000"])
def test_a_zero_total_is_refused_and_wipes_nothing(client, db, admin, reference_data, total):
    survey_round = make_round(db, status=RoundStatus.OPEN)
    round_admin.distribute_targets(None, survey_round, 3800)
    db.session.commit()
    in_english(client)

    response = client.post(f"/admin/rounds/{survey_round.id}/targets/distribute",
                           data={"total": total, "replace": "y"})

    assert response.status_code == 400
    assert re.search(r'id="total-error">Households to survey in all: enter a whole number of '
                     r'1 or more', response.get_data(as_text=True))
    assert sum(saved_targets(db, survey_round).values()) == 3800


def test_a_total_replaces_existing_targets_only_once_confirmed(client, db, admin, reference_data):
    survey_round = make_round(db, status=RoundStatus.OPEN)
    round_admin.distribute_targets(None, survey_round, 3800)
    db.session.commit()
    before = saved_targets(db, survey_round)
    in_english(client)
    url = f"/admin/rounds/{survey_round.id}/targets/distribute"

    page = client.get(f"/admin/rounds/{survey_round.id}/targets").get_data(as_text=True)
    asked = client.post(url, data={"total": "500"})
    replaced = client.post(url, data={"total": "500", "replace": "y"})

    assert 'name="replace"' in page and "Replace the existing targets" in page
    assert asked.status_code == 400
    assert re.search(r'id="replace-error">193 communes here already have targets \(3,800 '
                     r'households in all\)', asked.get_data(as_text=True))
    assert replaced.status_code == 302
    after = saved_targets(db, survey_round)
    assert after != before and sum(after.values()) == 500


def test_a_round_without_targets_is_shared_without_asking(client, db, admin, reference_data):
    survey_round = make_round(db)

    page = client.get(f"/admin/rounds/{survey_round.id}/targets").get_data(as_text=True)
    response = client.post(f"/admin/rounds/{survey_round.id}/targets/distribute",
                           data={"total": "500"})

    assert 'name="replace"' not in page
    assert response.status_code == 302


def test_every_bad_round_detail_is_flagged_at_once(client, db, admin):
    make_round(db, NEW_ROUND["name"])
    in_english(client)

    response = client.post("/admin/rounds/new", data={
        **NEW_ROUND, "year": "1999", "closes_on": "2025-02-01"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="name-error">[^<]*Another round has this name', page)
    assert re.search(r'id="year-error">[^<]*Enter a year from 2000 to 2100', page)
    assert re.search(r'id="closes_on-error">[^<]*cannot close before it opens', page)
