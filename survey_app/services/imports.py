"""Importing household responses keyed from paper questionnaires, from a CSV or XLSX file.

One row per household member, with up to three trades in columns ``Nghề 1..3``;
the rows of one questionnaire share its ``Mã phiếu`` (questionnaire id), and the
household's answers are read from its first row. Each questionnaire becomes a
payload of the sync contract (docs/household-sync.md) and goes through
``responses.receive``: the same rules as the form, and the same idempotency by
instance id, so importing a file twice stores nothing the second time.

The questionnaire id is a UUID, or any other text (the number written on the
paper), which is turned into a UUID by ``uuid5``: the same text gives the same id.
docs/imports.md documents the template.
"""

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import SurveyRound, Trade, User
from survey_app.services import audit
from survey_app.services.household_rules import MAX_TRADES
from survey_app.services.responses import receive
from survey_app.services.spreadsheets import csv_chunks
from survey_app.services.upload_files import UploadError, header_key, read_table
from survey_app.survey import form_fields
from survey_app.text import fold

MAX_LINES = 5000
LOCAL_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Questionnaire ids that are not UUIDs are made into one in this namespace.
ID_NAMESPACE = uuid.UUID("3f0d8a52-6a8e-4e0b-9a41-2c51d1c1e0a7")

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
HEADERS = {**HOUSEHOLD_HEADERS, **MEMBER_HEADERS}
EXAMPLE_ID = "VD-0001"
EXAMPLE_ROWS = [
    {"instance_id": EXAMPLE_ID, "commune_code": "00712", "village": "Thôn Lũng Cẩm",
     "consent": "Có", "started_at": "02/10/2026 08:15", "finished_at": "02/10/2026 08:45",
     "head_name": "Giàng Mí Sính", "phone": "0912345678", "household_size": "6",
     "ethnicity": "H'Mông", "poverty_status": "Hộ nghèo", "main_livelihood": "Trồng trọt",
     "sex": "Nữ", "birth_year": "1998", "education": "Trung học cơ sở",
     "current_work": "Làm nông nghiệp", "trade1": "DL01", "trade2": "Trồng rau an toàn",
     "desired_level": "Sơ cấp (3 đến 12 tháng)", "max_duration_months": "6",
     "study_place": "Tại xã", "can_board": "Không", "work_away": "Không",
     "poor_household": "x", "ethnic_minority": "x"},
    {"instance_id": EXAMPLE_ID, "sex": "Nam", "birth_year": "2004",
     "education": "Trung học phổ thông", "current_work": "Làm thuê, hưởng lương",
     "trade1": "Sửa chữa xe máy",
     "desired_level": "Sơ cấp (3 đến 12 tháng)", "study_place": "Tại trung tâm huyện",
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
    "Trung học cơ sở, Sơ cấp (3 đến 12 tháng)). Có/Không: ghi Có hoặc x, để trống là Không.",
    "Nghề 1 đến Nghề 3: mã nghề (ví dụ DL01) hoặc tên nghề trong danh mục; nghề khác ghi "
    "tên đầy đủ.",
    "Thời gian phỏng vấn: ngày/tháng/năm giờ:phút, giờ Việt Nam. Xóa hai dòng ví dụ "
    "trước khi tải lên.",
]
CHOICES = {
    "poverty_status": form_fields.POVERTY_STATUSES, "main_livelihood": form_fields.LIVELIHOODS,
    "sex": form_fields.SEXES, "education": form_fields.EDUCATION,
    "current_work": form_fields.CURRENT_WORK, "desired_level": form_fields.LEVELS,
    "study_place": form_fields.STUDY_PLACES, "work_away": form_fields.WORK_AWAY,
}
FLAGS = ("consent", *form_fields.MEMBER_CHECKS)
YES, NO = {"co", "x", "yes", "y", "1", "true"}, {"", "khong", "no", "n", "0", "false"}
TIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
REUSED = _l("This questionnaire number was already imported with other answers, or for another "
             "surveyor: the stored response is kept. Give this questionnaire its own number.")
MEMBER_ERROR = re.compile(r"members\[(\d+)\]\.(\w+)(?:\[(\d+)\])?")
TRADE_CODE = re.compile(r"[A-Z]{1,4}[0-9]{1,4}")


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    questionnaires: int = 0
    stored: int = 0
    already_stored: int = 0
    errors: list[RowError] = field(default_factory=list)
    discarded: bool = False

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


def import_file(filename: str, data: bytes, *, survey_round: SurveyRound, surveyor: User,
                actor: User | None, all_or_nothing: bool) -> ImportResult:
    """Store the questionnaires of the file as ``surveyor``'s responses; report every bad row.

    With ``all_or_nothing``, one bad row means nothing is stored. ``actor`` is None for the
    command line. Flushes, never commits.
    """
    (_line, header), *body = read_table(filename, data, MAX_LINES)
    columns = _columns(header)
    if len(body) > MAX_LINES:
        raise UploadError(_l("The file has %(rows)s rows; upload at most %(max)s at a time.",
                             rows=len(body), max=MAX_LINES))
    groups, result = {}, ImportResult()
    for line, cells in body:
        row = {name: cells[index].strip() if 0 <= index < len(cells) else ""
               for index, name in columns.items()}
        questionnaire = row["instance_id"]
        if not questionnaire:
            result.errors.append(RowError(line, _column("instance_id"), _(
                "%(column)s is required: it tells which questionnaire the row belongs to.",
                column=_column("instance_id"))))
        elif questionnaire == EXAMPLE_ID:
            result.errors.append(RowError(line, _column("instance_id"), _(
                "This is the template's example: delete it before uploading.")))
        else:
            groups.setdefault(questionnaire, []).append((line, row))
    result.questionnaires = len(groups)
    lookups = _trade_codes(), {name: _choice_codes(name) for name in CHOICES}
    savepoint = db.session.begin_nested()
    for questionnaire, rows in groups.items():
        receipt = receive(_payload(questionnaire, rows, survey_round, *lookups),
                          surveyor=surveyor)
        if receipt.status == 201:
            result.stored += 1
        elif receipt.status == 200:
            result.already_stored += 1
        elif receipt.status == 409:
            # The API's message speaks of the tablet; the clerk needs the questionnaire's.
            result.errors.append(RowError(rows[0][0], _column("instance_id"), str(REUSED)))
        else:
            result.errors.extend(_row_errors(receipt.body["fields"], rows))
    result.errors.sort(key=lambda error: error.line)
    if result.errors and all_or_nothing:
        savepoint.rollback()
        result.discarded, result.stored = True, 0
        return result
    savepoint.commit()
    audit.record("response.import", user=actor, actor=None if actor else "cli",
                 obj=survey_round, surveyor=surveyor.username, rows=len(body),
                 stored=result.stored, already_stored=result.already_stored,
                 bad_lines=len(result.bad_lines), all_or_nothing=all_or_nothing)
    return result


def _columns(header: list[str]) -> dict[int, str]:
    known = {header_key(text): name for name, text in HEADERS.items()}
    known |= {header_key(name): name for name in HEADERS}
    columns = {index: known[header_key(cell)] for index, cell in enumerate(header)
               if header_key(cell) in known}
    missing = [name for name in HEADERS if HEADERS[name].endswith("*")
               and name not in columns.values()]
    if missing:
        raise UploadError(LazyString(_missing_columns, missing))
    # Optional columns left out of the file are read as empty.
    for name in HEADERS:
        if name not in columns.values():
            columns[-1 - len(columns)] = name
    return columns


def _missing_columns(names: list[str]) -> str:
    return _("The first row must name the columns; missing: %(columns)s. Start from the "
             "template.", columns=", ".join(_column(name) for name in names))


def _column(name: str) -> str:
    return HEADERS[name].rstrip(" *")


def _trade_codes() -> dict[str, str]:
    """Active trades by folded code and Vietnamese name, with or without its note in brackets."""
    found = {}
    for code, name in db.session.execute(select(Trade.code, Trade.name_vi)
                                         .where(Trade.active.is_(True))):
        found[fold(code)] = found[fold(name)] = found[header_key(name)] = code
    return found


def _choice_codes(name: str) -> dict[str, str]:
    codes = {}
    for code, label in CHOICES[name]:
        for locale in ("vi", "en"):
            with force_locale(locale):
                codes[fold(str(label))] = code
        codes[fold(code)] = code
    return codes


def _payload(questionnaire: str, rows: list, survey_round: SurveyRound, trades: dict,
             choices: dict) -> dict:
    first = rows[0][1]

    def value(row: dict, name: str):
        text = row[name]
        if name in CHOICES:
            return choices[name].get(fold(text), text)
        if name in FLAGS:
            folded = fold(text)
            return True if folded in YES else False if folded in NO else text
        if name in ("started_at", "finished_at"):
            return _moment(text)
        return text

    data = {name: value(first, name) for name in HOUSEHOLD_HEADERS if name != "instance_id"}
    data |= {"instance_id": str(_instance_id(questionnaire)), "round_id": survey_round.id,
             "gps_lat": None, "gps_lon": None, "gps_accuracy_m": None}
    data["members"] = [
        {**{name: value(row, name) for name in MEMBER_HEADERS if not name.startswith("trade")},
         "trades": _trades(row, trades)}
        for _line, row in rows
    ]
    return data


def _instance_id(questionnaire: str) -> uuid.UUID:
    try:
        return uuid.UUID(questionnaire)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, questionnaire)


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
        text = row[f"trade{rank}"]
        if not text:
            continue
        code = trades.get(fold(text)) or trades.get(header_key(text))
        # Text shaped like a code is meant as one: an unknown code is reported, not kept as
        # free text.
        if code or TRADE_CODE.fullmatch(text.upper()):
            chosen.append({"code": code or text})
        else:
            chosen.append({"other": text})
    return chosen


def _row_errors(fields: dict, rows: list) -> list[RowError]:
    errors = []
    for path, text in fields.items():
        match = MEMBER_ERROR.fullmatch(path)
        if match is None:
            column = path if path in HEADERS else "instance_id"
            errors.append(RowError(rows[0][0], _column(column), text))
            continue
        member, name, rank = int(match.group(1)), match.group(2), match.group(3)
        column = f"trade{rank or 1}" if name == "trades" else name
        errors.append(RowError(rows[member - 1][0], _column(column), text))
    return errors


# The template handed to whoever keys the questionnaires.

def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phiếu hộ gia đình"
    sheet.append(list(HEADERS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for example in EXAMPLE_ROWS:
        sheet.append([example.get(name, "") for name in HEADERS])
    for column in sheet.columns:
        # Text, so that codes and phones keep their leading zeros.
        sheet.column_dimensions[column[0].column_letter].number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = 18
    notes = workbook.create_sheet("Hướng dẫn")
    for note in TEMPLATE_NOTES:
        notes.append([note])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    return b"".join(csv_chunks(list(HEADERS.values()),
                               [[example.get(name, "") for name in HEADERS]
                                for example in EXAMPLE_ROWS]))
