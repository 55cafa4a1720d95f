"""The planner's plan pages: the form asks for a plan the worker makes (at once in tests), the
web download is the CLI's plan byte for byte, bad values are named in the planner's language,
and two plans are compared course by course (issue 6)."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select

from survey_app.levels import level_label
from survey_app.models import Plan, PlanStatus, Region, Role
from survey_app.services import plans
from tests.i18n.test_pages import fetch_all, untranslated


def form(survey_round, **values) -> dict:
    return {"survey_round": str(survey_round.id), "grouping_unit": "district", "weight_1": "1",
            "weight_2": "0.5", "weight_3": "0.25", "min_class_size": "10", "budget_cap_vnd": "",
            "language": "vi", **values}


def section(html: str, name: str) -> str:
    """The compare page's section ``name`` (added, removed, changed)."""
    return html.split(f'id="{name}"', 1)[1].split("</section>", 1)[0]


def test_a_plan_made_on_the_web_form_is_the_plan_the_cli_makes(client, login_as, db, demo_round,
                                                               runner, tmp_path):
    login_as(Role.PLANNER)
    db.session.commit()  # the request runs in another session: this one's snapshot starts again

    made = client.post("/planning/plans/new", data=form(
        demo_round, min_class_size="12", weight_2="0.4", weight_3="0.2",
        budget_cap_vnd="2.000.000.000"))  # written as planners write amounts

    assert made.status_code == 302
    page = client.get(made.headers["Location"])
    assert page.status_code == 200 and "http-equiv" not in page.get_data(as_text=True)
    plan_id = int(re.search(r"/plans/(\d+)$", made.headers["Location"]).group(1))
    web = client.get(f"/planning/plans/{plan_id}.json").get_data()
    out = tmp_path / "plan.json"
    cli = runner.invoke(args=["plan", "make", "--param", "min_class_size=12",
                              "--param", "choice_weights=1,0.4,0.2",
                              "--param", "budget_cap_vnd=2000000000", "--json", str(out)])
    assert cli.exit_code == 0, cli.output
    assert web == out.read_bytes()
    pdf = client.get(f"/planning/plans/{plan_id}.pdf")
    assert f"/planning/plans/{plan_id}.pdf" in page.get_data(as_text=True)
    assert pdf.mimetype == "application/pdf" and pdf.get_data() == db.session.get(Plan, plan_id).pdf
    assert b'"min_class_size":12' in web and b'"budget_cap_vnd":2000000000' in web


WEIGHTS = ("Trọng số các lựa chọn phải là ba số từ 0 đến 1, số thứ nhất lớn hơn 0 và không số "
           "nào lớn hơn số đứng trước, ví dụ 1; 0,5 và 0,25.")
CLASS_SIZE = "Sĩ số lớp tối thiểu phải là số nguyên từ 1 đến 18 (sĩ số tối đa của một lớp)."
BUDGET = ("Trần ngân sách phải là số tiền (đồng) từ 1 đến 10.000.000.000.000, viết bằng chữ số, "
          "hoặc để trống nếu không giới hạn.")


def field_errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="error" id="([\w-]+)-error">([^<]*)</p>', html))


@pytest.mark.parametrize("values, field, message", [
    ({"min_class_size": "a dozen"}, "min_class_size", CLASS_SIZE),
    ({"min_class_size": "0"}, "min_class_size", CLASS_SIZE),
    # Above the practice class's limit of 18, a minimum would only ever mean full classes.
    ({"min_class_size": "19"}, "min_class_size", CLASS_SIZE),
    ({"min_class_size": "100000000000000000000"}, "min_class_size", CLASS_SIZE),
    ({"weight_1": "1", "weight_2": "2"}, "weight_1", WEIGHTS),
    ({"weight_3": ""}, "weight_1", WEIGHTS),
    ({"weight_1": "1e20"}, "weight_1", WEIGHTS),
    ({"budget_cap_vnd": "-5"}, "budget_cap_vnd", BUDGET),
    ({"budget_cap_vnd": "2,5"}, "budget_cap_vnd", BUDGET),
    ({"budget_cap_vnd": "100000000000000000000"}, "budget_cap_vnd", BUDGET),
])
def test_a_bad_value_is_named_under_its_field_in_vietnamese_and_nothing_is_queued(
        client, login_as, db, demo_round, values, field, message):
    login_as(Role.PLANNER)
    client.post("/language/vi")

    refused = client.post("/planning/plans/new", data=form(demo_round, **values))

    assert refused.status_code == 400
    assert field_errors(refused.get_data(as_text=True)) == {field: message}
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 0


def test_every_bad_field_is_flagged_at_once(client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    client.post("/language/vi")

    refused = client.post("/planning/plans/new", data=form(
        demo_round, weight_1="abc", min_class_size="mười", budget_cap_vnd="hai tỷ"))

    assert refused.status_code == 400
    assert field_errors(refused.get_data(as_text=True)) == {
        "weight_1": WEIGHTS, "min_class_size": CLASS_SIZE, "budget_cap_vnd": BUDGET}


def test_weights_written_with_a_decimal_comma_are_taken(client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the request runs in another session: this one's snapshot starts again

    made = client.post("/planning/plans/new", data=form(
        demo_round, weight_2="0,5", weight_3=" 0,25", budget_cap_vnd="10.000.000.000.000"))

    assert made.status_code == 302
    plan = db.session.scalar(select(Plan))
    assert plan.params["analysis"]["choice_weights"] == [1.0, 0.5, 0.25]
    assert plan.params["analysis"]["budget_cap_vnd"] == 10**13


def test_the_form_starts_on_the_current_round_in_the_planners_language(client, login_as,
                                                                       demo_round):
    login_as(Role.PLANNER)
    client.post("/language/en")

    html = client.get("/planning/plans/new").get_data(as_text=True)

    assert re.search(rf'<option selected value="{demo_round.id}">'
                     rf'|<option value="{demo_round.id}" selected>', html)
    assert re.search(r'<input checked id="language-1"[^>]*value="en"|value="en" checked', html)


def test_a_plan_not_yet_made_refreshes_itself_and_a_failed_one_shows_why(client, login_as, db,
                                                                         demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: this one's snapshot starts again
    params = plans.settings({}).to_dict()
    queued = Plan(round_id=demo_round.id, status=PlanStatus.QUEUED, params=params)
    failed = Plan(round_id=demo_round.id, status=PlanStatus.FAILED, params=params,
                  error="InputError: wishes: column 'trade', row 17: unknown trade 'XX99'")
    db.session.add_all([queued, failed])
    db.session.commit()

    waiting = client.get(f"/planning/plans/{queued.id}").get_data(as_text=True)
    broken = client.get(f"/planning/plans/{failed.id}").get_data(as_text=True)

    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert "http-equiv" not in broken and "unknown trade &#39;XX99&#39;" in broken
    assert client.get(f"/planning/plans/{queued.id}.json").status_code == 404
    assert client.get(f"/planning/plans/{failed.id}/courses.csv").status_code == 404


def test_the_course_table_downloads_hold_every_course_with_its_trade_name(client, login_as, db,
                                                                          demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: start a new snapshot
    client.post("/language/vi")
    plan = plans.request(demo_round, plans.settings({"min_class_size": "5"}), user=None)
    db.session.expire_all()
    courses = db.session.get(Plan, plan.id).result["courses"]
    assert len(courses) > 1

    text = client.get(f"/planning/plans/{plan.id}/courses.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    workbook = client.get(f"/planning/plans/{plan.id}/courses.xlsx").get_data()
    sheet = load_workbook(io.BytesIO(workbook), read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]

    assert rows[0][:3] == ["Thứ tự ưu tiên", "Khóa học", "Nghề"]
    assert [row[1] for row in rows[1:]] == [c["id"] for c in courses]
    assert [row[2] for row in rows[1:]] == [c["trade_name_vi"] for c in courses]
    assert [row[1] for row in cells[1:]] == [c["id"] for c in courses]


def test_the_list_shows_who_made_each_plan_and_its_totals(client, login_as, db, demo_round):
    planner = login_as(Role.PLANNER, full_name="Lò Thị Mai")
    client.post("/language/vi")  # numbers grouped with dots
    db.session.commit()
    client.post("/planning/plans/new", data=form(demo_round))
    plan = db.session.scalar(select(Plan))
    totals = plan.result["totals"]["selected"]

    html = client.get("/planning/plans").get_data(as_text=True)

    assert planner.full_name in html
    assert f"/planning/plans/{plan.id}" in html
    assert f"<td>{totals['trainees']:,}</td>".replace(",", ".") in html


def test_the_list_and_the_compare_picker_read_no_plans_result_or_pdf(client, login_as, db,
                                                                      demo_round):
    """A result is megabytes of JSON (a PDF hundreds of KB): 30 plans read whole made these
    pages take seconds and hundreds of MB."""
    login_as(Role.PLANNER)
    db.session.commit()
    made = [plans.request(demo_round, plans.settings({"min_class_size": str(size)}), user=None)
            for size in (8, 12)]
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        listed = client.get("/planning/plans").get_data(as_text=True)
        picker = client.get("/planning/plans/compare").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    # What a statement fetches (its first select list) holding the columns themselves, not a
    # JSON path into the result.
    whole = re.compile(r'(?<![(\w"])"?plan"?\.(result|pdf)\s*(,|AS\b|$)')
    fetched = [s.split("FROM")[0] for s in statements if s.startswith("SELECT")]
    assert fetched and not [s for s in fetched if whole.search(s.strip())]
    db.session.expire_all()
    for plan in made:
        totals = db.session.get(Plan, plan.id).result["totals"]["selected"]
        assert f"<td>{totals['trainees']:,}</td>".replace(",", ".") in listed
        assert f'<option value="{plan.id}">' in picker


def test_two_plans_with_different_minimum_class_sizes_are_compared_course_by_course(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: start a new snapshot
    small = plans.request(demo_round, plans.settings({"min_class_size": "5"}), user=None)
    db.session.expire_all()
    half = db.session.get(Plan, small.id).result["totals"]["selected"]["cost_vnd"] // 2
    # Larger classes, and a budget that leaves out about half the courses.
    large = plans.request(
        demo_round, plans.settings({"min_class_size": "18", "budget_cap_vnd": str(half)}),
        user=None)
    db.session.expire_all()
    before = {c["id"]: c for c in db.session.get(Plan, small.id).result["courses"] if c["selected"]}
    after = {c["id"]: c for c in db.session.get(Plan, large.id).result["courses"] if c["selected"]}
    removed = before.keys() - after.keys()
    changed = {i for i in before.keys() & after.keys()
               if (before[i]["classes"], before[i]["trainees"], before[i]["cost_vnd"])
               != (after[i]["classes"], after[i]["trainees"], after[i]["cost_vnd"])}
    assert removed and changed

    html = client.get(f"/planning/plans/compare?a={small.id}&b={large.id}").get_data(as_text=True)

    def listed(name):
        return set(re.findall(r'<tr data-course="([^"]+)">', section(html, name)))

    assert listed("removed") == removed
    assert listed("added") == after.keys() - before.keys()
    assert listed("changed") == changed
    # Each row names its course as a planner reads it: trade, level, commune.
    removed_row = section(html, "removed").split(f'data-course="{sorted(removed)[0]}">')[1]
    course = before[sorted(removed)[0]]
    assert re.findall(r"<td>([^<]*)</td>", removed_row)[:2] == [
        course["trade_name_vi"], str(level_label(course["level"]))]
    assert client.get(f"/planning/plans/compare?a={small.id}&b=9999").status_code == 404


def test_a_capped_plan_leads_with_its_selected_courses_and_says_how_it_was_made(
        client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: start a new snapshot
    client.post("/language/vi")
    full = plans.request(demo_round, plans.settings({}), user=None)
    db.session.expire_all()
    courses = db.session.get(Plan, full.id).result["courses"]
    # A budget the top-ranked courses do not fit in: cheaper ones further down are chosen.
    budget = sorted(c["cost_vnd"] for c in courses if c["cost_vnd"])[2] + 1
    capped = plans.request(demo_round, plans.settings(
        {"budget_cap_vnd": str(budget), "grouping_unit": "commune"}, approved_only=True), user=None)
    db.session.expire_all()
    result = db.session.get(Plan, capped.id).result
    chosen = [c["id"] for c in result["courses"] if c["selected"]]
    assert 0 < len(chosen) < len(result["courses"]) and not result["courses"][0]["selected"]

    page = client.get(f"/planning/plans/{capped.id}").get_data(as_text=True)
    every = client.get(f"/planning/plans/{capped.id}?courses=all").get_data(as_text=True)
    csv_rows = client.get(f"/planning/plans/{capped.id}/courses.csv").get_data().decode("utf-8-sig")

    ids = {c["id"] for c in result["courses"]}

    def listed(html):
        return [course for course in re.findall(r'<tr data-course="([^"]+)">', html)
                if course in ids]

    assert listed(page) == chosen
    assert listed(every)[:5] == [c["id"] for c in result["courses"][:5]]
    # The id is a key for the downloads; the page names a course by trade, level and commune.
    assert not ids & set(re.findall(r"<td>([^<]*)</td>", every))
    assert f"/planning/plans/{capped.id}?courses=all" in page
    assert len(list(csv.reader(io.StringIO(csv_rows)))) == len(result["courses"]) + 1
    details = re.sub(r"\s+", " ", page.split("</dl>")[0])
    assert "<dt>Ước tính nhu cầu theo</dt><dd>Xã (sau sắp xếp năm 2025)</dd>" in details
    assert f"<dt>Trần ngân sách (đồng)</dt><dd>{budget:,}</dd>".replace(",", ".") in details

    picker = client.get(f"/planning/plans/compare?a={full.id}&b={capped.id}").get_data(
        as_text=True)
    options = dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', picker))
    assert options[str(capped.id)].startswith(f"Kế hoạch {capped.id} · ")
    assert re.search(r" · theo xã · trần [0-9,]+ (triệu|tỷ) đồng · lớp từ 10 người · chỉ phiếu "
                     r"đã duyệt · trọng số 1; 0,5; 0,25$", options[str(capped.id)])
    assert "không giới hạn ngân sách" in options[str(full.id)]


def test_the_plan_pages_show_no_english_in_vietnamese(client, login_as, db, demo_round):
    login_as(Role.PLANNER)
    db.session.commit()  # the planner was made in another session: start a new snapshot
    first = plans.request(demo_round, plans.settings({"min_class_size": "5"}), user=None)
    second = plans.request(demo_round, plans.settings({"min_class_size": "18"}), user=None)
    urls = ["/planning/plans", "/planning/plans/new", f"/planning/plans/{first.id}",
            f"/planning/plans/{first.id}?all=1",
            f"/planning/plans/compare?a={first.id}&b={second.id}"]
    db.session.expire_all()
    # Course ids and place names are data.
    data = {c["id"] for c in db.session.get(Plan, first.id).result["courses"]}
    data |= set(db.session.scalars(select(Region.name_vi))) | {demo_round.name, "JSON", "PDF"}

    vietnamese, english = fetch_all(client, urls, "vi"), fetch_all(client, urls, "en")

    assert ({url: untranslated(vietnamese[url], english[url], data) for url in urls}
            == dict.fromkeys(urls, []))
