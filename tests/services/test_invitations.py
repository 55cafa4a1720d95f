"""Invitations: creating one or many, the rules on each row, revoking and re-issuing links."""

import unicodedata

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from survey_app.models import (
    AuditEntry,
    Business,
    BusinessResponse,
    Invitation,
    InvitationStatus,
    RoundStatus,
)
from survey_app.services import invitations, tokens
from survey_app.services.invitation_files import UploadError, read_upload
from survey_app.services.invitations import InvalidInvitation, RoundClosed
from tests.services.invitation_data import (
    bad_check_digit,
    csv_file,
    planner_and_round,
    row,
    tax_code,
    xlsx_file,
)


@pytest.fixture
def setup(app, db, reference_data, create_user):
    with app.test_request_context():
        yield planner_and_round(create_user)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def errors_of(call) -> dict[str, str]:
    with pytest.raises(InvalidInvitation) as raised:
        call()
    with force_locale("vi"):
        return {name: str(text) for name, text in raised.value.errors.items()}


def test_an_invitation_stores_only_the_hash_of_a_long_random_token(db, setup):
    planner, survey_round = setup
    issued = invitations.create_one(planner, survey_round, row(1))
    db.session.commit()

    invitation = db.session.scalar(select(Invitation))
    assert len(issued.token) >= 43  # 256 bits in URL-safe base64, at least the 128 asked for
    assert invitation.token_hash == tokens.token_hash(issued.token) != issued.token
    assert issued.token not in str(db.session.scalar(select(AuditEntry.details)))
    assert tokens.invitation_for_token(issued.token) == invitation
    business = invitation.business
    assert (business.name, business.tax_code, business.district.name_vi,
            business.commune.name_vi) == ("Công ty TNHH Dệt thổ cẩm Đồng Văn số 1", tax_code(1),
                                          "Đồng Văn", "Xã Lũng Cú")
    assert (invitation.contact_phone, invitation.status) == ("0912000001",
                                                             InvitationStatus.NOT_OPENED)


def test_every_wrong_field_is_reported_by_name(db, setup):
    planner, survey_round = setup
    bad = row(2, business_name=" ", tax_code=bad_check_digit(tax_code(2)), district="Hà Nội",
              commune="Xã Lũng Cú", contact_phone="12345", contact_email="vang.my@")

    errors = errors_of(lambda: invitations.create_one(planner, survey_round, bad))

    assert errors == {
        "business_name": "Tên doanh nghiệp là bắt buộc",
        "tax_code": "Mã số thuế không hợp lệ: chữ số kiểm tra không khớp; hãy kiểm tra lỗi gõ",
        "district": "Huyện “Hà Nội” không phải là một huyện của tỉnh",
        "contact_phone": "Điện thoại liên hệ phải có 9 đến 11 chữ số và bắt đầu bằng 0 hoặc +84",
        "contact_email": "Email liên hệ không phải là địa chỉ email",
    }
    assert count(db, Invitation) == count(db, Business) == 0


@pytest.mark.parametrize(("code", "problem"), [
    ("51001234", "phải có 10 chữ số"),
    ("51OO123452", "chỉ gồm chữ số"),
    ("5100123453", "chữ số kiểm tra không khớp"),
    ("5100123452-01", "phải có 10 chữ số"),
])
def test_a_wrong_tax_code_names_the_field(db, setup, code, problem):
    planner, survey_round = setup
    errors = errors_of(lambda: invitations.create_one(planner, survey_round,
                                                      row(3, tax_code=code)))
    assert errors["tax_code"].startswith("Mã số thuế") and problem in errors["tax_code"]


def test_a_branch_tax_code_and_a_commune_alone_are_enough(db, setup):
    planner, survey_round = setup
    issued = invitations.create_one(
        planner, survey_round, row(4, tax_code=tax_code(4) + "001", district=None,
                                   commune="00715", contact_phone=None, contact_email=None))

    business = issued.invitation.business
    assert business.tax_code == tax_code(4) + "-001"
    assert (business.district.name_vi, business.commune.name_vi) == ("Đồng Văn", "Xã Lũng Cú")


def test_places_are_found_by_code_or_by_name_without_tone_marks(db, setup):
    planner, survey_round = setup
    issued = invitations.create_one(planner, survey_round,
                                    row(5, district="huyen dong van", commune="lung cu"))
    assert issued.invitation.business.commune.code == "00715"
    errors = errors_of(lambda: invitations.create_one(
        planner, survey_round, row(6, district="026", commune="Thị trấn Vị Xuyên")))
    assert errors == {"commune": "Xã “Thị trấn Vị Xuyên” không thuộc huyện đã ghi"}


def test_a_business_invited_in_the_round_cannot_be_invited_again(db, setup, create_user):
    planner, survey_round = setup
    _planner, next_round = planner_and_round(create_user, name="Khảo sát 2027")
    invitations.create_one(planner, survey_round, row(7))

    errors = errors_of(lambda: invitations.create_one(planner, survey_round,
                                                      row(7, business_name="Tên khác")))
    assert errors == {"tax_code": f"Mã số thuế {tax_code(7)} đã được mời trong đợt này"}

    # Another round invites the same business again, under its existing record.
    invitations.create_one(planner, next_round, row(7, business_name="Tên khác"))
    assert count(db, Business) == 1 and count(db, Invitation) == 2
    assert db.session.scalar(select(Business.name)) == "Công ty TNHH Dệt thổ cẩm Đồng Văn số 7"


def test_a_closed_round_takes_no_invitation(db, setup, create_user):
    planner, _round = setup
    _planner, closed = planner_and_round(create_user, name="Khảo sát 2025",
                                         status=RoundStatus.CLOSED)
    with pytest.raises(RoundClosed):
        invitations.create_one(planner, closed, row(8))


# Acceptance 4: 200 rows, 3 of them bad, in both modes.

def two_hundred_rows_three_bad() -> list[dict]:
    rows = [row(n) for n in range(1, 201)]
    rows[19]["tax_code"] = bad_check_digit(rows[19]["tax_code"])  # line 21
    rows[99]["business_name"] = ""  # line 101
    rows[149]["commune"] = "Xã Không Có"  # line 151
    return rows


def expected_errors() -> list[tuple[int, str, str]]:
    return [(21, "tax_code", "Mã số thuế không hợp lệ: chữ số kiểm tra không khớp; hãy kiểm tra "
                             "lỗi gõ"),
            (101, "business_name", "Tên doanh nghiệp là bắt buộc"),
            (151, "commune", "Xã “Xã Không Có” không phải là một xã của tỉnh")]


def reported(result) -> list[tuple[int, str, str]]:
    with force_locale("vi"):
        return [(e.line, e.field, str(e.message)) for e in result.errors]


@pytest.mark.parametrize("file_kind", ["xlsx", "csv"])
def test_a_file_of_200_rows_creates_the_197_good_ones_and_reports_the_3_bad_ones(
        db, setup, file_kind):
    planner, survey_round = setup
    data = (xlsx_file if file_kind == "xlsx" else csv_file)(two_hundred_rows_three_bad())

    result = invitations.create_many(planner, survey_round, read_upload(f"list.{file_kind}", data),
                                     all_or_nothing=False)
    db.session.commit()

    assert reported(result) == expected_errors()
    assert (result.rows, len(result.created), result.bad_lines) == (200, 197, [21, 101, 151])
    assert count(db, Invitation) == count(db, Business) == 197
    names = set(db.session.scalars(select(Business.name)))
    assert "Công ty TNHH Dệt thổ cẩm Đồng Văn số 20" not in names
    assert "Công ty TNHH Dệt thổ cẩm Đồng Văn số 200" in names
    # Each created link opens its own invitation.
    assert all(tokens.invitation_for_token(i.token) == i.invitation for i in result.created)


def test_all_or_nothing_creates_none_of_the_200_rows_and_reports_the_same_3(db, setup):
    planner, survey_round = setup
    lines = read_upload("list.xlsx", xlsx_file(two_hundred_rows_three_bad()))

    result = invitations.create_many(planner, survey_round, lines, all_or_nothing=True)
    db.session.commit()

    assert reported(result) == expected_errors()
    assert result.created == [] and count(db, Invitation) == count(db, Business) == 0

    # Corrected, the same file creates all 200.
    fixed = [row(n) for n in range(1, 201)]
    result = invitations.create_many(planner, survey_round,
                                     read_upload("list.xlsx", xlsx_file(fixed)),
                                     all_or_nothing=True)
    assert (len(result.created), result.errors) == (200, [])


def test_a_tax_code_twice_in_a_file_or_the_templates_example_is_a_bad_row(db, setup):
    planner, survey_round = setup
    invitations.create_one(planner, survey_round, row(1))
    rows = [row(1), row(2), row(3), row(2, business_name="Chi nhánh trùng"),
            row(4, tax_code="5100123452")]

    result = invitations.create_many(planner, survey_round,
                                     read_upload("l.csv", csv_file(rows)), all_or_nothing=False)

    assert reported(result) == [
        (2, "tax_code", f"Mã số thuế {tax_code(1)} đã được mời trong đợt này"),
        (5, "tax_code", f"Mã số thuế {tax_code(2)} lặp lại: đã có ở dòng 3"),
        (6, "tax_code", "Mã số thuế 5100123452 là dòng ví dụ của tệp mẫu: hãy xóa dòng đó"),
    ]
    assert len(result.created) == 2


def test_uploads_accept_english_headers_semicolons_and_windows_1258(db, setup):
    english = {"business_name": "Business name", "tax_code": "Tax code", "district": "District",
               "commune": "Commune", "contact_name": "Contact", "contact_phone": "Phone",
               "contact_email": "E-mail"}
    lines = read_upload("l.xlsx", xlsx_file([row(1)], headers=english))
    assert lines == [(2, {**row(1), "contact_phone": "0912 000001"})]

    # Excel's CSV on Vietnamese Windows: semicolons, Windows-1258 with combining tone marks.
    data = "Tên doanh nghiệp;Mã số thuế;Huyện\nHợp tác xã Đồng Văn;5100000016;Mèo Vạc\n"
    lines = read_upload("l.csv", windows_1258(data))
    assert lines == [(2, {"business_name": "Hợp tác xã Đồng Văn", "tax_code": "5100000016",
                          "district": "Mèo Vạc"})]


# Grave, acute, tilde, hook above, dot below.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` as Windows-1258 writes it: a tone mark that has no precomposed letter
    follows its letter as a combining character."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tone = next(c for c in decomposed if c in TONE_MARKS)
            out += (unicodedata.normalize("NFC", decomposed.replace(tone, "")).encode("cp1258")
                    + tone.encode("cp1258"))
    return out


@pytest.mark.parametrize(("name", "data", "message"), [
    ("l.pdf", b"%PDF", "Upload a .xlsx or .csv file"),
    ("l.xlsx", b"not a zip", "not a readable .xlsx"),
    ("l.csv", b"", "The file is empty"),
    ("l.csv", "Tên doanh nghiệp,Điện thoại\nA,0912345678\n".encode(),
     "missing: Mã số thuế, Huyện/thành phố"),
])
def test_an_unreadable_file_says_why(app, name, data, message):
    with app.test_request_context(), pytest.raises(UploadError) as raised:
        read_upload(name, data)
    assert message in str(raised.value.message)


# Revoking and re-issuing.

def test_a_revoked_link_stops_at_once_and_a_reissued_one_replaces_it(db, setup):
    planner, survey_round = setup
    first = invitations.create_one(planner, survey_round, row(1))
    invitation = first.invitation
    db.session.add(BusinessResponse(round_id=survey_round.id, business=invitation.business,
                                    invitation=invitation, payload={}, submitted=False))
    invitation.status = InvitationStatus.IN_PROGRESS
    db.session.commit()

    invitations.revoke(planner, invitation)
    db.session.commit()
    assert tokens.invitation_for_token(first.token) is None
    assert invitation.status == InvitationStatus.REVOKED and invitation.revoked_at is not None

    second = invitations.reissue(planner, invitation)
    db.session.commit()
    assert tokens.invitation_for_token(first.token) is None
    assert tokens.invitation_for_token(second.token) == invitation
    # Back in the status its answers give it.
    assert (invitation.status, invitation.revoked_at) == (InvitationStatus.IN_PROGRESS, None)

    third = invitations.reissue(planner, invitation)
    assert tokens.invitation_for_token(second.token) is None
    assert tokens.invitation_for_token(third.token) == invitation
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["invitation.create", "invitation.revoke", "invitation.reissue",
                       "invitation.reissue"]


def test_tokens_handed_back_must_be_the_live_ones(db, setup):
    planner, survey_round = setup
    one = invitations.create_one(planner, survey_round, row(1))
    two = invitations.create_one(planner, survey_round, row(2))
    pairs = [(one.invitation.id, one.token), (two.invitation.id, two.token)]
    assert [i.invitation for i in invitations.tokens_match(pairs)] == [one.invitation,
                                                                       two.invitation]

    with pytest.raises(LookupError):  # a token of another invitation
        invitations.tokens_match([(one.invitation.id, two.token)])
    invitations.reissue(planner, two.invitation)
    with pytest.raises(LookupError):  # a token replaced since
        invitations.tokens_match(pairs)
