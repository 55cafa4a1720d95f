"""A business's answers as people read them: on the closed page, the confirmation, the PDF copy."""

from flask_babel import get_locale
from sqlalchemy import select

from survey_app.business import fields
from survey_app.extensions import db
from survey_app.models import BusinessResponse, Invitation, Trade
from survey_app.reports.pdf import render_pdf
from survey_app.services import business_rules
from survey_app.text import vietnamese_key


def trade_choices() -> list[dict]:
    """The active trades for the picker, named in the page's language, in alphabetical order."""
    english = str(get_locale()) == "en"
    trades = db.session.scalars(select(Trade).where(Trade.active))
    return sorted(
        ({"code": t.code, "name": t.name_en if english else t.name_vi,
          "other_name": t.name_vi if english else t.name_en} for t in trades),
        key=lambda t: vietnamese_key(t["name"]),
    )


def answer_rows(response: BusinessResponse) -> dict:
    """The stored answer with every code replaced by its label, for reading."""
    answer = response.payload
    english = str(get_locale()) == "en"
    codes = {n["trade_code"] for n in answer["needs"] if n.get("trade_code")}
    trades = {t.code: (t.name_en if english else t.name_vi) for t in db.session.scalars(
        select(Trade).where(Trade.code.in_(codes)))} if codes else {}
    commune = (business_rules.round_commune(answer["commune_code"], response.round)
               if answer.get("commune_code") else None)
    district = commune and business_rules.district_of(commune)
    label = fields.LABELS
    return {
        "profile": [
            (label["business_name"], answer.get("business_name")),
            (label["tax_code"], answer.get("tax_code")),
            (label["sector"], _label(fields.SECTORS, answer.get("sector"))),
            (label["size_band"], _label(fields.SIZE_BANDS, answer.get("size_band"))),
            (label["ownership"], _label(fields.OWNERSHIPS, answer.get("ownership"))),
            (label["district"], district and district.name_vi),
            (label["commune_code"], commune and commune.name_vi),
            (label["contact_name"], answer.get("contact_name")),
            (label["contact_phone"], answer.get("contact_phone")),
        ],
        "needs": [{
            "kind": _label(fields.NEED_KINDS, need.get("kind")),
            "trade": trades.get(need.get("trade_code"), need.get("trade_code"))
            if need.get("trade_code") else need.get("other_text"),
            "other": not need.get("trade_code"),
            "workers": need.get("workers"),
            "level": _label(fields.LEVELS, need.get("level")),
            "quarter": _label(fields.QUARTERS, _text(need.get("quarter"))),
            "wage": need.get("wage_offered_vnd"),
        } for need in answer["needs"]],
        "no_needs": answer.get("no_needs"),
        "skills_lacking": answer.get("skills_lacking"),
        "cooperation": [label for name, label in fields.COOPERATION_LABELS if answer.get(name)],
    }


def answers_pdf(invitation: Invitation, response: BusinessResponse) -> bytes:
    """The respondent's copy of its answers, as PDF."""
    return render_pdf("reports/business_response.html", survey_round=invitation.round,
                      response=response, answers=answer_rows(response))


def _label(choices, code) -> str | None:
    return next((label for value, label in choices if value == code), None)


def _text(value) -> str | None:
    return None if value is None else str(value)
