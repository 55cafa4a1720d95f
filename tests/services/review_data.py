"""Household responses with the answers the review pages and quality flags read."""

import uuid
from datetime import UTC, datetime, timedelta

from survey_app.extensions import db
from survey_app.models import (
    HouseholdMember,
    HouseholdResponse,
    Level,
    ReviewStatus,
    Sex,
    StudyPlace,
    TradeChoice,
)
from tests.services.progress_data import region

START = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)


def household(survey_round, commune_code: str, surveyor, *, minutes: float | None = 25,
              head_name="Giàng Seo Páo", phone=None, gps=None, birth_years=(1995,),
              status=ReviewStatus.RECEIVED, village="Thôn Lũng Cẩm", other_trade=None,
              received_at=None, root=None, version=1, is_current=True) -> HouseholdResponse:
    """A response whose interview took ``minutes``, at ``gps`` (lat, lon), with one member
    per birth year; ``other_trade`` is the first member's free-text trade."""
    commune = region(commune_code)
    instance = uuid.uuid4()
    started = START
    response = HouseholdResponse(
        instance_id=instance, root_id=root or instance, version=version, is_current=is_current,
        payload_hash="0" * 64, payload={}, round_id=survey_round.id,
        district_id=commune.parent_id, commune_id=commune.id, surveyor_id=surveyor.id,
        status=status, village=village, head_name=head_name, phone=phone, household_size=4,
        started_at=started if minutes is not None else None,
        finished_at=started + timedelta(minutes=minutes) if minutes is not None else None,
        received_at=received_at or started + timedelta(hours=1),
        gps_lat=gps[0] if gps else None, gps_lon=gps[1] if gps else None,
        gps_accuracy_m=12.0 if gps else None,
        members=[
            HouseholdMember(position=i, sex=Sex.FEMALE, birth_year=year,
                            desired_level=Level.ELEMENTARY, study_place=StudyPlace.COMMUNE,
                            choices=[TradeChoice(rank=1, other_text=other_trade)]
                            if other_trade and i == 1 else [])
            for i, year in enumerate(birth_years, start=1)
        ],
    )
    db.session.add(response)
    db.session.commit()
    return response
