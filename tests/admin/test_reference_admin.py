import re

import pytest
from sqlalchemy import func, select

from survey_app.models import Allowance, AuditEntry, ClassRule, Level, Role, SupportNorm, Trade
from tests.fixtures import in_english

# NN01 as the bundled file has it, but for a shorter English name.
TRADE_FORM = {
    "name_vi": "Trồng lúa và ngô (trồng trọt cây lương thực)",
    "name_en": "Rice and maize growing",
    "isced_f": "0811",
    "group": "agriculture",
    "typical_level": "so_cap",
    "typical_duration_months": "3",
    "active": "y",
}


def trade(db, code) -> Trade:
    return db.session.scalars(select(Trade).where(Trade.code == code)).one()


def audit_entries(db, action) -> list[AuditEntry]:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def field_is_marked_invalid(html: str, name: str) -> bool:
    tag = re.search(rf'<(?:input|select)[^>]*\bid="{name}"[^>]*>', html)
    return tag is not None and 'aria-invalid="true"' in tag.group(0)


def test_admin_finds_a_trade_by_searching(client, login_as, reference_data):
    login_as(Role.ADMIN)

    page = client.get("/admin/trades?q=maize").get_data(as_text=True)

    assert "NN01" in page
    assert "NN02" not in page


def test_search_ignores_case_and_diacritics(client, login_as, reference_data):
    login_as(Role.ADMIN)

    page = client.get("/admin/trades?q=TRONG LUA").get_data(as_text=True)

    assert "NN01" in page
    assert "NN02" not in page


def test_admin_edits_a_trade_and_the_change_is_audited(client, db, login_as, reference_data):
    admin = login_as(Role.ADMIN)
    rice = trade(db, "NN01")

    response = client.post(f"/admin/trades/{rice.id}",
                           data={**TRADE_FORM, "typical_duration_months": "4"})

    assert response.status_code == 302
    db.session.expire_all()
    assert (rice.typical_duration_months, rice.name_en) == (4, "Rice and maize growing")
    [entry] = audit_entries(db, "reference.trade.update")
    assert entry.user_id == admin.id and entry.object_id == str(rice.id)
    assert entry.details == {
        "before": {"name_en": "Rice and maize growing (staple crop farming)",
                   "typical_duration_months": 3},
        "after": {"name_en": "Rice and maize growing", "typical_duration_months": 4},
    }


def test_unticking_offered_retires_the_trade(client, db, login_as, reference_data):
    login_as(Role.ADMIN)
    rice = trade(db, "NN01")
    form = {**TRADE_FORM, "name_en": rice.name_en}
    del form["active"]

    client.post(f"/admin/trades/{rice.id}", data=form)

    db.session.expire_all()
    assert not rice.active
    [entry] = audit_entries(db, "reference.trade.update")
    assert entry.details == {"before": {"active": True}, "after": {"active": False}}


@pytest.mark.parametrize("duration", ["abc", "0", "37", ""])
def test_a_bad_duration_is_refused_on_its_field_and_nothing_changes(
    client, db, login_as, reference_data, duration
):
    login_as(Role.ADMIN)
    rice = trade(db, "NN01")

    response = client.post(f"/admin/trades/{rice.id}",
                           data={**TRADE_FORM, "typical_duration_months": duration})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert field_is_marked_invalid(html, "typical_duration_months")
    assert not field_is_marked_invalid(html, "name_vi")
    db.session.expire_all()
    assert rice.typical_duration_months == 3 and rice.name_en != TRADE_FORM["name_en"]
    assert audit_entries(db, "reference.trade.update") == []


def test_an_isced_code_must_be_four_digits(client, db, login_as, reference_data):
    login_as(Role.ADMIN)
    rice = trade(db, "NN01")

    response = client.post(f"/admin/trades/{rice.id}", data={**TRADE_FORM, "isced_f": "81"})

    assert response.status_code == 400
    assert field_is_marked_invalid(response.get_data(as_text=True), "isced_f")


def test_admin_adds_a_trade(client, db, login_as, reference_data):
    login_as(Role.ADMIN)

    response = client.post("/admin/trades/new", data={**TRADE_FORM, "code": "NN99",
                                                     "typical_level": "thuong_xuyen"})

    assert response.status_code == 302
    added = trade(db, "NN99")
    assert added.typical_level == Level.SHORT and added.active
    [entry] = audit_entries(db, "reference.trade.create")
    assert entry.details["after"]["code"] == "NN99"
    assert entry.details["after"]["typical_level"] == "thuong_xuyen"


def test_a_new_trade_with_a_taken_code_is_refused_on_the_code_field(
    client, db, login_as, reference_data
):
    login_as(Role.ADMIN)

    response = client.post("/admin/trades/new", data={**TRADE_FORM, "code": "NN01"})

    assert response.status_code == 400
    assert field_is_marked_invalid(response.get_data(as_text=True), "code")
    assert db.session.scalar(select(func.count()).select_from(Trade)) == 48
    assert audit_entries(db, "reference.trade.create") == []


def test_a_taken_code_is_flagged_with_the_other_bad_fields_at_once(
    client, db, login_as, reference_data
):
    login_as(Role.ADMIN)

    response = client.post("/admin/trades/new", data={
        **TRADE_FORM, "code": "NN01", "name_vi": "", "typical_duration_months": "0"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("code", "name_vi", "typical_duration_months"):
        assert field_is_marked_invalid(page, field), field


def test_admin_edits_a_support_norm(client, db, login_as, reference_data):
    login_as(Role.ADMIN)
    norm = db.session.scalars(
        select(SupportNorm).where(SupportNorm.group_code == "near_poor")).one()

    response = client.post(f"/admin/norms/{norm.id}", data={
        "name_vi": norm.name_vi, "name_en": norm.name_en,
        "max_training_support_vnd": "2800000", "rank": "4"})

    assert response.status_code == 302
    db.session.expire_all()
    assert norm.max_training_support_vnd == 2_800_000
    [entry] = audit_entries(db, "reference.norm.update")
    assert entry.details == {"before": {"max_training_support_vnd": 2_500_000},
                             "after": {"max_training_support_vnd": 2_800_000}}


@pytest.mark.parametrize(("url", "data", "field"), [
    ("/admin/norms/{norm}", {"name_vi": "x", "name_en": "x", "max_training_support_vnd": "-1",
                             "rank": "1"}, "max_training_support_vnd"),
    ("/admin/norms/{norm}", {"name_vi": "x", "name_en": "x",
                             "max_training_support_vnd": "1", "rank": "0"}, "rank"),
    # Past a 32-bit integer: PostgreSQL would refuse it with an error.
    ("/admin/norms/{norm}", {"name_vi": "x", "name_en": "x",
                             "max_training_support_vnd": "99999999999", "rank": "1"},
     "max_training_support_vnd"),
    ("/admin/allowances/{allowance}", {"amount_vnd": "lots", "unit": "u", "condition": "c",
                                       "source": "s"}, "amount_vnd"),
    ("/admin/class-rules/{rule}", {"max_learners": "101", "source": "s"}, "max_learners"),
])
def test_bad_rule_values_are_refused_on_their_field(
    client, db, login_as, reference_data, url, data, field
):
    login_as(Role.ADMIN)
    ids = {
        "norm": db.session.scalar(select(SupportNorm.id).limit(1)),
        "allowance": db.session.scalar(select(Allowance.id).limit(1)),
        "rule": db.session.scalar(select(ClassRule.id).limit(1)),
    }
    before = rule_tables(db)

    response = client.post(url.format(**ids), data=data)

    assert response.status_code == 400
    assert field_is_marked_invalid(response.get_data(as_text=True), field)
    db.session.expire_all()
    assert rule_tables(db) == before
    assert db.session.scalars(select(AuditEntry)).all() == []


def rule_tables(db) -> list:
    return [
        sorted(tuple(getattr(row, c.key) for c in model.__table__.columns)
               for row in db.session.scalars(select(model)))
        for model in (SupportNorm, Allowance, ClassRule)
    ]


def test_admin_opens_every_edit_page(client, db, login_as, reference_data):
    login_as(Role.ADMIN)
    urls = [
        "/admin/trades/new",
        f"/admin/trades/{trade(db, 'NN01').id}",
        f"/admin/norms/{db.session.scalar(select(SupportNorm.id).limit(1))}",
        f"/admin/allowances/{db.session.scalar(select(Allowance.id).limit(1))}",
        f"/admin/class-rules/{db.session.scalar(select(ClassRule.id).limit(1))}",
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<label" in response.get_data(as_text=True)


def test_the_admin_menu_links_to_trades_and_norms(client, login_as):
    login_as(Role.ADMIN)

    page = client.get("/admin/").get_data(as_text=True)

    assert 'href="/admin/trades"' in page and 'href="/admin/norms"' in page


def test_admin_sees_the_three_rule_tables(client, login_as, reference_data):
    login_as(Role.ADMIN)

    page = client.get("/admin/norms").get_data(as_text=True)

    assert "near_poor" not in page  # groups are shown by name, not code
    assert "/admin/allowances/" in page and "/admin/class-rules/" in page
    assert "practice_class" not in page  # class kinds too


@pytest.mark.parametrize("role", [Role.SURVEYOR, Role.SUPERVISOR, Role.PLANNER])
@pytest.mark.parametrize("url", ["/admin/trades", "/admin/trades/new", "/admin/norms"])
def test_only_admins_open_reference_pages(client, login_as, role, url):
    login_as(role)

    assert client.get(url).status_code == 403


def test_a_planner_cannot_change_a_trade(client, db, login_as, reference_data):
    login_as(Role.PLANNER)
    rice = trade(db, "NN01")

    response = client.post(f"/admin/trades/{rice.id}", data=TRADE_FORM)

    assert response.status_code == 403
    db.session.expire_all()
    assert rice.typical_duration_months == 3


@pytest.mark.parametrize("typed", ["2.800.000", "2800000", "2 800 000"])
def test_an_amount_typed_with_thousands_dots_is_saved(client, db, login_as, reference_data, typed):
    login_as(Role.ADMIN)
    norm = db.session.scalars(
        select(SupportNorm).where(SupportNorm.group_code == "near_poor")).one()

    response = client.post(f"/admin/norms/{norm.id}", data={
        "name_vi": norm.name_vi, "name_en": norm.name_en,
        "max_training_support_vnd": typed, "rank": "4"})

    assert response.status_code == 302
    db.session.expire_all()
    assert norm.max_training_support_vnd == 2_800_000


def test_amounts_and_counts_are_text_inputs_showing_the_vietnamese_grouping(
        client, db, login_as, reference_data):
    # A browser's number input drops "2.500.000" and sends nothing.
    login_as(Role.ADMIN)
    norm = db.session.scalars(
        select(SupportNorm).where(SupportNorm.group_code == "near_poor")).one()
    allowance = db.session.scalars(select(Allowance).where(Allowance.code == "meals")).one()

    norm_page = client.get(f"/admin/norms/{norm.id}").get_data(as_text=True)
    allowance_page = client.get(f"/admin/allowances/{allowance.id}").get_data(as_text=True)

    amount = re.search(r'<input[^>]*id="max_training_support_vnd"[^>]*>', norm_page).group(0)
    assert 'type="text"' in amount and 'inputmode="numeric"' in amount
    assert 'value="2.500.000"' in amount
    assert 'type="number"' not in norm_page + allowance_page


def test_allowance_typed_with_thousands_dots_is_saved(client, db, login_as, reference_data):
    login_as(Role.ADMIN)
    allowance = db.session.scalars(select(Allowance).where(Allowance.code == "meals")).one()

    response = client.post(f"/admin/allowances/{allowance.id}", data={
        "amount_vnd": "45.000", "unit": allowance.unit, "condition": allowance.condition,
        "source": allowance.source})

    assert response.status_code == 302
    db.session.expire_all()
    assert allowance.amount_vnd == 45_000


@pytest.mark.parametrize("typed", ["2,5", "2.50", "-1", "1.000.000.001"])
def test_a_decimal_or_out_of_range_amount_is_refused_naming_the_field_and_range(
        client, db, login_as, reference_data, typed):
    login_as(Role.ADMIN)
    norm = db.session.scalars(
        select(SupportNorm).where(SupportNorm.group_code == "near_poor")).one()
    data = {"name_vi": norm.name_vi, "name_en": norm.name_en,
            "max_training_support_vnd": typed, "rank": "4"}

    vietnamese = client.post(f"/admin/norms/{norm.id}", data=data).get_data(as_text=True)
    in_english(client)
    english = client.post(f"/admin/norms/{norm.id}", data=data)

    assert english.status_code == 400
    assert re.search(r'id="max_training_support_vnd-error">Maximum training support \(VND per '
                     r'learner and course\): enter a whole number from 0 to 1,000,000,000\.',
                     english.get_data(as_text=True))
    assert re.search(r'id="max_training_support_vnd-error">[^<]*0[^<]*1\.000\.000\.000',
                     vietnamese)
    assert f'value="{typed}"' in vietnamese  # what was typed stays, to be corrected
    db.session.expire_all()
    assert norm.max_training_support_vnd == 2_500_000
