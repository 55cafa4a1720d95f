"""Importing household questionnaires keyed from paper (the shared machinery: services/imports.py).

One row per household member, with up to three trades in columns ``Nghề 1..3``;
the household's answers are read from the questionnaire's first row. Each
questionnaire becomes a payload of the sync contract (docs/household-sync.md)
and goes through ``responses.receive``: the same rules as the form, and the
same idempotency by instance id.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from survey_app.models import SurveyRound, User
from survey_app.services import imports
from survey_app.services.household_rules import MAX_TRADES
from survey_app.services.imports import EXAMPLE_ID, ImportResult, Layout, RowError, Rows
from survey_app.services.responses import receive
from survey_app.survey import form_fields

LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

HOUSEHOLD_HEADERS = {
    "instance_id": "Mã phiếu *",
    "commune_code": "Mã xã *",
    "village": "Thôn/bản",
    "consent": "Đồng ý phỏng vấn *",
    "started_at": "Bắt đầu phỏng vấn *",
    "finished_at": "Kết thúc phỏng vấn *",
    "head_name": "Họ tên chủ hộ *",
    "phone": "Số điện thoại",
    "household_size": "Số nhân khẩu *",
    "ethnicity": "Dân tộc *",
    "poverty_status": "Nghèo/cận nghèo *",
    "main_livelihood": "Sinh kế chính *",
}
MEMBER_HEADERS = {
    "sex": "Giới tính *",
    "birth_year": "Năm sinh *",
    "education": "Học vấn *",
    "current_work": "Việc làm hiện nay *",
    **{f"trade{rank}": f"Nghề {rank}" + (" *" if rank == 1 else "")
       for rank in range(1, MAX_TRADES + 1)},
    "desired_level": "Trình độ muốn học *",
    "max_duration_months": "Học tối đa (tháng)",
    "study_place": "Nơi học *",
    "can_board": "Ở nội trú được",
    "work_away": "Đi làm xa *",
    "work_away_where": "Đi làm ở đâu",
    "constraints": "Khó khăn",
    "poor_household": "Hộ nghèo",
    "near_poor_household": "Hộ cận nghèo",
    "ethnic_minority": "Dân tộc thiểu số",
    "disability": "Khuyết tật",
    "revolutionary_merit": "Gia đình có công",
    "demobilised_soldier": "Bộ đội xuất ngũ",
    "land_recovered": "Bị thu hồi đất",
    "woman_lost_job": "Phụ nữ mất việc",
}
EXAMPLE_ROWS = [
    {"instance_id": EXAMPLE_ID, "commune_code": "00712", "village": "Thôn Lũng Cẩm",
     "consent": "Có", "started_at": "02/10/2026 08:15", "finished_at": "02/10/2026 08:45",
     "head_name": "Giàng Mí Sính", "phone": "0912345678", "household_size": "6",
     "ethnicity": "H'Mông", "poverty_status": "Hộ nghèo", "main_livelihood": "Trồng trọt",
     "sex": "Nữ", "birth_year": "1998", "education": "Trung học cơ sở",
     "current_work": "Làm nông nghiệp", "trade1": "DL01", "trade2": "Trồng rau an toàn",
     "desired_level": "Sơ cấp (3 tháng đến dưới 1 năm)", "max_duration_months": "6",
     "study_place": "Tại xã", "can_board": "Không", "work_away": "Không",
     "poor_household": "x", "ethnic_minority": "x"},
    {"instance_id": EXAMPLE_ID, "sex": "Nam", "birth_year": "2004",
     "education": "Trung học phổ thông", "current_work": "Làm thuê, hưởng lương",
     "trade1": "Sửa chữa xe máy",
     "desired_level": "Sơ cấp (3 tháng đến dưới 1 năm)", "study_place": "Tại trung tâm huyện",
     "can_board": "Có", "work_away": "Có, ngoài tỉnh", "work_away_where": "Bắc Ninh",
     "poor_household": "x", "ethnic_minority": "x"},
]
TEMPLATE_NOTES = [
    "Mỗi dòng là một thành viên muốn học nghề. Các thành viên của cùng một hộ ghi cùng "
    "Mã phiếu; thông tin của hộ (các cột từ Mã phiếu đến Sinh kế chính) chỉ cần ghi ở dòng "
    "đầu tiên của phiếu.",
    "Mã phiếu: số ghi trên phiếu giấy (ví dụ HG-0001), không trùng giữa các phiếu. Tải lại "
    "cùng một tệp không tạo thêm phiếu nào.",
    "Cột có dấu * là bắt buộc. Các lựa chọn ghi đúng như trên phiếu (ví dụ: Hộ nghèo, Nữ, "
    "Trung học cơ sở, Sơ cấp (3 tháng đến dưới 1 năm)). Có/Không: ghi Có hoặc x, để trống là "
    "Không.",
    "Nghề 1 đến Nghề 3: mã nghề (ví dụ DL01) hoặc tên nghề trong danh mục; nghề khác ghi "
    "tên đầy đủ.",
    "Thời gian phỏng vấn: ngày/tháng/năm giờ:phút, giờ Việt Nam. Xóa hai dòng ví dụ "
    "trước khi tải lên.",
]
LAYOUT = Layout(name="household-questionnaires", headers={**HOUSEHOLD_HEADERS, **MEMBER_HEADERS},
                sheet_title="Phiếu hộ gia đình", examples=EXAMPLE_ROWS, notes=TEMPLATE_NOTES,
                audit_action="response.import")
CHOICES = {
    "poverty_status": form_fields.POVERTY_STATUSES, "main_livelihood": form_fields.LIVELIHOODS,
    "sex": form_fields.SEXES, "education": form_fields.EDUCATION,
    "current_work": form_fields.CURRENT_WORK, "desired_level": form_fields.LEVELS,
    "study_place": form_fields.STUDY_PLACES, "work_away": form_fields.WORK_AWAY,
}
FLAGS = ("consent", *form_fields.MEMBER_CHECKS)
TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
REUSED = _l("This questionnaire number was already imported with other answers, or for another "
             "surveyor: the stored response is kept. Give this questionnaire its own number.")
# A member's trades are reported in the column of their rank.
ALIASES = {"trades": "trade{rank}"}


def import_file(filename: str, data: bytes, *, survey_round: SurveyRound, surveyor: User,
                actor: User | None, all_or_nothing: bool) -> ImportResult:
    """Store the questionnaires of the file as ``surveyor``'s responses; report every bad row.

    With ``all_or_nothing``, one bad row means nothing is stored. ``actor`` is None for the
    command line. Flushes, never commits.
    """
    def store(groups: dict[str, Rows], result: ImportResult) -> None:
        lookups = imports.trade_codes(), {name: imports.choice_codes(CHOICES[name])
                                          for name in CHOICES}
        for questionnaire, rows in groups.items():
            receipt = receive(_payload(questionnaire, rows, survey_round, *lookups),
                              surveyor=surveyor)
            if receipt.status == 201:
                result.stored += 1
            elif receipt.status == 200:
                result.already_stored += 1
            elif receipt.status == 409:
                # The API's message speaks of the tablet; the clerk needs the questionnaire's.
                result.errors.append(RowError(rows[0][0], LAYOUT.column("instance_id"),
                                              str(REUSED)))
            else:
                result.errors.extend(imports.row_errors(
                    LAYOUT, receipt.body["fields"], rows[0][0], [line for line, _row in rows],
                    ALIASES))

    return imports.import_file(LAYOUT, filename, data, store, survey_round=survey_round,
                               actor=actor, all_or_nothing=all_or_nothing,
                               surveyor=surveyor.username)


def _payload(questionnaire: str, rows: Rows, survey_round: SurveyRound, trades: dict,
             choices: dict) -> dict:
    first = rows[0][1]

    def value(row: dict, name: str):
        if name in ("started_at", "finished_at"):
            return _moment(row[name])
        return imports.cell_value(row[name], name, choices, FLAGS)

    data = {name: value(first, name) for name in HOUSEHOLD_HEADERS if name != "instance_id"}
    data |= {"instance_id": str(imports.instance_id(questionnaire)),
             "round_id": survey_round.id, "gps_lat": None, "gps_lon": None,
             "gps_accuracy_m": None}
    data["members"] = [
        {**{name: value(row, name) for name in MEMBER_HEADERS if not name.startswith("trade")},
         "trades": _trades(row, trades)}
        for _line, row in rows
    ]
    return data


def _moment(text: str) -> str:
    """ISO 8601 with an offset; a time without one is Vietnam's. Unreadable text is passed
    on as typed, for the rules to name."""
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=LOCAL_ZONE).isoformat()
        except ValueError:
            continue
    return text


def _trades(row: dict, trades: dict) -> list[dict]:
    chosen = []
    for rank in range(1, MAX_TRADES + 1):
        code, other = imports.trade(row[f"trade{rank}"], trades)
        if code:
            chosen.append({"code": code})
        elif other:
            chosen.append({"other": other})
    return chosen
