"""Who may open what: every registered route requested as every kind of visitor.

The routes are read from the application when the tests are collected, so a
route added anywhere is covered without touching this file. Each case shows
in the report as ``endpoint-visitor``.
"""

import uuid

import pytest
from flask import url_for
from sqlalchemy import select

from survey_app import create_app
from survey_app.access import ANY_ROLE, PUBLIC
from survey_app.extensions import db as _db
from survey_app.models import Base, Role, User

VISITORS = ["anonymous", *(role.value for role in Role)]
SURVEY_ROLES = frozenset({Role.SURVEYOR, Role.SUPERVISOR})

# What each blueprint's routes may declare, written by hand from DESIGN.md §2 so
# that a wrong declaration on a view is caught, not just enforced.
BLUEPRINT_RULES = {
    "admin": ("admin only", lambda roles: roles == {Role.ADMIN}),
    # Admins manage the system; they do not see planning.
    "planning": ("planner only", lambda roles: roles == {Role.PLANNER}),
    # Supervisors may do everything surveyors may; some pages (review) are theirs alone.
    "survey": ("surveyors and supervisors",
               lambda roles: Role.SUPERVISOR in roles and roles <= SURVEY_ROLES),
    # Tablets syncing responses: the accounts that collect them.
    "api": ("surveyors and supervisors",
            lambda roles: bool(roles) and roles <= SURVEY_ROLES),
    # Businesses have no account: their invitation token is the key.
    "business": ("public (invitation token)", lambda roles: roles == PUBLIC),
    "auth": ("public, or any signed-in user",
             lambda roles: roles in (PUBLIC, ANY_ROLE)),
}


def _bare_app():
    """The application without a database: enough to read its routes and views."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                       "SECRET_KEY": "routes"})


def _routes():
    app = _bare_app()
    return sorted(
        (rule.endpoint, rule.rule, _method(rule.methods), rule.arguments,
         {name: type(conv).__name__ for name, conv in rule._converters.items()})
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    )


def _method(methods) -> str:
    for method in ("GET", "POST"):
        if method in methods:
            return method
    return sorted(methods - {"HEAD", "OPTIONS"})[0]


def pytest_generate_tests(metafunc):
    if "route" not in metafunc.fixturenames:
        return
    routes = _routes()
    if "visitor" in metafunc.fixturenames:
        metafunc.parametrize(
            ("route", "visitor"),
            [(r, v) for r in routes for v in VISITORS],
            ids=[f"{r[0]}-{v}" for r in routes for v in VISITORS],
        )
    else:
        metafunc.parametrize("route", routes, ids=[r[0] for r in routes])


@pytest.fixture(scope="module")
def bare_app():
    return _bare_app()


def _declared(app, endpoint):
    roles = getattr(app.view_functions[endpoint], "allowed_roles", None)
    assert roles is not None, (
        f"{endpoint} declares no roles: add @allow(Role...), @public or @signed_in under "
        "@bp.route"
    )
    return roles


def test_every_view_declares_who_may_use_it(bare_app, route):
    _declared(bare_app, route[0])


def test_every_blueprint_has_hand_written_expectations(route):
    blueprint = route[0].rpartition(".")[0]
    assert blueprint in BLUEPRINT_RULES, (
        f"{route[0]}: blueprint {blueprint!r} has no entry in BLUEPRINT_RULES; add what its "
        "routes may declare"
    )


def test_declared_roles_match_the_blueprint(bare_app, route):
    endpoint = route[0]
    blueprint = endpoint.rpartition(".")[0]
    if blueprint not in BLUEPRINT_RULES:
        pytest.skip(f"no expectation for blueprint {blueprint!r}")
    description, ok = BLUEPRINT_RULES[blueprint]
    roles = _declared(bare_app, endpoint)
    assert ok(roles), f"{endpoint} allows {sorted(roles)}; {blueprint} routes must be {description}"


def _row_id(argument: str, target_user_id: int | None) -> int:
    """The id of an existing row for ``<int:thing_id>``, or 1 when none fits (a 404 is fine)."""
    if argument == "user_id" and target_user_id is not None:
        return target_user_id
    stem = argument.removesuffix("_id")
    tables = [
        mapper.class_ for mapper in Base.registry.mappers
        if mapper.local_table.name == stem or mapper.local_table.name.endswith("_" + stem)
    ]
    if len(tables) == 1:
        found = _db.session.scalar(select(tables[0].id).order_by(tables[0].id).limit(1))
        if found is not None:
            return found
    return 1


def _url_values(app, arguments, converters, target_user_id):
    values = {}
    with app.app_context():
        for name in arguments:
            kind = converters.get(name)
            if kind == "IntegerConverter":
                values[name] = _row_id(name, target_user_id)
            elif kind == "UUIDConverter":
                values[name] = uuid.UUID(int=1)
            elif name == "code":
                values[name] = "en"
            else:
                values[name] = "x"
    return values


def _add_user(app, username: str, role: Role) -> int:
    # Nobody types a password in these tests: a placeholder hash spares a scrypt run per case.
    with app.app_context():
        user = User(username=username, full_name=username, role=role, password_hash="-")
        _db.session.add(user)
        _db.session.commit()
        return user.id


def _is_signin_redirect(response) -> bool:
    # The sign-in redirect of an unauthorised request always carries ?next=;
    # signing out also lands on /signin, without it.
    return response.status_code == 302 and response.headers["Location"].startswith(
        "/signin?next="
    )


def _sign_in(app, client, role: Role) -> None:
    user_id = _add_user(app, f"matrix.{role.value}", role)
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True


def test_access(app, client, request, route, visitor):
    endpoint, _rule, method, arguments, converters = route
    roles = _declared(app, endpoint)
    role = None if visitor == "anonymous" else Role(visitor)
    allowed = roles == PUBLIC or (role is not None and role in roles)
    target_user_id = None
    if allowed:
        # Real rows behind the ids, so allowed visitors reach the view itself.
        request.getfixturevalue("reference_data")
        if "user_id" in arguments:
            # Acted on by user routes: someone other than the visitor.
            target_user_id = _add_user(app, "matrix.target", Role.SURVEYOR)
    if role is not None:
        _sign_in(app, client, role)
    with app.test_request_context():
        url = url_for(endpoint, **_url_values(app, arguments, converters, target_user_id))

    response = client.open(url, method=method)
    status = response.status_code

    where = f"{method} {url} as {visitor}"
    assert status < 500, f"{where}: {status}"
    if allowed:
        assert status != 403, f"{where}: refused, yet {endpoint} allows {sorted(roles)}"
        assert not _is_signin_redirect(response), f"{where}: sent to sign in"
    elif role is None:
        if endpoint.startswith("api."):
            assert status == 401 and response.is_json, f"{where}: {status}, expected 401 JSON"
        else:
            assert _is_signin_redirect(response), f"{where}: {status}, expected sign-in redirect"
    else:
        assert status == 403, f"{where}: {status}, expected 403"
