"""Importing employer questionnaires keyed from paper (the shared machinery: services/imports.py).

One row per hiring need, as the paper form lists them; the business's answers
are read from the questionnaire's first row, and a business without needs has
one row with the need columns empty. Each questionnaire is checked as a
submitted answer by ``business_rules.validate``, the rules of the online form,
and stored as that form stores it (``business_responses.add_version``).

A questionnaire's id is kept on its response (``instance_id``): the same id
with the same answers is "already stored", with other answers an error. The
business is found by its tax code, or created; one that already sent its answer
keeps it, while a draft begun online and never sent gives way to the paper answer
(the draft stays as an earlier version). A live invitation of the business is
linked to the imported answer and marked submitted, so the follow-up list stops
chasing it.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.business import fields
from survey_app.extensions import db
from survey_app.models import (
    Business,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    SurveyRound,
    User,
)
from survey_app.services import business_responses, business_rules, imports
from survey_app.services.household_rules import InvalidResponse
from survey_app.services.imports import EXAMPLE_ID, ImportResult, Layout, RowError, Rows

PROFILE_HEADERS = {
    "instance_id": "Mã phiếu *",
    "business_name": "Tên doanh nghiệp *",
    "tax_code": "Mã số thuế *",
    "sector": "Ngành kinh tế (VSIC) *",
    "size_band": "Quy mô *",
    "ownership": "Loại hình sở hữu *",
    "commune_code": "Mã xã *",
    "contact_name": "Người liên hệ",
    "contact_phone": "Điện thoại liên hệ",
    "no_needs": "Không có nhu cầu tuyển",
}
NEED_HEADERS = {
    "kind": "Tuyển ngay hay dự kiến",
    "trade": "Nghề cần tuyển",
    "workers": "Số lao động",
    "level": "Trình độ",
    "quarter": "Quý tuyển",
    "wage_offered_vnd": "Lương tháng (đồng)",
}
COOPERATION_HEADERS = {
    "skills_lacking": "Kỹ năng lao động còn thiếu",
    "provide_trainers": "Cử người dạy nghề",
    "provide_workshop": "Cho thực hành tại xưởng",
    "take_apprentices": "Nhận học việc, thực tập",
    "commit_to_hire": "Cam kết tuyển học viên",
    "co_fund": "Cùng chi trả chi phí đào tạo",
}
BUSINESS_FIELDS = tuple(name for name in {**PROFILE_HEADERS, **COOPERATION_HEADERS}
                        if name != "instance_id")
EXAMPLE_ROWS = [
    {"instance_id": EXAMPLE_ID, "business_name": "Công ty TNHH Chè Shan Tuyết Lũng Cú",
     "tax_code": "5100123452", "sector": "Công nghiệp chế biến, chế tạo",
     "size_band": "Nhỏ (từ 11 đến 100 lao động)", "ownership": "Doanh nghiệp tư nhân",
     "commune_code": "00712", "contact_name": "Vàng Thị Mỷ", "contact_phone": "0912345678",
     "kind": "Đang cần tuyển ngay", "trade": "DL01", "workers": "3",
     "level": "Sơ cấp (3 tháng đến dưới 1 năm)", "quarter": "Quý 2 (tháng 4 đến tháng 6)",
     "wage_offered_vnd": "6.500.000", "skills_lacking": "Đọc bản vẽ, vận hành máy sao chè",
     "take_apprentices": "x", "commit_to_hire": "x"},
    {"instance_id": EXAMPLE_ID, "kind": "Dự kiến tuyển trong 12 tháng tới",
     "trade": "Sao chè thủ công", "workers": "5", "level": "Đào tạo dưới 3 tháng"},
]
TEMPLATE_NOTES = [
    "Mỗi dòng là một nhu cầu tuyển lao động (một nghề). Các dòng của cùng một doanh nghiệp ghi "
    "cùng Mã phiếu; thông tin của doanh nghiệp (từ Tên doanh nghiệp đến Không có nhu cầu tuyển, "
    "và từ Kỹ năng lao động còn thiếu đến hết) chỉ cần ghi ở dòng đầu tiên của phiếu.",
    "Mã phiếu: số ghi trên phiếu giấy (ví dụ DN-0001), không trùng giữa các phiếu. Tải lại "
    "cùng một tệp không tạo thêm phiếu nào. Mỗi doanh nghiệp (Mã số thuế) trả lời một lần "
    "trong một đợt khảo sát.",
    "Cột có dấu * là bắt buộc. Các lựa chọn ghi đúng như trên phiếu (ví dụ: Công nghiệp chế "
    "biến, chế tạo; Nhỏ (từ 11 đến 100 lao động); Doanh nghiệp tư nhân; Sơ cấp (3 đến 12 "
    "tháng)), hoặc mã (ngành: chữ cái của mục VSIC, ví dụ C). Có/Không: ghi Có hoặc x, để "
    "trống là Không.",
    "Nghề cần tuyển: mã nghề (ví dụ DL01) hoặc tên nghề trong danh mục; nghề khác ghi tên đầy "
    "đủ. Quý tuyển: 1 đến 4. Lương tháng ghi bằng đồng, ví dụ 7.500.000.",
    "Doanh nghiệp không có nhu cầu tuyển: ghi x ở cột Không có nhu cầu tuyển và để trống các "
    "cột nhu cầu. Xóa hai dòng ví dụ trước khi tải lên.",
]
LAYOUT = Layout(name="business-questionnaires",
                headers={**PROFILE_HEADERS, **NEED_HEADERS, **COOPERATION_HEADERS},
                sheet_title="Phiếu doanh nghiệp", examples=EXAMPLE_ROWS, notes=TEMPLATE_NOTES,
                audit_action="business_response.import")
CHOICES = {
    "sector": fields.SECTORS, "size_band": fields.SIZE_BANDS, "ownership": fields.OWNERSHIPS,
    "kind": fields.NEED_KINDS, "level": fields.LEVELS, "quarter": fields.QUARTERS,
}
FLAGS = ("no_needs", *business_rules.COOPERATION)
# "Add a need or tick that you have none" belongs to the no-needs column.
ALIASES = {"needs": "no_needs"}
REUSED = _l("This questionnaire number was already imported with other answers: the stored "
            "answer is kept. Give this questionnaire its own number.")
ANSWERED = _l("This business has already sent its answers for this round, online or in "
              "another questionnaire: its stored answer is kept.")


def is_business_file(filename: str, data: bytes) -> bool:
    """Whether the file's first row names the tax-code column, which only this layout has."""
    return "tax_code" in imports.header_fields(LAYOUT, filename, data)


def import_file(filename: str, data: bytes, *, survey_round: SurveyRound, actor: User | None,
                all_or_nothing: bool) -> ImportResult:
    """Store the questionnaires of the file as submitted answers; report every bad row.

    With ``all_or_nothing``, one bad row means nothing is stored. ``actor`` is None for the
    command line. Flushes, never commits.
    """
    return imports.import_file(
        LAYOUT, filename, data, lambda groups, result: _store(groups, result, survey_round),
        survey_round=survey_round, actor=actor, all_or_nothing=all_or_nothing)


def _store(groups: dict[str, Rows], result: ImportResult, survey_round: SurveyRound) -> None:
    trades = imports.trade_codes()
    choices = {name: imports.choice_codes(CHOICES[name]) for name in CHOICES}
    valid = {}
    for questionnaire, rows in groups.items():
        data, need_lines = _answer(rows, trades, choices)
        try:
            answer = business_rules.validate(data, survey_round=survey_round, complete=True)
        except InvalidResponse as invalid:
            result.errors.extend(imports.row_errors(LAYOUT, invalid.errors, rows[0][0],
                                                    need_lines, ALIASES))
            continue
        valid[questionnaire] = (str(imports.instance_id(questionnaire)), answer, rows[0][0])
    known, businesses, current, invitations = _lookups(valid.values(), survey_round)
    for instance_id, answer, line in valid.values():
        existing = known.get(instance_id)
        tax_code = answer["tax_code"]
        if existing is not None:
            if existing.round_id == survey_round.id and existing.payload == answer:
                result.already_stored += 1
            else:
                result.errors.append(RowError(line, LAYOUT.column("instance_id"), str(REUSED)))
            continue
        # A draft begun online and never sent gives way to the paper answer (kept as an
        # earlier version); a sent answer is the business's and stays.
        latest = current.get(tax_code)
        if latest is not None and latest.submitted:
            result.errors.append(RowError(line, LAYOUT.column("tax_code"), str(ANSWERED)))
            continue
        business = businesses.get(tax_code)
        if business is None:
            business = businesses[tax_code] = Business(name=answer["business_name"],
                                                       tax_code=tax_code)
            db.session.add(business)
        current[tax_code] = business_responses.add_version(
            business, answer, survey_round,
            invitation=(latest and latest.invitation) or invitations.get(business.id),
            latest=latest, submit=True, instance_id=instance_id)
        result.stored += 1
    db.session.flush()


def _lookups(valid, survey_round: SurveyRound):
    """What the file's questionnaires meet in the database, in four queries for the whole file:
    responses by questionnaire id, businesses by tax code, the current answers in the round by
    tax code, and the live invitations of the round by business."""
    ids = [instance_id for instance_id, _answer, _line in valid]
    tax_codes = {answer["tax_code"] for _id, answer, _line in valid}
    known = {response.instance_id: response for response in db.session.scalars(
        select(BusinessResponse).where(BusinessResponse.instance_id.in_(ids)))}
    businesses = {business.tax_code: business for business in db.session.scalars(
        select(Business).where(Business.tax_code.in_(tax_codes)))}
    current = dict(db.session.execute(
        select(Business.tax_code, BusinessResponse)
        .join(BusinessResponse, BusinessResponse.business_id == Business.id)
        .where(Business.tax_code.in_(tax_codes), BusinessResponse.round_id == survey_round.id,
               BusinessResponse.is_current.is_(True))).all())
    # The newest live invitation of a business, if it has several.
    invitations = {invitation.business_id: invitation for invitation in db.session.scalars(
        select(Invitation).join(Business, Business.id == Invitation.business_id)
        .where(Business.tax_code.in_(tax_codes), Invitation.round_id == survey_round.id,
               Invitation.revoked_at.is_(None), Invitation.status != InvitationStatus.REVOKED)
        .order_by(Invitation.id))}
    return known, businesses, current, invitations


def _answer(rows: Rows, trades: dict, choices: dict) -> tuple[dict, list[int]]:
    """The answer as the online form gives it, and the line of each need in it."""
    first = rows[0][1]
    data = {name: imports.cell_value(first[name], name, choices, FLAGS)
            for name in BUSINESS_FIELDS}
    needs, lines = [], []
    for line, row in rows:
        # The vacancy/plan choice alone does not make a need, as on the form.
        if not any(row[name] for name in NEED_HEADERS if name != "kind"):
            continue
        code, other = imports.trade(row["trade"], trades)
        needs.append({**{name: imports.cell_value(row[name], name, choices, FLAGS)
                         for name in NEED_HEADERS if name != "trade"},
                      "trade_code": code, "other_text": other})
        lines.append(line)
    data["needs"] = needs
    return data, lines
