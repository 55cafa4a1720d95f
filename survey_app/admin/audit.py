"""The audit log page: each entry as an admin reads it, with no code, table name or JSON.

Details become labelled pairs (audit_labels.DETAIL_LABELS), "before → after" for a change;
long lists are counted rather than listed, so a round's 193 commune targets read "193
communes". The record is named as its own page names it, with a link where an admin has one.
"""

from dataclasses import dataclass
from datetime import date

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from wtforms import SelectChoice

from survey_app.access import allow
from survey_app.admin import reference_labels as labels
from survey_app.admin.audit_labels import (
    DETAIL_LABELS,
    REGISTRATION_OUTCOMES,
    SIGNIN_FAILURES,
    SUBJECT_LABELS,
    action_label,
    actor_label,
)
from survey_app.admin.rounds import STATUS_LABELS as ROUND_STATUS_LABELS
from survey_app.admin.user_forms import AuditFilterForm
from survey_app.admin.views import bp
from survey_app.extensions import db
from survey_app.i18n import date as format_date
from survey_app.i18n import number
from survey_app.models import AuditEntry, Role
from survey_app.paging import requested_page
from survey_app.services import audit as audit_service
from survey_app.services.exports import DATASETS
from survey_app.services.invitations import STATUS_LABELS as INVITATION_STATUS_LABELS
from survey_app.templating import ROLE_LABELS
from survey_app.text import vietnamese_key

PER_PAGE = 50
# Past this many items a list is counted, not listed.
LIST_MAX = 3
TEXT_MAX = 200

# Codes in details, by key: round and invitation statuses share "status" but no code.
VALUE_LABELS = {
    "status": {**ROUND_STATUS_LABELS, **INVITATION_STATUS_LABELS},
    "role": ROLE_LABELS,
    "typical_level": labels.LEVEL_LABELS,
    "group": labels.TRADE_GROUPS,
    "reason": SIGNIN_FAILURES,
    "outcome": REGISTRATION_OUTCOMES,
    "dataset": {name: dataset.title for name, dataset in DATASETS.items()},
}
DATE_KEYS = {"opens_on", "closes_on"}
# Kept to name the record if it goes; the record column shows the name already.
NAMING_KEYS = {"name", "username"}


@dataclass(frozen=True)
class Subject:
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    action: str
    actor: str
    subject: Subject | None
    details: list[tuple[str, str]]


@bp.route("/audit")
@allow(Role.ADMIN)
def audit():
    form = AuditFilterForm(request.args)
    named = {action: str(action_label(action))
             for action in db.session.scalars(select(AuditEntry.action).distinct())}
    form.action.choices = [SelectChoice("", _("All actions"))] + [
        SelectChoice(action, label)
        for action, label in sorted(named.items(), key=lambda item: vietnamese_key(item[1]))
    ]
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    filters = {}
    if form.validate():
        username = (form.username.data or "").strip().lower()
        filters = {"action": form.action.data or None, "username": username or None}
        if form.action.data:
            query = query.where(AuditEntry.action == form.action.data)
        if username:
            query = query.where(func.lower(AuditEntry.actor) == username)
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    found = audit_service.subjects(page.items)
    rows = [Row(entry, action_label(entry.action), actor_label(entry.actor),
                subject(entry, found.get((entry.object_type, entry.object_id))),
                detail_pairs(entry.action, entry.details or {}))
            for entry in page.items]
    return render_template("admin/audit.html", form=form, page=page, rows=rows, filters=filters)


# Each record's name, and its admin page where it has one (plans, invitations, responses and
# exports have planners' or supervisors' pages only).
NAMES_AND_PAGES = {
    "user_account": lambda user: (user.username, url_for("admin.user_edit", user_id=user.id)),
    "survey_round": lambda survey_round: (
        survey_round.name, url_for("admin.round_edit", round_id=survey_round.id)),
    "trade": lambda trade: (f"{trade.code} · {labels.localised(trade)}",
                            url_for("admin.trade_edit", trade_id=trade.id)),
    "support_norm": lambda norm: (labels.localised(norm),
                                  url_for("admin.norm_edit", norm_id=norm.id)),
    "allowance": lambda allowance: (labels.label(labels.ALLOWANCES, allowance.code),
                                    url_for("admin.allowance_edit", allowance_id=allowance.id)),
    "class_rule": lambda rule: (labels.class_rule_name(rule),
                                url_for("admin.class_rule_edit", rule_id=rule.id)),
    "plan": lambda plan: (str(plan.id), None),
    "invitation": lambda invitation: (invitation.business.name, None),
    "household_response": lambda response: (str(response.id), None),
    "business_response": lambda response: (response.business.name, None),
    "data_export": lambda export: (str(export.id), None),
}


def subject(entry: AuditEntry, record) -> Subject | None:
    """The record ``entry`` names, as its page names it; ``record`` is None once deleted."""
    if not entry.object_type:
        return None
    label = SUBJECT_LABELS.get(entry.object_type)
    if label is None:
        return Subject(_("Record %(number)s", number=entry.object_id))
    if record is None:
        details = entry.details or {}
        # The name the entry kept, else its number.
        name = details.get("name") or details.get("username") or entry.object_id
        return Subject(str(label) % {"name": name})
    name, url = NAMES_AND_PAGES[entry.object_type](record)
    return Subject(str(label) % {"name": name}, url)


def detail_pairs(action: str, details: dict) -> list[tuple[str, str]]:
    """``details`` as (label, value) pairs, a changed value as "before → after"."""
    details = dict(details)
    before, after = details.pop("before", None), details.pop("after", None)
    pairs = []
    summary = SUMMARIES.get(action)
    if summary is not None:
        pairs.extend(summary(before or {}, after or {}))
    elif isinstance(after, dict):
        before = before if isinstance(before, dict) else {}
        pairs.extend(
            (key_label(key), f"{value_text(key, before[key])} → {value_text(key, value)}"
             if key in before else value_text(key, value))
            for key, value in after.items())
    pairs.extend((key_label(key), value_text(key, value)) for key, value in details.items()
                 if key not in NAMING_KEYS and value is not None and value != "")
    return pairs


def key_label(key: str) -> str:
    label = DETAIL_LABELS.get(key)
    return str(label) if label is not None else key


def value_text(key: str, value) -> str:
    if key in FORMATTERS and value:
        return FORMATTERS[key](value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, dict) or (isinstance(value, list) and len(value) > LIST_MAX):
        return ngettext("%(count)s item", "%(count)s items", len(value),
                        count=number(len(value)))
    if isinstance(value, list):
        return ", ".join(value_text(key, item) for item in value)
    value = str(value)
    label = VALUE_LABELS.get(key, {}).get(value)
    if label is not None:
        return str(label)
    if key in DATE_KEYS:
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            pass
    return value if len(value) <= TEXT_MAX else value[:TEXT_MAX - 1] + "…"


def _targets(before: dict, after: dict) -> list[tuple[str, str]]:
    # Keyed by commune code: 193 of them would fill the screen.
    return [(_("Communes changed"),
             ngettext("%(count)s commune", "%(count)s communes", len(after),
                      count=number(len(after))))]


def _areas(before: list, after: list) -> list[tuple[str, str]]:
    # Region ids, meaningless to a reader: how many there were and are says what changed.
    return [(_("Areas"), f"{number(len(before))} → {number(len(after))}")]


def _load_counts(counts: dict) -> str:
    # cli/reference.py: {table: {"inserted": n, "updated": n, "unchanged": n}}.
    totals = {kind: sum(tally.get(kind, 0) for tally in counts.values() if isinstance(tally, dict))
              for kind in ("inserted", "updated", "unchanged")}
    return _("%(inserted)s inserted, %(updated)s updated, %(unchanged)s unchanged",
             **{kind: number(n) for kind, n in totals.items()})


# Actions whose before and after are summed up rather than listed.
SUMMARIES = {"round.targets": _targets, "user.areas": _areas}
# Keys whose value needs more than a label.
FORMATTERS = {"counts": _load_counts}
