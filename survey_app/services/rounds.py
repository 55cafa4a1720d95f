"""Survey rounds: which one the pages are about."""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import RoundStatus, SurveyRound


def current_round() -> SurveyRound | None:
    """The open round (the latest to open, if several), else the latest round of any status.

    Falling back to a closed round keeps its results on the home pages after
    fieldwork ends, until the next round opens.
    """
    latest = select(SurveyRound).order_by(SurveyRound.opens_on.desc(), SurveyRound.id.desc())
    return (db.session.scalar(latest.where(SurveyRound.status == RoundStatus.OPEN).limit(1))
            or db.session.scalar(latest.limit(1)))
