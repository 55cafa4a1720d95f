"""Admin edits of the reference tables, each one audited with before and after."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Allowance, ClassRule, SupportNorm, Trade, User
from survey_app.services import audit
from survey_app.services.errors import FieldError


class DuplicateCodeError(FieldError):
    """A trade with this code exists already."""

    def __init__(self):
        super().__init__("code", _l("A trade with this code exists already."))


def check_code_free(code: str) -> str:
    """``code`` if no trade has it yet; DuplicateCodeError if one has."""
    if db.session.scalar(select(Trade.id).where(Trade.code == code)) is not None:
        raise DuplicateCodeError
    return code


def create_trade(values: dict, *, user: User) -> Trade:
    """Add a trade with ``values``, code included; DuplicateCodeError if the code is taken."""
    check_code_free(values["code"])
    trade = Trade(**values)
    db.session.add(trade)
    db.session.flush()
    audit.record("reference.trade.create", user=user, obj=trade, after=_jsonable(values))
    return trade


def update_trade(trade: Trade, values: dict, *, user: User) -> dict:
    return _update(trade, values, user=user, action="reference.trade.update")


def update_norm(norm: SupportNorm, values: dict, *, user: User) -> dict:
    return _update(norm, values, user=user, action="reference.norm.update")


def update_allowance(allowance: Allowance, values: dict, *, user: User) -> dict:
    return _update(allowance, values, user=user, action="reference.allowance.update")


def update_class_rule(rule: ClassRule, values: dict, *, user: User) -> dict:
    return _update(rule, values, user=user, action="reference.class_rule.update")


def _update(row, values: dict, *, user: User, action: str) -> dict:
    """Set ``values`` on ``row``; audit and return the fields that changed (empty if none)."""
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if not changed:
        return {}
    before = {name: getattr(row, name) for name in changed}
    for name, value in changed.items():
        setattr(row, name, value)
    db.session.flush()
    audit.record(action, user=user, obj=row, before=_jsonable(before), after=_jsonable(changed))
    return changed


def _jsonable(values: dict) -> dict:
    # Enum members are str subclasses, but keep plain values in the JSON column.
    return {name: getattr(value, "value", value) for name, value in values.items()}
