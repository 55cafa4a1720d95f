"""No English interface text is left on a page shown in Vietnamese.

Every page a role may open with GET is fetched in Vietnamese and in English; a
text run that is the same in both and holds an English-looking word is an
untranslated string, unless it is data: listed in ALLOWED_DATA, or a place name.
"""

from datetime import date

import pytest
from sqlalchemy import select

from survey_app.access import PUBLIC, allowed_roles
from survey_app.extensions import db as _db
from survey_app.models import (
    Allowance,
    ClassRule,
    DataExport,
    HouseholdResponse,
    Invitation,
    Plan,
    Region,
    RegionLevel,
    Role,
    RoundTarget,
    SupportNorm,
    SurveyRound,
    Trade,
    User,
)
from survey_app.services.reference import load_all
from tests.i18n.visible_text import has_english_word, text_runs

# URL arguments the walk can fill: the id of the first row of the model.
FILLERS = {
    "trade_id": Trade,
    "norm_id": SupportNorm,
    "allowance_id": Allowance,
    "rule_id": ClassRule,
    "user_id": User,
    "round_id": SurveyRound,
    "response_id": HouseholdResponse,
    "invitation_id": Invitation,
    "plan_id": Plan,
    "export_id": DataExport,
    # Not an id: a response version's UUID (survey/edit.py).
    "instance_id": HouseholdResponse.instance_id,
    # A business link's token is never stored, so the walk meets its 404 page; the
    # employer form's own pages are checked in tests/business/test_form.py.
    "token": Invitation.token_hash,
    # Not rows: an export's dataset and file type (planning/exports.py). Files, not pages.
    "dataset": "households",
    "fmt": "csv",
    # Not a row: the kind of questionnaire of an import template (planning/imports.py).
    "kind": "households",
}

# Text that is data, not interface, and reads the same in both languages.
ALLOWED_DATA = {
    "ISCED-F",  # the name of UNESCO's classification, in every language
    # The walk's own visit to a business link (its token filler opens nothing) is
    # audited: the audit page shows the action's code beside its label.
    "business.token_failed",
    "CSV", "XLSX", "XLSX (Excel)",  # file formats' names
    "English",  # a language is offered under its own name (the plan report's language)
}

NOT_FOUND = "/this-page-does-not-exist"


@pytest.fixture
def reference_data(app):
    with app.app_context():
        load_all()
        # A round with targets, so that the round pages show their tables. Made directly,
        # not through a service: audit entries would put English-looking data on the audit page.
        communes = _db.session.scalars(select(Region).where(Region.level == RegionLevel.COMMUNE))
        _db.session.add(SurveyRound(
            name="Đợt 2025", year=2025, opens_on=date(2025, 3, 1), closes_on=date(2025, 5, 31),
            targets=[RoundTarget(commune=c, target_households=20) for c in communes],
        ))
        _db.session.commit()


def pages_for(app, role) -> list[str]:
    """The GET pages ``role`` (None: signed out) may open, with their arguments filled."""
    urls, unfilled = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            roles = allowed_roles(rule.endpoint)
            # The JSON API has no interface text; its messages are checked in tests/api.
            api = rule.endpoint.startswith("api.")
            if "GET" not in rule.methods or rule.endpoint == "static" or roles is None or api:
                continue
            if (roles != PUBLIC) and (role is None or role not in roles):
                continue
            missing = [arg for arg in rule.arguments if arg not in FILLERS]
            if missing:
                unfilled.append(f"{rule.rule} ({', '.join(missing)})")
                continue
            values = {
                # With no such row (no household response here) id 1 walks the 404 page.
                arg: FILLERS[arg] if isinstance(FILLERS[arg], str)
                else _db.session.scalar(select(column := _filler_column(FILLERS[arg]))
                                        .order_by(column).limit(1))
                or 1
                for arg in rule.arguments
            }
            urls.append(url_for(rule.endpoint, **values))
    assert not unfilled, f"add a filler to FILLERS in {__file__} for: {unfilled}"
    return urls + [NOT_FOUND, "/admin/" if role not in (None, Role.ADMIN) else "/survey/"]


def _filler_column(filler):
    """A model stands for its id; a column for itself."""
    return filler.id if isinstance(filler, type) else filler


def untranslated(vi_html: str, en_html: str, data=frozenset()) -> list[str]:
    english = set(text_runs(en_html))
    return sorted({
        run for run in text_runs(vi_html)
        if run in english and run not in ALLOWED_DATA | data and has_english_word(run)
    })


def fetch_all(client, urls: list[str], lang: str) -> dict[str, str]:
    """The HTML pages among ``urls``; scripts (the service worker) and JSON have no interface
    text."""
    client.post(f"/language/{lang}")
    responses = {url: client.get(url, follow_redirects=True) for url in urls}
    return {url: r.get_data(as_text=True) for url, r in responses.items()
            if r.mimetype == "text/html"}


@pytest.mark.parametrize("role", [None, *Role], ids=["anonymous", *(r.value for r in Role)])
def test_pages_in_vietnamese_show_no_english_interface_text(
        app, client, login_as, reference_data, role):
    if role is not None:
        login_as(role)
    with app.app_context():
        urls = pages_for(app, role)
        # Place names are data: "Bắc Quang" holds "Quang", yet it is no English.
        place_names = set(_db.session.scalars(select(Region.name_vi)))
    vietnamese = fetch_all(client, urls, "vi")
    english = fetch_all(client, urls, "en")

    offending = {url: untranslated(vietnamese[url], english[url], place_names)
                 for url in vietnamese}
    offending = {url: runs for url, runs in offending.items() if runs}
    assert not offending, "English left on Vietnamese pages:\n" + "\n".join(
        f"  {url}: {runs}" for url, runs in offending.items()
    )
    assert all('lang="vi"' in html for html in vietnamese.values())
    assert all('lang="en"' in html for html in english.values())
