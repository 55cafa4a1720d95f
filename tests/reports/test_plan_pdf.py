"""The recommendation PDF: contents, page numbers, names with their diacritics, the ranked table."""

import json
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from survey_app.models import Plan, PlanStatus, Region, Role
from survey_app.reports import plan_pdf
from survey_app.services import plans
from tests.reports.pdf_text import page_count, pdf_text
from tests.services import plan_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MADE_AT = datetime(2026, 10, 2, 3, 30, tzinfo=UTC)



def made(survey_round, language="vi"):
    chosen = plans.Settings(language=language)
    result = json.loads(plans.make(survey_round, chosen)[0])
    return result, plans.pdf(result, survey_round, chosen, made_at=MADE_AT, made_by="Lò Thị Mai")


def district_names(db, result) -> set[str]:
    codes = {site["district"] for site in result["sites"]}
    return set(db.session.scalars(select(Region.name_vi).where(Region.code.in_(codes))))


def page_png(pdf: bytes, page: int, name: str) -> Path:
    """The page as a PNG under test-artifacts/, to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / name
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                    "-singlefile", "-", str(stem)], input=pdf, check=True)
    return stem.with_suffix(".png")


def page_of(pdf: bytes, text: str) -> int:
    """The first page whose text holds ``text``."""
    pages = pdf_text(pdf).split("\f")
    return next(number for number, page in enumerate(pages, 1) if text in page)


def test_the_vietnamese_pdf_has_contents_page_numbers_and_names_with_diacritics(db, demo_round):
    result, pdf = made(demo_round)

    text = pdf_text(pdf)
    pages = page_count(pdf)
    assert "Kế hoạch đào tạo nghề" in text and demo_round.name in text
    assert "Mục lục" in text and "Contents" not in text and "Ranked courses" not in text
    assert "Trang 1 / " in text and f"Trang {pages} / {pages}" in text
    districts = district_names(db, result)
    assert len(districts) > 5 and any("à" in name or "ạ" in name for name in districts)
    assert all(name in text for name in districts)
    top = result["courses"][0]["trade_name_vi"]
    assert top in text
    assert "Nghề" in text and "Học viên" in text and "Chi phí (đồng)" in text
    # The ranked table is cut to its head; the rest is in the CSV, and the PDF says so.
    selected = sum(course["selected"] for course in result["courses"])
    assert selected > plan_pdf.MAIN_COURSES
    assert f"{selected - plan_pdf.MAIN_COURSES} khóa học khác" in text
    assert result["fingerprint"] in text.replace("\n", "").replace(" ", "")
    # A page per district, headed by its name and listed in the contents.
    contents = text.split("\f")[1]
    for name in districts:
        assert name in contents
        assert any(page.lstrip().startswith(name) for page in text.split("\f")[2:])
    assert page_png(pdf, 1, "plan-pdf-cover").stat().st_size > 5_000
    assert page_png(pdf, page_of(pdf, "Lý do"), "plan-pdf-courses").stat().st_size > 20_000


def test_the_english_pdf_is_all_english(db, demo_round):
    _, pdf = made(demo_round, "en")

    text = pdf_text(pdf)
    assert "Vocational training plan" in text and "Contents" in text and "Page 1 / " in text
    assert "Ranked courses" in text and "Mục lục" not in text and "Trang" not in text


def test_the_parameters_page_names_each_parameter_as_the_plan_form_does(db, demo_round):
    parameters = plans.settings({"budget_cap_vnd": "2000000000", "grouping_unit": "commune"})
    pages = {}
    for language in ("vi", "en"):
        chosen = plans.Settings(parameters.parameters, language=language)
        result = json.loads(plans.make(demo_round, chosen)[0])
        pdf = plans.pdf(result, demo_round, chosen, made_at=MADE_AT, made_by=None)
        page = page_of(pdf, {"vi": "Ước tính nhu cầu theo", "en": "Estimate demand by"}[language])
        pages[language] = " ".join(pdf_text(pdf).split("\f")[page - 1].split())
        page_png(pdf, page, f"plan-pdf-parameters-{language}")

    vietnamese, english = pages["vi"], pages["en"]
    for raw in ("budget_cap_vnd", "choice_weights", "grouping_unit", "practice_class", "1.0, 0.5"):
        assert raw not in vietnamese and raw not in english
    for expected in ("Ước tính nhu cầu theo Xã (sau sắp xếp năm 2025)",
                     "Trọng số các lựa chọn 1; 0,5; 0,25", "Sĩ số lớp tối thiểu 10",
                     "Trần ngân sách (đồng) 2.000.000.000", "Số vùng được thử từ 2 đến 6",
                     "Quy định sĩ số lớp áp dụng Lớp thực hành"):
        assert expected in vietnamese
    for expected in ("Estimate demand by Commune (after the 2025 reform)",
                     "Choice weights 1; 0.5; 0.25", "Budget cap (VND) 2,000,000,000",
                     "Class size limit applied Practice class", "Zones tried 2 to 6"):
        assert expected in english


def test_the_worker_stores_the_pdf_with_the_plan(db, demo_round, create_user):
    planner = create_user(Role.PLANNER, username="pdf_planner", full_name="Lò Thị Mai")
    db.session.commit()

    plan = plans.request(demo_round, plans.settings({}), user=planner)

    db.session.refresh(plan)
    assert plan.status == PlanStatus.DONE and plan.error is None
    assert plan.pdf.startswith(b"%PDF") and "Lò Thị Mai" in pdf_text(plan.pdf)


def test_a_pdf_that_fails_leaves_the_plan_made_with_the_failure_noted(db, demo_round, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(plans, "plan_pdf", broken)

    plan_id = plans.request(demo_round, plans.settings({}), user=None).id

    db.session.expire_all()
    plan = db.session.get(Plan, plan_id)
    assert plan.status == PlanStatus.DONE and plan.result["courses"]
    assert plan.pdf is None and "no fonts" in plan.error


def test_the_cli_writes_the_pdf_beside_the_json_in_either_language(db, demo_round, runner,
                                                                    tmp_path):
    out, english = tmp_path / "plan.pdf", tmp_path / "plan-en.pdf"

    result = runner.invoke(args=["plan", "make", "--json", str(tmp_path / "plan.json"),
                                 "--pdf", str(out)])
    in_english = runner.invoke(args=["plan", "make", "--json", str(tmp_path / "plan-en.json"),
                                     "--pdf", str(english), "--language", "en"])

    assert result.exit_code == in_english.exit_code == 0, result.output + in_english.output
    assert "Mục lục" in pdf_text(out.read_bytes())
    assert "Contents" in pdf_text(english.read_bytes())
    # The language is the report's: the plan is the same.
    assert (tmp_path / "plan.json").read_bytes() == (tmp_path / "plan-en.json").read_bytes()


def line_of(text: str, start: str) -> str:
    """The first line of ``text`` that starts with ``start`` (after the layout's indent)."""
    return next(line for line in text.splitlines() if line.strip().startswith(start))


def cells(line: str) -> list[str]:
    """The words of a table row, "2 / 13" as "2/13" however pdftotext spaced it."""
    return re.sub(r"\s*/\s*", "/", line).split()


def test_the_pdf_reports_coverage_margins_and_data_quality_as_the_database_had_them(
        db, reference_data, create_user):
    survey_round = plan_data.small_round(create_user(Role.SURVEYOR, username="pdf_surveyor"))
    dong_van_communes = len(db.session.scalar(
        select(Region).where(Region.code == "026")).children)

    result, pdf = made(survey_round)

    text = pdf_text(pdf)
    pages = page_count(pdf)
    assert "Trang 1 / " in text and f"Trang {pages} / {pages}" in text
    assert line_of(text, "Số hộ đã khảo sát").split()[-1] == "6"
    assert line_of(text, "Số doanh nghiệp đã khảo sát").split()[-1] == "1"
    assert line_of(text, "Thành viên có nhu cầu học nghề").split()[-1] == "7"
    # The trainees are estimates for every household of the districts surveyed.
    represented = sum(unit["households"] for unit in result["units"] if unit["households_surveyed"])
    summary = " ".join(text.split("\f")[2].split())
    assert f"ước tính cho toàn bộ {represented:,} hộ".replace(",", ".") in summary
    assert "trần ngân sách" in summary
    method = text.split("Độ bao phủ khảo sát và sai số")[-1]
    # Đồng Văn: 2 communes of its own surveyed, 5 households against a target of 9, 1 of 1
    # business answered; Mèo Vạc: 1 household against 6, one commune: no margin to measure.
    dong_van = cells(line_of(method, "Đồng Văn"))
    assert dong_van[2:6] == [f"2/{dong_van_communes}", "5", "9", "1/1"] and dong_van[-2] == "±"
    meo_vac = line_of(method, "Mèo Vạc")
    assert cells(meo_vac)[3:6] == ["1", "6", "0/1"] and "không đo được" in meo_vac
    assert line_of(method, "Số phiếu kế hoạch sử dụng").split()[-1] == "6"
    assert line_of(method, "Phỏng vấn ngắn bất thường").split()[-1] == "1"
    assert line_of(method, "Tuổi thành viên ngoài khoảng 15–60").split()[-1] == "1"
    assert line_of(method, "Bị trả lại").split()[-1] == "1"
    assert line_of(method, "Bị loại").split()[-1] == "1"
