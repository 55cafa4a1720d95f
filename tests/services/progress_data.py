"""A small factory of survey rounds and household responses, for the progress tests."""

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    HouseholdResponse,
    Region,
    RegionLevel,
    ReviewStatus,
    RoundStatus,
    RoundTarget,
    SurveyRound,
    UserArea,
)

# Communes of the bundled reference data: two in Đồng Văn (026), two in Mèo Vạc (027).
LUNG_CU, MA_LE = "00715", "00718"
MEO_VAC, PAI_LUNG = "00769", "00775"


def region(code: str, level=RegionLevel.COMMUNE) -> Region:
    return db.session.scalar(select(Region).where(Region.level == level, Region.code == code))


def make_round(targets: dict[str, int] | None = None, *, name="Khảo sát 2026",
               status=RoundStatus.OPEN, opens_on=date(2026, 3, 2),
               closes_on=date(2026, 12, 31)) -> SurveyRound:
    survey_round = SurveyRound(name=name, year=opens_on.year, opens_on=opens_on,
                               closes_on=closes_on, status=status)
    survey_round.targets = [RoundTarget(commune_id=region(code).id, target_households=n)
                            for code, n in (targets or {}).items()]
    db.session.add(survey_round)
    db.session.commit()
    return survey_round


def add_response(survey_round, commune_code: str, surveyor, *, status=ReviewStatus.RECEIVED,
                 received_at=datetime(2026, 4, 1, 3, 0, tzinfo=UTC), comment=None,
                 reviewed_at=None, is_current=True, head_name="Giàng Seo Páo",
                 village="Thôn Lũng Cẩm") -> HouseholdResponse:
    commune = region(commune_code)
    instance = uuid.uuid4()
    response = HouseholdResponse(
        instance_id=instance, root_id=instance, payload_hash="0" * 64, payload={},
        round_id=survey_round.id, district_id=commune.parent_id, commune_id=commune.id,
        surveyor_id=surveyor.id, status=status, review_comment=comment, reviewed_at=reviewed_at,
        received_at=received_at, is_current=is_current, household_size=4,
        head_name=head_name, village=village,
    )
    db.session.add(response)
    db.session.commit()
    return response


def assign(user, *codes: str, level=RegionLevel.DISTRICT) -> None:
    db.session.add_all(UserArea(user_id=user.id, region_id=region(code, level).id)
                       for code in codes)
    db.session.commit()
