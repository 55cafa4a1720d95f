"""Tax codes: Vietnamese enterprise codes with their check digit (acceptance 2)."""

import pytest
from flask_babel import force_locale

from survey_app.services.business_rules import check_tax_code
from survey_app.services.errors import FieldError
from tests.business.data import answers, invite, open_round


@pytest.mark.parametrize(("typed", "stored"), [
    ("5100123452", "5100123452"),
    ("0100233488", "0100233488"),
    (" 0100 233 488 ", "0100233488"),
    ("0314409058-002", "0314409058-002"),  # a branch
    ("0314409058002", "0314409058-002"),
])
def test_valid_codes_are_kept_in_their_usual_form(app, typed, stored):
    with app.test_request_context():
        assert check_tax_code(typed) == stored


INVALID = {
    "wrong check digit": ("5100123453", "check digit", "chữ số kiểm tra"),
    "nine digits": ("510012345", "10 digits", "10 chữ số"),
    "eleven digits": ("51001234521", "10 digits", "10 chữ số"),
    "letters": ("51001234AB", "only digits", "chỉ gồm chữ số"),
    "all letters": ("ABCDEFGHIJ", "only digits", "chỉ gồm chữ số"),
    "branch 000": ("0314409058-000", "not a valid", "không phải"),
}


@pytest.mark.parametrize(("typed", "english", "vietnamese"), INVALID.values(), ids=INVALID.keys())
def test_invalid_codes_are_refused_with_a_message_naming_the_field(app, typed, english,
                                                                   vietnamese):
    with app.test_request_context():
        with pytest.raises(FieldError) as refused:
            check_tax_code(typed)
        assert refused.value.field == "tax_code"
        for lang, field, detail in (("en", "Tax code", english), ("vi", "Mã số thuế", vietnamese)):
            with force_locale(lang):
                text = str(refused.value.message)
            assert text.startswith(field) and detail in text, text


def test_the_form_shows_the_error_under_the_tax_code(client, db, reference_data):
    _, token = invite(open_round())
    page = client.post(f"/b/{token}", data=answers(tax_code="5100123453"))
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert 'id="tax_code-error">Mã số thuế' in html and 'aria-invalid="true"' in html
    # Everything typed is still there.
    assert 'value="5100123453"' in html and "Sao chè thủ công" in html
