"""Invitation files: reading an uploaded CSV or XLSX, the template to fill, the follow-up export
(written by services/spreadsheets.py).

Uploads are read by services/upload_files.py into ``(line, row)`` pairs, so every
error can name its line. Headers are matched ignoring case, tone marks, "*" and
notes in brackets, in Vietnamese (the template's) or English.
"""

import io

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from openpyxl import Workbook
from openpyxl.styles import Font

from survey_app.i18n import datetime as local_datetime
from survey_app.models import Invitation
from survey_app.services.invitations import EXAMPLE_ROW, FIELDS, LABELS
from survey_app.services.spreadsheets import csv_chunks
from survey_app.services.upload_files import UploadError, header_key, read_table

MAX_LINES = 2000
# The template's headers; "*" marks the columns every row needs.
HEADERS = {
    "business_name": "Tên doanh nghiệp *",
    "tax_code": "Mã số thuế *",
    "district": "Huyện/thành phố *",
    "commune": "Xã/phường/thị trấn",
    "contact_name": "Người liên hệ",
    "contact_phone": "Số điện thoại",
    "contact_email": "Email",
}
OTHER_HEADERS = {
    "business_name": ("ten", "ten doanh nghiep", "doanh nghiep", "business", "name"),
    "tax_code": ("mst", "ma so doanh nghiep"),
    "district": ("huyen", "quan huyen", "huyen/thanh pho", "huyen/tp"),
    "commune": ("xa", "xa/phuong", "phuong/xa"),
    "contact_name": ("nguoi lien he", "contact", "contact name"),
    "contact_phone": ("dien thoai", "so dien thoai", "phone", "sdt"),
    "contact_email": ("email", "e-mail", "thu dien tu"),
}
TEMPLATE_NOTES = [
    "Mỗi dòng là một doanh nghiệp được mời. Xóa dòng ví dụ trước khi tải lên.",
    "Cột có dấu * là bắt buộc. Huyện và xã ghi bằng tên (ví dụ: Vị Xuyên, Xã Việt Lâm) "
    "hoặc mã GSO; có thể chỉ ghi xã.",
    "Mã số thuế: 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của chi nhánh "
    "(ví dụ 5100123452-001). Giữ cột này ở định dạng văn bản để không mất số 0 ở đầu.",
    "Số điện thoại bắt đầu bằng 0 hoặc +84. Có thể lưu tệp dạng .xlsx hoặc .csv (UTF-8).",
]


COLUMN_NAMES = {
    **{header_key(header): name for name, header in HEADERS.items()},
    **{header_key(str(LABELS[name])): name for name in FIELDS},
    **{key: name for name, keys in OTHER_HEADERS.items() for key in keys},
}


def read_upload(filename: str, data: bytes) -> list[tuple[int, dict]]:
    """The rows of an uploaded CSV or XLSX file, each with its line number."""
    (_, header), *body = read_table(filename, data, MAX_LINES)
    columns = {index: COLUMN_NAMES.get(header_key(cell)) for index, cell in enumerate(header)}
    found = set(columns.values())
    missing = [name for name in ("business_name", "tax_code") if name not in found]
    if not {"district", "commune"} & found:
        missing.append("district")
    if missing:
        raise UploadError(LazyString(_missing_columns, missing))
    if len(body) > MAX_LINES:
        raise UploadError(_l("The file has %(rows)s rows; upload at most %(max)s at a time.",
                             rows=len(body), max=MAX_LINES))
    return [(number, {name: row[index] if index < len(row) else ""
                      for index, name in columns.items() if name})
            for number, row in body]


def _missing_columns(names: list[str]) -> str:
    return _("The first row must name the columns; missing: %(columns)s. Start from the "
             "template.", columns=", ".join(HEADERS[name].rstrip(" *") for name in names))


# Files handed to the planner.

def template_xlsx() -> bytes:
    """The upload template: Vietnamese headers, one filled example row, notes beside."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách mời"
    sheet.append([HEADERS[name] for name in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([EXAMPLE_ROW[name] for name in FIELDS])
    for column, width in zip("ABCDEFG", (40, 18, 18, 24, 22, 16, 26), strict=True):
        sheet.column_dimensions[column].width = width
        # Text, so that tax codes and phones keep their leading zeros.
        sheet.column_dimensions[column].number_format = "@"
    notes = workbook.create_sheet("Hướng dẫn")
    for note in TEMPLATE_NOTES:
        notes.append([note])
    notes.column_dimensions["A"].width = 110
    return _xlsx_bytes(workbook)


def template_csv() -> bytes:
    return b"".join(csv_chunks([HEADERS[name] for name in FIELDS],
                               [[EXAMPLE_ROW[name] for name in FIELDS]]))


def follow_up_table(invitations: list[Invitation], status_labels: dict) -> tuple[list, list]:
    """The export's header and one row per invitation, in the reader's language, every
    cell safe to open in a spreadsheet."""
    header = [_("Business"), _("Tax code"), _("District"), _("Commune"), _("Contact person"),
              _("Phone"), _("E-mail"), _("Status"), _("Invited at"), _("First opened at")]
    rows = [[
        i.business.name, i.business.tax_code,
        i.business.district.name_vi if i.business.district else "",
        i.business.commune.name_vi if i.business.commune else "",
        i.contact_name, i.contact_phone, i.contact_email, str(status_labels[i.status]),
        local_datetime(i.created_at), local_datetime(i.opened_at),
    ] for i in invitations]
    return header, rows


def _xlsx_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
