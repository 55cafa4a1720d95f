"""How a plan's parameters read to a planner, the same on the plan form, the plan's page, the
compare picker and the PDF: one label per parameter (the form's, for those it offers) and each
value written out in the reader's language, with its numbers ("0,25", "2.000.000.000") and names
rather than codes ("Lớp thực hành", not practice_class)."""

from dataclasses import fields

from babel.numbers import format_compact_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from analysis.levels import LEVELS
from analysis.params import Parameters
from survey_app.admin.reference_labels import CLASS_KINDS
from survey_app.i18n import number
from survey_app.levels import level_label

# The parameters the plan form offers, first wherever parameters are listed.
ON_THE_FORM = ("grouping_unit", "choice_weights", "min_class_size", "budget_cap_vnd")

LABELS = {
    "grouping_unit": _l("Estimate demand by"),
    "choice_weights": _l("Choice weights"),
    "min_class_size": _l("Minimum class size"),
    "budget_cap_vnd": _l("Budget cap (VND)"),
    "zone_k_range": _l("Zones tried"),
    "min_silhouette": _l("Least silhouette to split into zones"),
    "silhouette_sample_size": _l("Areas sampled for the silhouette"),
    "zone_test_alpha": _l("Significance level of the zone test"),
    "top_trades": _l("Trades describing a zone"),
    "random_state": _l("Random seed"),
    "days_per_month": _l("Days of training a month (meals allowance)"),
    "cluster_radius_km": _l("Farthest class in a commune cluster (km)"),
    "district_radius_km": _l("Farthest class within the district (km)"),
    "class_rule": _l("Class size limit applied"),
    "level_duration_months": _l("Months of a course by level (not the trade's usual level)"),
    "unsupported_support_vnd": _l("Support for a learner in no support group (VND)"),
    "travel_km": _l("Travel allowance from (km)"),
    "travel_difficult_km": _l("Travel allowance for disabled learners or difficult communes "
                              "from (km)"),
    "score_weights": _l("Weights of the priority score"),
    "priority_max_rank": _l("Support groups counted as priority groups (ranks 1 to)"),
}

GROUPING_UNITS = {
    "district": _l("District"),
    "commune": _l("Commune (after the 2025 reform)"),
}


def rows(parameters: dict, names=None) -> list[tuple[str, str]]:
    """(label, value) of each parameter of ``parameters`` (``Parameters.to_dict()``, as a plan
    stores it) among ``names`` (all by default): the form's first, then in the order
    analysis/params.py lists them. One added after these labels shows its name."""
    order = [*ON_THE_FORM, *(f.name for f in fields(Parameters) if f.name not in ON_THE_FORM)]
    return [(str(LABELS.get(name, name)), value(name, parameters[name]))
            for name in order if name in parameters and (names is None or name in names)]


def value(name: str, given) -> str:
    """The parameter ``name``'s value ``given`` as a planner reads it."""
    if name == "grouping_unit":
        return str(GROUPING_UNITS.get(given, given))
    if name == "budget_cap_vnd" and given is None:
        return _("No cap")
    if name == "class_rule":
        return str(CLASS_KINDS.get(given, given))
    if name == "zone_k_range":
        return _("%(low)s to %(high)s", low=number(given[0]), high=number(given[1]))
    if name == "level_duration_months":
        return "; ".join(f"{level_label(level)} {number(months)}"
                         for level, months in zip(LEVELS, given, strict=False))
    if name == "score_weights":
        return _("demand %(demand)s; jobs %(jobs)s; priority groups %(priority)s",
                 demand=number(given[0]), jobs=number(given[1]), priority=number(given[2]))
    if isinstance(given, list | tuple):
        return "; ".join(number(item) for item in given)
    if isinstance(given, int | float) and not isinstance(given, bool):
        return number(given)
    return "—" if given is None else str(given)


def summary(stored: dict) -> str:
    """What tells a plan from the others, in a line: "theo xã · trần 2 tỷ đồng · lớp từ 10 người
    · chỉ phiếu đã duyệt · trọng số 1; 0,5; 0,25". ``stored`` is the plan's ``params``."""
    analysis = stored["analysis"]
    budget = analysis["budget_cap_vnd"]
    # What plans differ by most often first: a narrow select shows only the line's start.
    parts = [
        _("by commune") if analysis["grouping_unit"] == "commune" else _("by district"),
        _("no budget cap") if budget is None else _("cap %(amount)s VND", amount=(
            format_compact_decimal(budget, format_type="long", fraction_digits=2,
                                   locale=str(get_locale())))),
        _("classes of %(size)s or more", size=number(analysis["min_class_size"])),
        _("approved responses only") if stored["approved_only"] else _("responses not rejected"),
        _("weights %(weights)s", weights=value("choice_weights", analysis["choice_weights"])),
    ]
    return " · ".join(parts)
