"""Token endpoints are throttled per address: guessing links is stopped, offices are not."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.models import AuditEntry
from tests.business.data import invite, open_round

OFFICE, OTHER = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def invited(app, db, reference_data):
    app.config["BUSINESS_TOKEN_MAX_FAILURES_PER_ADDRESS"] = 3
    return invite(open_round())


def get(client, url, ip=OFFICE):
    return client.get(url, environ_base={"REMOTE_ADDR": ip})


def test_wrong_tokens_lock_the_address_even_for_a_good_link(client, invited):
    _, token = invited
    for n in range(3):
        assert get(client, f"/b/wrong-{n}").status_code == 404
    assert get(client, f"/b/{token}").status_code == 429
    assert get(client, "/b/wrong-again/answers.pdf").status_code == 429
    # Another address is not affected.
    assert get(client, f"/b/{token}", OTHER).status_code == 200


def test_good_links_do_not_count(client, invited):
    _, token = invited
    for _ in range(10):
        assert get(client, f"/b/{token}").status_code == 200
    assert get(client, "/b/wrong").status_code == 404


def test_the_lock_ends_with_the_window(client, db, invited):
    _, token = invited
    for n in range(3):
        get(client, f"/b/wrong-{n}")
    assert get(client, f"/b/{token}").status_code == 429
    for entry in db.session.scalars(select(AuditEntry)):
        entry.at -= timedelta(minutes=16)
    db.session.commit()
    assert get(client, f"/b/{token}").status_code == 200


def test_registrations_are_throttled_too(app, client, db, invited):
    invitation, _ = invited
    app.config["BUSINESS_REGISTRATIONS_PER_ADDRESS"] = 2
    invitation.round.open_registration = True
    db.session.commit()
    url = f"/b/register/{invitation.round_id}"
    form = {"tax_code": "5100123452", "business_name": "Ai đó"}
    for _ in range(2):
        assert client.post(url, data=form, environ_base={"REMOTE_ADDR": OFFICE}).status_code == 200
    assert client.post(url, data=form, environ_base={"REMOTE_ADDR": OFFICE}).status_code == 429
    assert client.post(url, data=form, environ_base={"REMOTE_ADDR": OTHER}).status_code == 200

