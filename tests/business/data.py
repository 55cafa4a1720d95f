"""Invitations and employer answers for the business survey tests."""

import subprocess

from survey_app.extensions import db
from survey_app.models import Business, Invitation, RoundStatus
from survey_app.models.base import utcnow
from survey_app.services import tokens
from tests.services.progress_data import LUNG_CU, make_round

# Valid enterprise tax codes (the tenth digit is the check digit of the first nine).
TAX_A, TAX_B, TAX_C = "5100123452", "5100111111", "5100222220"


def open_round(**fields):
    return make_round(**{"status": RoundStatus.OPEN, **fields})


def invite(survey_round, name="Công ty TNHH Chè Shan Tuyết Lũng Cú", tax_code=TAX_A,
           *, revoked=False) -> tuple[Invitation, str]:
    """A business invited to ``survey_round``, and the token of its link."""
    token = tokens.new_token()
    invitation = Invitation(round=survey_round, business=Business(name=name, tax_code=tax_code),
                            token_hash=tokens.token_hash(token),
                            revoked_at=utcnow() if revoked else None)
    db.session.add(invitation)
    db.session.commit()
    return invitation, token


def answers(**changes) -> dict:
    """A complete employer answer as the form posts it: two needs, in rows 0 and 1."""
    form = {
        "business_name": "Công ty TNHH Chè Shan Tuyết Lũng Cú", "tax_code": TAX_A,
        "sector": "C", "size_band": "small", "ownership": "private", "commune_code": LUNG_CU,
        "contact_name": "Vàng Thị Mỷ", "contact_phone": "0912 345 678",
        "n0-kind": "vacancy", "n0-trade_code": "DL01", "n0-workers": "3", "n0-level": "so_cap",
        "n0-quarter": "2", "n0-wage_offered_vnd": "6.500.000",
        "n1-kind": "plan", "n1-trade_code": "", "n1-other_text": "Sao chè thủ công",
        "n1-workers": "5", "n1-level": "thuong_xuyen",
        # The empty row a page offers below the needs.
        "n2-kind": "plan", "n2-trade_code": "", "n2-workers": "",
        "skills_lacking": "Đọc bản vẽ, vận hành máy sao chè",
        "take_apprentices": "yes", "commit_to_hire": "yes",
        "action": "submit",
    }
    form.update(changes)
    return form


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, as pdftotext (poppler-utils) reads it."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
