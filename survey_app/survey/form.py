"""The household questionnaire: one page that works offline on a tablet and by plain POST on a
laptop.

With JavaScript the page never posts itself: static/js/form.js keeps drafts and
an outbox on the tablet and sends them to the JSON API. Without it, the form
posts here and goes through the same rules and the same idempotent store.
"""

import hashlib
import time
import uuid
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from survey_app.access import allow
from survey_app.extensions import db
from survey_app.models import Region, Role, RoundStatus, Trade
from survey_app.services import household_rules, progress, responses
from survey_app.services.rounds import current_round
from survey_app.services.users import area_ids
from survey_app.survey import form_fields
from survey_app.survey.views import bp
from survey_app.text import vietnamese_key

# What the service worker keeps for offline use; a change to any of them is a new worker version.
SHELL_ASSETS = ("css/app.css", "js/db.js", "js/fold.js", "js/outbox.js", "js/form.js",
                "js/status.js", "manifest.webmanifest", "icon.svg")


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def new_response():
    survey_round = current_round()
    if survey_round is None or survey_round.status != RoundStatus.OPEN:
        return render_template("survey/form.html", survey_round=None)
    values, errors = request.form, {}
    if request.method == "POST":
        data, blocks = form_fields.payload_from_form(
            request.form, finished_at=datetime.now(UTC).isoformat(timespec="seconds"))
        receipt = responses.receive_and_commit(data, current_user)
        if receipt.status in (200, 201):
            flash(_("The response was received. Thank you."), "success")
            return redirect(url_for("survey.home"))
        if receipt.status == 409:
            # The first copy of this page was stored; sending it changed is refused, never doubled.
            flash(receipt.body.get("message") or _("This response was already sent."), "error")
            return redirect(url_for("survey.home"))
        errors = {form_fields.field_name(path, blocks): message
                  for path, message in receipt.body.get("fields", {}).items()}
    return form_page(survey_round, values, errors), 422 if errors else 200


def form_page(survey_round, values, errors: dict, *, blocks: list[int] | None = None,
              edit=None, message: str | None = None) -> str:
    """The questionnaire, for a new response or (``edit``: the version it replaces) an edit.

    ``values`` are the fields to show: those posted back, or an edited version's answers.
    """
    return render_template(
        "survey/form.html", survey_round=survey_round, values=values, errors=errors,
        blocks=blocks if blocks is not None else _block_numbers(values), fields=form_fields,
        instance_id=values.get("instance_id") or str(uuid.uuid4()),
        started_at=values.get("started_at") or datetime.now(UTC).isoformat(timespec="seconds"),
        communes=_communes_by_district(survey_round), trades=_trades(), edit=edit,
        message=message, limits=household_rules.form_limits(datetime.now(UTC).year),
    )


@bp.route("/sw.js")
@allow(Role.SURVEYOR, Role.SUPERVISOR)
def service_worker():
    # Served under /survey/ so that its scope can be /survey/ without an extra header.
    script = (Path(current_app.static_folder) / "sw.js").read_bytes()
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@cache
def _shell_hash(static_folder: str) -> str:
    digest = hashlib.sha256()
    for name in SHELL_ASSETS:
        digest.update((Path(static_folder) / name).read_bytes())
    return digest.hexdigest()[:12]


@bp.context_processor
def outbox_panel() -> dict:
    """What the outbox panel of every survey page needs: the worker's version, and when
    the page was made, so a copy the worker serves offline can be told from a newer page."""
    return {"shell_version": _shell_hash(current_app.static_folder),
            "rendered_at_ms": int(time.time() * 1000)}


def _block_numbers(values) -> list[int]:
    """The member blocks to show: those posted back, else the fixed number a plain page offers."""
    posted = form_fields.blocks_in(values)
    return posted or list(range(form_fields.MEMBER_BLOCKS))


def _communes_by_district(survey_round) -> list[tuple[Region, list[Region]]]:
    ids = progress.area_communes(area_ids(current_user), survey_round.opens_on)
    communes = db.session.scalars(
        select(Region).where(Region.id.in_(ids)).options(joinedload(Region.parent))
    ).all()
    districts: dict[int, tuple[Region, list[Region]]] = {}
    for commune in sorted(communes, key=lambda c: vietnamese_key(c.name_vi)):
        districts.setdefault(commune.parent_id, (commune.parent, []))[1].append(commune)
    return sorted(districts.values(), key=lambda group: group[0].code)


def _trades() -> list[dict]:
    english = str(get_locale()) == "en"
    trades = db.session.scalars(select(Trade).where(Trade.active).order_by(Trade.code))
    return sorted(
        ({"code": t.code, "name": t.name_en if english else t.name_vi,
          "other_name": t.name_vi if english else t.name_en} for t in trades),
        key=lambda t: t["name"],
    )
