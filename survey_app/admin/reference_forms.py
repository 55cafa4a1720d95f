"""Forms for editing the reference tables."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from survey_app.fields import Checked, WholeNumberField
from survey_app.levels import LEVEL_LABELS
from survey_app.models import Level
from survey_app.services.reference_edits import check_code_free

# Amounts are 32-bit integers in the database; no support norm comes near a billion đồng.
MAX_VND = 1_000_000_000


class TradeForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    isced_f = StringField(
        _l("ISCED-F 2013 field"),
        validators=[DataRequired(), Regexp(r"^\d{4}$", message=_l("Enter exactly 4 digits."))],
    )
    group = StringField(_l("Group"), validators=[DataRequired(), Length(max=40)])
    typical_level = SelectField(
        _l("Typical level"),
        choices=[SelectChoice(level.value, label) for level, label in LEVEL_LABELS.items()],
        coerce=Level,
    )
    typical_duration_months = WholeNumberField(
        _l("Typical duration (months)"), validators=[InputRequired()], low=1, high=36
    )
    active = BooleanField(_l("Offered (shown to surveyors)"))

    # The fields the service receives, in the order shown.
    EDITABLE = ("name_vi", "name_en", "isced_f", "group", "typical_level",
                "typical_duration_months", "active")


class NewTradeForm(TradeForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=10),
                    Regexp(r"^[A-Za-z0-9_-]+$",
                           message=_l("Use letters, digits, dashes or underscores only.")),
                    Checked(check_code_free)],
    )

    EDITABLE = ("code", *TradeForm.EDITABLE)


class SupportNormForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=300)])
    max_training_support_vnd = WholeNumberField(
        _l("Maximum training support (VND per learner and course)"),
        validators=[InputRequired()], high=MAX_VND,
    )
    rank = WholeNumberField(
        _l("Rank (1 = applies first)"), validators=[InputRequired()], low=1, high=100
    )

    EDITABLE = ("name_vi", "name_en", "max_training_support_vnd", "rank")


class AllowanceForm(FlaskForm):
    amount_vnd = WholeNumberField(_l("Amount (VND)"), validators=[InputRequired()], high=MAX_VND)
    unit = StringField(_l("Unit"), validators=[DataRequired(), Length(max=200)])
    condition = StringField(_l("Condition"), validators=[DataRequired(), Length(max=300)])
    source = StringField(_l("Legal source"), validators=[DataRequired(), Length(max=200)])

    EDITABLE = ("amount_vnd", "unit", "condition", "source")


class ClassRuleForm(FlaskForm):
    max_learners = WholeNumberField(
        _l("Maximum learners per class"), validators=[InputRequired()], low=1, high=100
    )
    source = StringField(_l("Legal source"), validators=[DataRequired(), Length(max=200)])

    EDITABLE = ("max_learners", "source")
