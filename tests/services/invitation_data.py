"""Invitation rows and files for the tests: valid tax codes, a round, a planner, upload files."""

import csv
import io

from openpyxl import Workbook
from stdnum.vn import mst

from survey_app.extensions import db
from survey_app.models import Role, User
from survey_app.services.invitation_files import HEADERS
from survey_app.services.invitations import FIELDS
from tests.services.progress_data import make_round


def tax_code(n: int) -> str:
    """The ``n``-th valid enterprise tax code of Hà Giang (prefix 51)."""
    for body in (f"51{n:07d}", f"52{n:07d}"):
        check = mst.calc_check_digit(body)
        if check != "10":
            return body + check
    raise AssertionError(n)


def bad_check_digit(code: str) -> str:
    return code[:9] + str((int(code[9]) + 1) % 10)


def row(n: int, **fields) -> dict:
    """A valid upload row for business ``n``: Đồng Văn district, Lũng Cú commune."""
    return {"business_name": f"Công ty TNHH Dệt thổ cẩm Đồng Văn số {n}",
            "tax_code": tax_code(n), "district": "Đồng Văn", "commune": "Xã Lũng Cú",
            "contact_name": "Vàng Thị Mỷ", "contact_phone": f"0912 {n:06d}",
            "contact_email": f"lienhe{n}@example.vn", **fields}


def planner_and_round(create_user, **round_fields) -> tuple[User, object]:
    planner = db.session.get(User, create_user(Role.PLANNER).id)
    return planner, make_round(**round_fields)


def xlsx_file(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([headers[name] for name in FIELDS])
    for r in rows:
        sheet.append([r.get(name) for name in FIELDS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_file(rows: list[dict], *, delimiter=",", encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([HEADERS[name] for name in FIELDS])
    writer.writerows([[r.get(name) or "" for name in FIELDS] for r in rows])
    return out.getvalue().encode(encoding)
