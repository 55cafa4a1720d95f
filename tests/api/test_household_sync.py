"""The sync API answers DESIGN.md §4's table; bad input is refused by field; nothing is lost."""

import threading
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from survey_app import create_app
from survey_app.extensions import db as _db
from survey_app.models import HouseholdResponse, ReviewStatus, Role, TradeChoice
from survey_app.services import responses
from tests.api.households import answer, field_setting, member
from tests.conftest import FreshContextClient
from tests.services.progress_data import assign

URL = "/api/v1/household-responses"


@pytest.fixture
def setting(db, reference_data, create_user):
    return field_setting(create_user)


@pytest.fixture
def surveyor(setting, login_as):
    return login_as(user=setting[1])


@pytest.fixture
def survey_round(setting):
    return setting[0]


def stored(db) -> int:
    return db.session.scalar(select(func.count()).select_from(HouseholdResponse))


def test_a_new_response_is_stored_with_its_members_and_ranked_trades(client, db, surveyor,
                                                                      survey_round):
    data = answer(survey_round)
    r = client.post(URL, json=data)
    assert r.status_code == 201
    assert r.json == {"result": "stored", "instance_id": data["instance_id"],
                      "root_id": data["instance_id"], "version": 1}
    response = db.session.scalar(select(HouseholdResponse))
    assert response.district.code == "026" and response.commune.code == "00715"
    assert [m.birth_year for m in response.members] == [1998, 1990]
    choices = response.members[0].choices
    assert [c.rank for c in choices] == [1, 2, 3]
    assert [c.trade.code for c in choices[:2]] == ["DL02", "DL01"]
    assert choices[2].trade_id is None and choices[2].other_text == "Làm bánh tam giác mạch"


def test_the_tablets_local_times_are_kept_as_the_same_moments(client, db, surveyor, survey_round):
    data = answer(survey_round)  # 08:15 to 08:41 in Vietnam, +07:00
    assert client.post(URL, json=data).status_code == 201
    db.session.expire_all()
    response = db.session.scalar(select(HouseholdResponse))

    def utc(moment):  # SQLite hands back UTC without its offset
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    assert utc(response.started_at) == datetime(2026, 4, 2, 1, 15, tzinfo=UTC)
    assert utc(response.finished_at) == datetime(2026, 4, 2, 1, 41, tzinfo=UTC)


def test_a_retry_after_a_lost_reply_is_answered_200_and_changes_nothing(client, db, surveyor,
                                                                        survey_round):
    data = answer(survey_round)
    assert client.post(URL, json=data).status_code == 201
    r = client.post(URL, json=data)
    assert r.status_code == 200 and r.json["result"] == "already_received"
    assert stored(db) == 1


def test_a_database_busy_with_another_write_asks_the_tablet_to_retry(client, db, surveyor,
                                                                      survey_round, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO household_response", {},
                               Exception("database is locked"))

    monkeypatch.setattr(responses, "receive_and_commit", locked)
    r = client.post(URL, json=answer(survey_round))

    # A 503 the outbox retries by itself (static/js/outbox.js), not a refusal to correct.
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert r.json["error"] == "busy" and r.json["message"]
    assert stored(db) == 0


def test_a_known_id_with_another_payload_is_a_conflict(client, db, surveyor, survey_round):
    data = answer(survey_round)
    client.post(URL, json=data)
    r = client.post(URL, json={**data, "household_size": 7})
    assert r.status_code == 409
    assert r.json["error"] == "conflict" and r.json["reason"] == "instance_id_reused"
    assert r.json["message"]
    assert stored(db) == 1


def test_an_edit_makes_version_2_and_keeps_version_1(client, db, surveyor, survey_round):
    first = answer(survey_round)
    client.post(URL, json=first)
    edit = answer(survey_round, replaces=first["instance_id"], household_size=7)
    r = client.post(URL, json=edit)
    assert r.status_code == 201
    assert r.json["version"] == 2 and r.json["root_id"] == first["instance_id"]
    rows = db.session.scalars(select(HouseholdResponse).order_by(HouseholdResponse.version)).all()
    assert [(row.version, row.is_current, row.household_size) for row in rows] == [
        (1, False, 6), (2, True, 7)]
    old = client.get(f"{URL}/{first['instance_id']}")
    assert old.status_code == 200 and old.json["payload"]["household_size"] == 6
    # A retry of version 1, superseded since, still only hears that it arrived.
    assert client.post(URL, json=first).status_code == 200


def test_a_stale_edit_is_refused_with_the_current_version(client, db, surveyor, survey_round):
    first = answer(survey_round)
    client.post(URL, json=first)
    second = answer(survey_round, replaces=first["instance_id"])
    client.post(URL, json=second)
    r = client.post(URL, json=answer(survey_round, replaces=first["instance_id"]))
    assert r.status_code == 409 and r.json["reason"] == "stale_edit"
    assert r.json["current_instance_id"] == second["instance_id"]
    unknown = client.post(URL, json=answer(survey_round, replaces=str(uuid.uuid4())))
    assert unknown.status_code == 409 and unknown.json["reason"] == "stale_edit"
    assert stored(db) == 2


def test_a_sent_back_response_returns_to_received_when_edited(client, db, surveyor,
                                                              survey_round):
    first = answer(survey_round)
    client.post(URL, json=first)
    db.session.scalar(select(HouseholdResponse)).status = ReviewStatus.HAS_ISSUES
    r = client.post(URL, json=answer(survey_round, replaces=first["instance_id"]))
    assert r.status_code == 201
    current = db.session.scalar(select(HouseholdResponse).where(HouseholdResponse.is_current))
    assert current.status == ReviewStatus.RECEIVED


@pytest.mark.parametrize("status", [ReviewStatus.APPROVED, ReviewStatus.REJECTED])
def test_a_reviewed_response_cannot_be_edited(client, db, surveyor, survey_round, status):
    first = answer(survey_round)
    client.post(URL, json=first)
    db.session.scalar(select(HouseholdResponse)).status = status
    r = client.post(URL, json=answer(survey_round, replaces=first["instance_id"]))
    assert r.status_code == 409 and r.json["reason"] == "reviewed"
    assert stored(db) == 1


def test_a_surveyor_cannot_replace_or_read_another_surveyors_response(
        client, db, create_user, login_as, setting):
    survey_round, owner = setting
    login_as(user=owner)
    first = answer(survey_round)
    client.post(URL, json=first)
    other = create_user(Role.SURVEYOR)
    assign(other, "026")
    login_as(user=other)
    assert client.get(f"{URL}/{first['instance_id']}").status_code == 404
    r = client.post(URL, json=answer(survey_round, replaces=first["instance_id"]))
    assert r.status_code == 409 and r.json["current_instance_id"] is None
    login_as(user=owner)
    mine = client.get(f"{URL}/{first['instance_id']}")
    assert mine.status_code == 200 and mine.json["status"] == "received"


def test_the_district_supervisor_may_read_a_response(client, db, create_user, login_as,
                                                     setting):
    survey_round, owner = setting
    login_as(user=owner)
    first = answer(survey_round)
    client.post(URL, json=first)
    supervisor = create_user(Role.SUPERVISOR)
    assign(supervisor, "026")
    login_as(user=supervisor)
    assert client.get(f"{URL}/{first['instance_id']}").status_code == 200


def send_at_once(app, owner_id: int, data: dict, times: int) -> list[int]:
    """The statuses of ``times`` posts of ``data`` by user ``owner_id``, released together.

    The caller commits first, and reads nothing between its commit and this call: on SQLite a
    read would keep the test's session on a snapshot from before the posts."""
    barrier = threading.Barrier(times)
    statuses = []

    def send():
        client = FreshContextClient(app, app.response_class)
        with client.session_transaction() as session:
            session["_user_id"] = str(owner_id)
            session["_fresh"] = True
        barrier.wait()
        statuses.append(client.post(URL, json=data).status_code)

    threads = [threading.Thread(target=send) for _ in range(times)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(statuses)


def test_eight_tablets_sending_the_same_new_response_at_once_store_it_once(
        app, db, setting, survey_round):
    data, owner_id = answer(survey_round), setting[1].id
    db.session.commit()
    assert send_at_once(app, owner_id, data, 8) == [200] * 7 + [201]
    assert stored(db) == 1


def test_an_edit_sent_twice_at_once_is_stored_once_and_both_hear_it_arrived(
        app, client, db, surveyor, setting, survey_round):
    # Two pages of one tablet syncing the same outbox together: the loser must not be told
    # the edit is stale, or the tablet would show a stored correction as refused.
    first = answer(survey_round)
    assert client.post(URL, json=first).status_code == 201
    edit = answer(survey_round, replaces=first["instance_id"], household_size=7)
    owner_id = setting[1].id
    db.session.commit()

    assert send_at_once(app, owner_id, edit, 4) == [200, 200, 200, 201]
    assert stored(db) == 2


BAD_INPUT = [
    ("missing commune", {"commune_code": None}, "commune_code"),
    ("commune outside the area", {"commune_code": "00769"}, "commune_code"),
    ("impossible year of birth", {"members": [member(), member(birth_year=1850)]},
     "members[2].birth_year"),
    ("unknown trade code", {"members": [member(trades=[{"code": "DL02"}, {"code": "ZZ99"}])]},
     "members[1].trades[2]"),
    ("10 MB of text", {"village": "x" * 10_000_000}, "village"),
    ("no consent", {"consent": False}, "consent"),
    ("closed round", {"round_id": 999}, "round_id"),
    ("a finish in the future", {"finished_at": "2099-01-01T00:00:00+07:00"}, "finished_at"),
    ("half a GPS position", {"gps_lon": None}, "gps"),
    ("fewer people than members listed", {"household_size": 1, "members": [member(), member()]},
     "household_size"),
]


@pytest.mark.parametrize(("data", "field"), [case[1:] for case in BAD_INPUT],
                         ids=[case[0] for case in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
        client, db, surveyor, survey_round, app, data, field):
    # The 10 MB text is refused as a whole body over the API's limit, by name.
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    r = client.post(URL, json=answer(survey_round, **data))
    assert r.is_json and 400 <= r.status_code < 500
    if r.status_code == 413:
        assert field == "village" and r.json["limit_bytes"] == 1024 * 1024
    else:
        assert r.status_code == 422 and field in r.json["fields"], r.json
    assert stored(db) == 0


def test_messages_name_the_member_in_vietnamese(client, surveyor, survey_round):
    r = client.post(URL, json=answer(survey_round, members=[member(), member(birth_year=1850)]))
    assert r.json["fields"]["members[2].birth_year"].startswith("Thành viên 2: năm sinh")


def test_a_household_smaller_than_its_members_is_told_in_vietnamese(client, surveyor,
                                                                     survey_round):
    r = client.post(URL, json=answer(survey_round, household_size=2,
                                     members=[member(), member(), member()]))
    assert r.json["fields"]["household_size"] == (
        "Số nhân khẩu nhỏ hơn số thành viên đã ghi (3 người)")


def test_script_in_free_text_is_stored_verbatim(client, db, surveyor, survey_round):
    script = "<script>alert('x')</script>"
    data = answer(survey_round, head_name=script)
    assert client.post(URL, json=data).status_code == 201
    assert db.session.scalar(select(HouseholdResponse.head_name)) == script


def test_signed_out_is_401_json(client):
    r = client.post(URL, json={})
    assert r.status_code == 401 and r.json["error"] == "unauthorized"


def test_a_body_that_is_not_json_is_refused_by_name(client, db, surveyor):
    r = client.post(URL, data="not json", content_type="application/json")
    assert r.status_code == 422 and "payload" in r.json["fields"]


def test_me_says_whose_outbox_this_is(client, surveyor):
    assert client.get("/api/v1/me").json["username"] == surveyor.username


@pytest.fixture
def csrf_app(schema_url):
    """An app with CSRF checks on; its connections are closed after the test."""
    made = []

    def make(**config):
        made.append(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": schema_url,
                                "SECRET_KEY": "test-secret-key", **config}))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            _db.session.remove()
            _db.engine.dispose()


@pytest.mark.parametrize("time_limit", [None, 1])
def test_a_fresh_token_from_the_api_lets_an_old_offline_response_sync(
        csrf_app, db, setting, survey_round, time_limit):
    app = csrf_app(WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=time_limit)
    app.test_client_class = FreshContextClient
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(setting[1].id)
        session["_fresh"] = True
    data = answer(survey_round)
    refused = client.post(URL, json=data)
    assert refused.status_code == 400 and refused.json["error"] == "csrf"
    token = client.get("/api/v1/csrf-token").json["csrf_token"]
    r = client.post(URL, json=data, headers={"X-CSRFToken": token})
    assert r.status_code == 201
    assert stored(db) == 1


def test_a_token_issued_long_ago_still_works_without_a_time_limit(
        csrf_app, db, setting, survey_round, monkeypatch):
    app = csrf_app(WTF_CSRF_ENABLED=True)
    app.test_client_class = FreshContextClient
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(setting[1].id)
        session["_fresh"] = True
    token = client.get("/api/v1/csrf-token").json["csrf_token"]
    real_time = time.time
    # Flask-WTF's signer dates tokens with time.time(): thirty days on the tablet.
    monkeypatch.setattr(time, "time", lambda: real_time() + 30 * 86400)
    r = client.post(URL, json=answer(survey_round), headers={"X-CSRFToken": token})
    assert r.status_code == 201


def test_openapi_names_the_paths_and_the_required_fields(client, surveyor):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    assert {"/household-responses", "/household-responses/{instance_id}", "/csrf-token",
            "/me"} <= set(doc["paths"])
    body = doc["paths"]["/household-responses"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert {"instance_id", "round_id", "commune_code", "consent", "members"} <= set(
        schema["required"])
    assert set(doc["paths"]["/household-responses"]["post"]["responses"]) >= {
        "200", "201", "409", "422"}


def test_trade_choices_are_stored_once_per_member(client, db, surveyor, survey_round):
    client.post(URL, json=answer(survey_round))
    assert db.session.scalar(select(func.count()).select_from(TradeChoice)) == 4
