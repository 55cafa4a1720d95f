"""A small survey round for the plan and PDF tests, with every case the report counts.

Đồng Văn (026): Lũng Cú (target 5) and Má Lé (target 4) surveyed; Mèo Vạc (027): Mèo Vạc town
(target 6) surveyed. Responses read by a plan (not rejected): 3 in Lũng Cú, one of them a
3-minute interview (flagged "short"); 2 in Má Lé, one with a member born in 1940 (flagged
"age") and one sent back to fix; 1 approved in Mèo Vạc. Left out: 1 rejected in Lũng Cú.
Businesses: one in Đồng Văn invited and answering, one in Mèo Vạc invited only, one whose link
was revoked.
"""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    RegionLevel,
    ReviewStatus,
    Trade,
    TradeChoice,
)
from tests.services.progress_data import LUNG_CU, MA_LE, MEO_VAC, make_round, region
from tests.services.review_data import household

TARGETS = {LUNG_CU: 5, MA_LE: 4, MEO_VAC: 6}
RESPONSES = [  # commune, head of household, changes to review_data.household's defaults
    (LUNG_CU, "Giàng Seo Páo", {}),
    (LUNG_CU, "Sùng Mí Chứ", {}),
    (LUNG_CU, "Vàng Thị Dính", {"minutes": 3}),
    (LUNG_CU, "Lò Văn Sử", {"status": ReviewStatus.REJECTED}),
    (MA_LE, "Ly Mí Lử", {"birth_years": (1995, 1940)}),
    (MA_LE, "Thào Thị Mai", {"status": ReviewStatus.HAS_ISSUES}),
    (MEO_VAC, "Hoàng Văn Páo", {"status": ReviewStatus.APPROVED}),
]


def small_round(surveyor):
    """The round above; every member wants to learn trade DL01."""
    survey_round = make_round(TARGETS)
    trade = db.session.scalar(select(Trade).where(Trade.code == "DL01"))
    for commune, head, changes in RESPONSES:
        response = household(survey_round, commune, surveyor, head_name=head, **changes)
        for member in response.members:
            member.choices = [TradeChoice(rank=1, trade_id=trade.id)]
    for name, tax_code, district, status, answered in [
        ("Công ty Chè Lũng Cú", "5100123452", "026", InvitationStatus.SUBMITTED, True),
        ("HTX Mèo Vạc", "5100111111", "027", InvitationStatus.OPENED, False),
        ("Công ty Đá Đồng Văn", "5100222220", "026", InvitationStatus.REVOKED, False),
    ]:
        business = Business(name=name, tax_code=tax_code,
                            district_id=region(district, RegionLevel.DISTRICT).id)
        db.session.add(Invitation(round=survey_round, business=business, status=status,
                                  token_hash=tax_code.ljust(64, "0")))
        if answered:
            db.session.add(BusinessResponse(round=survey_round, business=business, submitted=True,
                                            payload={}))
    db.session.commit()
    return survey_round
