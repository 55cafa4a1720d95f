"""The recommendation PDF: contents, page numbers, names with their diacritics, the ranked table."""

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from survey_app.models import Plan, PlanStatus, Region, Role, SurveyRound
from survey_app.reports import plan_pdf
from survey_app.services import demo, plans
from tests.reports.pdf_text import page_count, pdf_text

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MADE_AT = datetime(2026, 10, 2, 3, 30, tzinfo=UTC)


@pytest.fixture
def demo_round(db, reference_data):
    demo.load(households=150, businesses=10, seed=7)
    db.session.commit()
    return db.session.scalar(select(SurveyRound))


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
    assert "Trang 1/" in text and f"Trang {pages}/{pages}" in text
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
    assert "Vocational training plan" in text and "Contents" in text and "Page 1 of" in text
    assert "Ranked courses" in text and "Mục lục" not in text and "Trang" not in text


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


def test_the_cli_writes_the_pdf_beside_the_json(db, demo_round, runner, tmp_path):
    out = tmp_path / "plan.pdf"

    result = runner.invoke(args=["plan", "make", "--json", str(tmp_path / "plan.json"),
                                 "--pdf", str(out)])

    assert result.exit_code == 0, result.output
    assert "Mục lục" in pdf_text(out.read_bytes())
