import shutil
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.models import (
    Allowance,
    ClassRule,
    Level,
    Region,
    RegionLevel,
    SupportNorm,
    Trade,
)
from survey_app.services import reference
from tests.services.reference_cases import EMPTY, broken_cases, broken_copy, reference_row_counts

MODELS = (Region, Trade, SupportNorm, Allowance, ClassRule)


def dump(session) -> dict:
    """Every column of every reference row, to compare whole tables."""
    return {
        model.__tablename__: sorted(
            tuple((c.key, getattr(row, c.key)) for c in model.__table__.columns)
            for row in session.scalars(select(model))
        )
        for model in MODELS
    }


def region(session, level, code) -> Region:
    return session.scalars(select(Region).where(Region.level == level, Region.code == code)).one()


def test_load_brings_the_province_its_districts_communes_trades_and_rules(db):
    counts = reference.load_all()
    db.session.commit()

    inserted = {table: tally["inserted"] for table, tally in counts.items()}
    assert inserted == {"province": 1, "district": 11, "commune": 193, "trade": 48,
                        "support_norm": 5, "allowance": 3, "class_rule": 6}
    province = region(db.session, RegionLevel.PROVINCE, "02")
    assert province.name_vi == "Hà Giang" and province.parent is None
    assert province.valid_from == date(2020, 1, 1)


def test_a_commune_hangs_under_its_district_with_census_households(db):
    reference.load_all()
    db.session.commit()

    commune = region(db.session, RegionLevel.COMMUNE, "00688")
    assert commune.name_vi == "Phường Quang Trung"
    assert commune.kind == "phuong"
    assert (commune.households, commune.population) == (1786, 6345)
    assert (commune.lat, commune.lon) == (22.84729, 104.98819)
    assert commune.parent.code == "024" and commune.parent.level == RegionLevel.DISTRICT
    assert commune.parent.parent.code == "02"
    assert len(region(db.session, RegionLevel.DISTRICT, "026").children) == 19


def test_trades_and_rules_carry_the_file_values(db):
    reference.load_all()
    db.session.commit()

    rice = db.session.scalars(select(Trade).where(Trade.code == "NN01")).one()
    assert (rice.isced_f, rice.typical_level, rice.typical_duration_months) == (
        "0811", Level.ELEMENTARY, 3)
    assert rice.active
    meals = db.session.scalars(select(Allowance).where(Allowance.code == "meals")).one()
    assert meals.amount_vnd == 30000
    practice = db.session.scalars(select(ClassRule).where(
        ClassRule.rule == "practice_class", ClassRule.applies_to == "general")).one()
    assert practice.max_learners == 18


def test_loading_twice_changes_nothing(db):
    reference.load_all()
    db.session.commit()
    before = dump(db.session)

    counts = reference.load_all()
    db.session.commit()
    db.session.expire_all()

    assert dump(db.session) == before
    assert all(t["inserted"] == 0 and t["updated"] == 0 for t in counts.values())
    assert counts["commune"]["unchanged"] == 193


def test_loading_again_puts_back_file_values_but_keeps_a_retired_trade_retired(db):
    reference.load_all()
    db.session.commit()
    rice = db.session.scalars(select(Trade).where(Trade.code == "NN01")).one()
    rice.typical_duration_months = 6
    rice.active = False
    db.session.commit()

    counts = reference.load_all()
    db.session.commit()

    assert counts["trade"] == {"inserted": 0, "updated": 1, "unchanged": 47}
    assert rice.typical_duration_months == 3
    assert not rice.active


@broken_cases
def test_a_broken_file_names_file_line_and_field_and_loads_nothing(db, tmp_path, case):
    directory = broken_copy(tmp_path, case)

    with pytest.raises(reference.ReferenceDataError) as raised:
        reference.load_all(directory)
    db.session.commit()

    assert any(message.startswith(case.expected) for message in raised.value.errors), (
        raised.value.errors)
    assert reference_row_counts(db.session) == EMPTY


def test_every_problem_is_reported_not_just_the_first(db, tmp_path):
    directory = tmp_path / "data"
    shutil.copytree(reference.DEFAULT_DIR, directory)
    communes = directory / "communes.csv"
    lines = communes.read_text(encoding="utf-8").split("\n")
    for n in range(1, 31):
        lines[n] = lines[n].rsplit(",", 1)[0] + ",many"
    communes.write_text("\n".join(lines), encoding="utf-8")

    with pytest.raises(reference.ReferenceDataError) as raised:
        reference.load_all(directory)

    errors = raised.value.errors
    assert errors[0].startswith("communes.csv, dòng 2, trường households_2019")
    assert errors[1].startswith("communes.csv, dòng 3, trường households_2019")
    assert len(errors) == reference.MAX_ERRORS + 1
    assert errors[-1] == "… và 10 lỗi khác"


def test_a_missing_file_is_named(db, tmp_path):
    directory = tmp_path / "data"
    shutil.copytree(reference.DEFAULT_DIR, directory)
    (directory / "allowances.csv").unlink()

    with pytest.raises(reference.ReferenceDataError, match="allowances.csv: không tìm thấy tệp"):
        reference.load_all(directory)
