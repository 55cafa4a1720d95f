"""Invitation letters: one printed page per business, with its link and a QR code of it.

A letter can be made only while the token is known (right after creation or
re-issue): the link is never stored in clear. Letters are always in Vietnamese,
whoever prints them, since they go to businesses in the province.
"""

from collections.abc import Callable

import segno
from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Region, RegionLevel
from survey_app.reports.pdf import render_pdf
from survey_app.services.invitations import Issued
from survey_app.services.progress import local_today

LETTER_LOCALE = "vi"


def qr_svg(text: str) -> Markup:
    """``text`` as a QR code, an inline SVG scaled by CSS (medium error correction:
    a letter may be folded or smudged)."""
    svg = segno.make(text, error="m", micro=False).svg_inline(border=2, omitsize=True)
    return Markup(svg)  # segno writes only its paths and numbers: nothing to escape


def letters_pdf(issued: list[Issued], link_for: Callable[[str], str]) -> bytes:
    """The PDF of one letter per invitation, in the order given."""
    province = db.session.scalar(
        select(Region.name_vi).where(Region.level == RegionLevel.PROVINCE)
        .order_by(Region.valid_from.desc()).limit(1))
    letters = []
    for item in issued:
        invitation, link = item.invitation, link_for(item.token)
        business = invitation.business
        places = [r.name_vi for r in (business.commune, business.district) if r is not None]
        letters.append({
            "business_name": business.name, "tax_code": business.tax_code,
            "place": ", ".join(places), "contact_name": invitation.contact_name,
            "round_name": invitation.round.name, "closes_on": invitation.round.closes_on,
            "link": link, "qr": qr_svg(link),
        })
    with force_locale(LETTER_LOCALE):
        return render_pdf("reports/invitation_letter.html", letters=letters, province=province,
                          today=local_today())
