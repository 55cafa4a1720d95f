from datetime import date

import pytest
from sqlalchemy import func, select

from survey_app.models import (
    AuditEntry,
    Region,
    RegionLevel,
    Role,
    RoundStatus,
    RoundTarget,
    SurveyRound,
)
from survey_app.services import round_admin
from survey_app.services.round_admin import RoundError, TargetsError

OPENS, CLOSES = date(2025, 3, 1), date(2025, 5, 31)


@pytest.fixture
def regions(db):
    """Two districts: Đồng Văn with two communes (1,000 and 3,000 households), Mèo Vạc with one."""

    def region(level, code, name, parent=None, households=None, **fields):
        row = Region(level=level, code=code, name_vi=name, parent=parent, households=households,
                     valid_from=date(2020, 1, 1), **fields)
        db.session.add(row)
        return row

    province = region(RegionLevel.PROVINCE, "02", "Hà Giang")
    dong_van = region(RegionLevel.DISTRICT, "026", "Đồng Văn", province)
    meo_vac = region(RegionLevel.DISTRICT, "027", "Mèo Vạc", province)
    lung_cu = region(RegionLevel.COMMUNE, "00715", "Xã Lũng Cú", dong_van, 1000)
    sa_phin = region(RegionLevel.COMMUNE, "00718", "Xã Sà Phìn", dong_van, 3000)
    pai_lung = region(RegionLevel.COMMUNE, "00757", "Xã Pải Lủng", meo_vac, 2000)
    # Merged away before the round opens: not one of its communes.
    region(RegionLevel.COMMUNE, "00760", "Xã Cũ", meo_vac, 500, valid_to=date(2024, 1, 1))
    db.session.commit()
    return {r.name_vi: r for r in (dong_van, meo_vac, lung_cu, sa_phin, pai_lung)}


@pytest.fixture
def admin(create_user):
    return create_user(Role.ADMIN, username="quantri")


def new_round(actor, name="Khảo sát 2025", **fields):
    values = {"year": 2025, "opens_on": OPENS, "closes_on": CLOSES, **fields}
    return round_admin.create_round(actor, name, **values)


def entries(db, action):
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    ).all()


def targets(db, survey_round):
    db.session.expire_all()
    return {t.commune.name_vi: t.target_households
            for t in db.session.scalars(select(RoundTarget)
                                        .where(RoundTarget.round_id == survey_round.id))}


def test_a_new_round_is_a_draft_and_its_creation_is_audited(db, admin):
    survey_round = new_round(admin, "  Khảo sát   2025 ")
    db.session.commit()

    assert survey_round.name == "Khảo sát 2025"
    assert survey_round.status == RoundStatus.DRAFT and not survey_round.open_registration
    [entry] = entries(db, "round.create")
    assert entry.user_id == admin.id and entry.object_id == str(survey_round.id)
    assert entry.details["after"] == {
        "name": "Khảo sát 2025", "year": 2025, "opens_on": "2025-03-01",
        "closes_on": "2025-05-31", "status": "draft", "open_registration": False}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"year": 1999}, "year"),
        ({"year": 2101}, "year"),
        ({"opens_on": None}, "opens_on"),
        ({"closes_on": date(2025, 2, 28)}, "closes_on"),
    ],
)
def test_bad_round_details_are_refused_naming_the_field(db, admin, fields, field):
    values = {"name": "Khảo sát 2025", **fields}
    with pytest.raises(RoundError) as refused:
        new_round(admin, **values)

    assert refused.value.field == field


def test_a_round_may_open_and_close_on_the_same_day(db, admin):
    survey_round = new_round(admin, opens_on=OPENS, closes_on=OPENS)
    assert survey_round.closes_on == OPENS


def test_round_names_are_unique_whatever_the_case(db, admin):
    new_round(admin, "Khảo sát Đợt 1")
    db.session.commit()

    with pytest.raises(RoundError) as refused:
        new_round(admin, "khảo sát đợt 1")

    assert refused.value.field == "name"
    assert db.session.scalar(select(func.count()).select_from(SurveyRound)) == 1


def test_edit_audits_only_what_changed(db, admin):
    survey_round = new_round(admin)
    db.session.commit()

    round_admin.update_round(admin, survey_round, name="Khảo sát 2025", year=2025,
                             opens_on=OPENS, closes_on=date(2025, 6, 30), open_registration=True)
    round_admin.update_round(admin, survey_round, name="Khảo sát 2025", year=2025,
                             opens_on=OPENS, closes_on=date(2025, 6, 30), open_registration=True)
    db.session.commit()

    [entry] = entries(db, "round.update")
    assert entry.details["before"] == {"closes_on": "2025-05-31", "open_registration": False}
    assert entry.details["after"] == {"closes_on": "2025-06-30", "open_registration": True}


def test_a_round_cannot_take_the_name_of_another(db, admin):
    new_round(admin, "Đợt 1")
    second = new_round(admin, "Đợt 2")
    db.session.commit()

    with pytest.raises(RoundError) as refused:
        round_admin.update_round(admin, second, name="Đợt 1", year=2025, opens_on=OPENS,
                                 closes_on=CLOSES, open_registration=False)

    assert refused.value.field == "name"


def test_open_close_and_reopen_with_a_reason_each_audited(db, admin):
    survey_round = new_round(admin)

    round_admin.set_status(admin, survey_round, RoundStatus.OPEN)
    round_admin.set_status(admin, survey_round, RoundStatus.CLOSED)
    round_admin.set_status(admin, survey_round, RoundStatus.OPEN,
                           reason="Hai xã chưa khảo sát xong")
    db.session.commit()

    assert survey_round.status == RoundStatus.OPEN
    changes = [(e.details["before"]["status"], e.details["after"]["status"],
                e.details.get("reason")) for e in entries(db, "round.status")]
    assert changes == [("draft", "open", None), ("open", "closed", None),
                       ("closed", "open", "Hai xã chưa khảo sát xong")]


def test_reopening_without_a_reason_is_refused(db, admin):
    survey_round = new_round(admin)
    round_admin.set_status(admin, survey_round, "open")
    round_admin.set_status(admin, survey_round, "closed")

    with pytest.raises(RoundError) as refused:
        round_admin.set_status(admin, survey_round, "open", reason="  ")

    assert refused.value.field == "reason"
    assert survey_round.status == RoundStatus.CLOSED


@pytest.mark.parametrize(("path", "wanted"), [(["open"], "draft"), ([], "closed")])
def test_status_changes_outside_draft_open_closed_are_refused(db, admin, path, wanted):
    survey_round = new_round(admin)
    for status in path:
        round_admin.set_status(admin, survey_round, status)

    with pytest.raises(RoundError) as refused:
        round_admin.set_status(admin, survey_round, wanted)

    assert refused.value.field == "status"


def test_a_second_open_round_is_refused_naming_the_open_one(db, admin):
    first = new_round(admin, "Đợt 1")
    second = new_round(admin, "Đợt 2")
    round_admin.set_status(admin, first, "open")
    db.session.commit()

    with pytest.raises(RoundError) as refused:
        round_admin.set_status(admin, second, "open")

    assert refused.value.field == "status"
    assert "Đợt 1" in str(refused.value.message)
    assert second.status == RoundStatus.DRAFT


def test_once_the_open_round_is_closed_another_may_open(db, admin):
    first = new_round(admin, "Đợt 1")
    second = new_round(admin, "Đợt 2")
    round_admin.set_status(admin, first, "open")
    round_admin.set_status(admin, first, "closed")

    round_admin.set_status(admin, second, "open")

    assert second.status == RoundStatus.OPEN


def test_the_cli_is_the_actor_when_there_is_no_admin(db):
    new_round(None)

    [entry] = entries(db, "round.create")
    assert entry.actor == "cli" and entry.user_id is None


def test_round_communes_are_grouped_by_district_and_valid_when_it_opens(db, admin, regions):
    survey_round = new_round(admin)

    groups = round_admin.communes_by_district(survey_round)

    assert [(g.district.name_vi, [c.name_vi for c in g.communes]) for g in groups] == [
        ("Đồng Văn", ["Xã Lũng Cú", "Xã Sà Phìn"]), ("Mèo Vạc", ["Xã Pải Lủng"])]


def test_set_targets_changes_only_the_communes_given_and_audits_them(db, admin, regions):
    survey_round = new_round(admin)
    lung_cu, sa_phin = regions["Xã Lũng Cú"], regions["Xã Sà Phìn"]
    round_admin.set_targets(admin, survey_round, {lung_cu.id: 100, sa_phin.id: "250"})

    round_admin.set_targets(admin, survey_round, {lung_cu.id: "", sa_phin.id: 300})
    db.session.commit()

    assert targets(db, survey_round) == {"Xã Sà Phìn": 300}
    last = entries(db, "round.targets")[-1]
    assert last.details["before"] == {"00715": 100, "00718": 250}
    assert last.details["after"] == {"00715": 0, "00718": 300}
    assert last.details["total"] == 300


@pytest.mark.parametrize("bad", ["-5", "12a", "1.5", "1e3", True, -1])
def test_bad_targets_are_refused_naming_the_commune_and_nothing_changes(db, admin, regions, bad):
    survey_round = new_round(admin)
    lung_cu, pai_lung = regions["Xã Lũng Cú"], regions["Xã Pải Lủng"]
    round_admin.set_targets(admin, survey_round, {lung_cu.id: 100})
    db.session.commit()

    with pytest.raises(TargetsError) as refused:
        round_admin.set_targets(admin, survey_round, {lung_cu.id: 200, pai_lung.id: bad})

    assert list(refused.value.by_commune) == [pai_lung.id]
    assert "Xã Pải Lủng" in str(refused.value.by_commune[pai_lung.id])
    db.session.rollback()
    assert targets(db, survey_round) == {"Xã Lũng Cú": 100}


def test_a_target_above_the_households_living_in_the_commune_is_refused(db, admin, regions):
    survey_round = new_round(admin)
    lung_cu = regions["Xã Lũng Cú"]

    with pytest.raises(TargetsError) as refused:
        round_admin.set_targets(admin, survey_round, {lung_cu.id: 10000})

    assert "Xã Lũng Cú" in str(refused.value.by_commune[lung_cu.id])


def test_a_commune_of_another_time_cannot_get_a_target(db, admin, regions):
    survey_round = new_round(admin)
    gone = db.session.scalar(select(Region).where(Region.name_vi == "Xã Cũ"))

    with pytest.raises(RoundError) as refused:
        round_admin.set_targets(admin, survey_round, {gone.id: 10})

    assert refused.value.field == "targets"


def test_a_total_is_shared_in_proportion_to_households_and_sums_exactly(db, admin, regions):
    survey_round = new_round(admin)

    shares = round_admin.distribute_targets(admin, survey_round, 601)
    db.session.commit()

    # 1,000 : 3,000 : 2,000 households; 601 leaves one household to the largest remainder.
    assert targets(db, survey_round) == {"Xã Lũng Cú": 100, "Xã Sà Phìn": 301,
                                         "Xã Pải Lủng": 200}
    assert sum(shares.values()) == 601
    assert [e.details["total"] for e in entries(db, "round.targets")] == [601]


def test_a_total_for_chosen_districts_leaves_the_other_districts_alone(db, admin, regions):
    survey_round = new_round(admin)
    round_admin.set_targets(admin, survey_round, {regions["Xã Pải Lủng"].id: 50})

    round_admin.distribute_targets(admin, survey_round, 400, [regions["Đồng Văn"].id])

    assert targets(db, survey_round) == {"Xã Lũng Cú": 100, "Xã Sà Phìn": 300,
                                         "Xã Pải Lủng": 50}


@pytest.mark.parametrize(("total", "field"), [(-1, "total"), (0, "total"), (6001, "total")])
def test_a_total_that_cannot_be_shared_is_refused(db, admin, regions, total, field):
    survey_round = new_round(admin)

    with pytest.raises(RoundError) as refused:
        round_admin.distribute_targets(admin, survey_round, total)

    assert refused.value.field == field


def test_a_total_replaces_targets_of_its_communes_only_when_asked(db, admin, regions):
    survey_round = new_round(admin)
    round_admin.set_targets(admin, survey_round, {regions["Xã Lũng Cú"].id: 50})

    with pytest.raises(RoundError) as refused:
        round_admin.distribute_targets(admin, survey_round, 400, [regions["Đồng Văn"].id])
    assert refused.value.field == "replace"
    assert targets(db, survey_round) == {"Xã Lũng Cú": 50}

    round_admin.distribute_targets(admin, survey_round, 400, [regions["Đồng Văn"].id],
                                   replace=True)
    assert targets(db, survey_round) == {"Xã Lũng Cú": 100, "Xã Sà Phìn": 300}


def test_the_provinces_3800_households_follow_the_communes_households(db, admin,
                                                                      reference_data):
    survey_round = new_round(admin)

    shares = round_admin.distribute_targets(admin, survey_round, 3800)
    db.session.commit()

    communes = {c.id: c for g in round_admin.communes_by_district(survey_round)
                for c in g.communes}
    assert len(communes) == 193 and sum(shares.values()) == 3800
    assert sum(t.target_households for t in survey_round.targets) == 3800
    total_households = sum(c.households for c in communes.values())
    for commune_id, share in shares.items():
        # Largest remainder: each share is its exact quota rounded down or up.
        quota = 3800 * communes[commune_id].households / total_households
        assert int(quota) <= share <= int(quota) + 1
    summary = next(s for s in round_admin.summaries() if s.round.id == survey_round.id)
    assert (summary.target, summary.responses) == (3800, 0)
