"""Questionnaire files to import: rows in a template's columns, written as CSV or XLSX."""

import io

from openpyxl import Workbook

from survey_app.services import household_imports
from survey_app.services.spreadsheets import csv_chunks


def household_rows(number: int, members: int = 2, **changes) -> list[dict]:
    """The rows of questionnaire ``HG-<number>``, in Lũng Cú (Đồng Văn), as a clerk keys them:
    the household's answers on the first row only, Vietnamese labels for the choices."""
    first = {
        "instance_id": f"HG-{number:04d}", "commune_code": "00715", "village": "Thôn Lũng Cẩm",
        "consent": "Có", "started_at": "02/10/2026 08:15", "finished_at": "02/10/2026 08:45",
        "head_name": f"Giàng Mí Sính {number}", "phone": "0912345678", "household_size": "6",
        "ethnicity": "H'Mông", "poverty_status": "Hộ nghèo", "main_livelihood": "Trồng trọt",
    }
    first.update((name, value) for name, value in changes.items() if name in first)
    rows = []
    for n in range(members):
        rows.append({**(first if n == 0 else {"instance_id": first["instance_id"]}),
                     "sex": "Nữ" if n % 2 == 0 else "Nam", "birth_year": str(1990 + n),
                     "education": "Trung học cơ sở", "current_work": "Làm nông nghiệp",
                     "trade1": "DL01", "trade2": "Trồng rau an toàn",
                     "trade3": "Làm bánh tam giác mạch" if n == 0 else "",
                     "desired_level": "Sơ cấp (3 tháng đến dưới 1 năm)", "max_duration_months": "6",
                     "study_place": "Tại xã", "can_board": "", "work_away": "Không",
                     "poor_household": "x", "ethnic_minority": "x"})
    rows[0].update(changes)
    return rows


def table(rows: list[dict], headers: dict) -> list[list[str]]:
    return [[row.get(name, "") for name in headers] for row in rows]


def csv_file(rows: list[dict], layout=household_imports.LAYOUT) -> bytes:
    return b"".join(csv_chunks(list(layout.headers.values()), table(rows, layout.headers)))


def xlsx_file(rows: list[dict], layout=household_imports.LAYOUT) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(layout.headers.values()))
    for cells in table(rows, layout.headers):
        workbook.active.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
