"""Employer questionnaires to import: rows in the business template's columns."""

from tests.services.invitation_data import tax_code
from tests.services.progress_data import LUNG_CU

NEEDS = [
    {"kind": "Đang cần tuyển ngay", "trade": "DL01", "workers": "3",
     "level": "Sơ cấp (3 tháng đến dưới 1 năm)", "quarter": "Quý 2 (tháng 4 đến tháng 6)",
     "wage_offered_vnd": "7.500.000"},
    {"kind": "Dự kiến tuyển trong 12 tháng tới", "trade": "Sao chè thủ công", "workers": "5",
     "level": "Đào tạo dưới 3 tháng"},
]


def business_rows(number: int, needs: int = 2, **changes) -> list[dict]:
    """The rows of questionnaire ``DN-<number>`` of business ``number``, in Lũng Cú, as a clerk
    keys them: the business's answers on the first row only, Vietnamese labels for the choices;
    ``changes`` go into the first row."""
    first = {
        "instance_id": f"DN-{number:04d}", "business_name": f"Công ty TNHH Chè Lũng Cú {number}",
        "tax_code": tax_code(number), "sector": "Công nghiệp chế biến, chế tạo",
        "size_band": "Nhỏ (từ 11 đến 100 lao động)", "ownership": "Doanh nghiệp tư nhân",
        "commune_code": LUNG_CU, "contact_name": "Vàng Thị Mỷ", "contact_phone": "0912345678",
        "no_needs": "" if needs else "x", "skills_lacking": "Vận hành máy sao chè",
        "take_apprentices": "x", "commit_to_hire": "Có",
    }
    rows = [{**(first if n == 0 else {"instance_id": first["instance_id"]}),
             **NEEDS[n % len(NEEDS)]} for n in range(needs)] or [first]
    rows[0].update(changes)
    return rows
