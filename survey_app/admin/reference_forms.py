"""Forms for editing the reference tables."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from survey_app.admin.reference_labels import LEVEL_LABELS
from survey_app.models import Level

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
    typical_duration_months = IntegerField(
        _l("Typical duration (months)"), validators=[InputRequired(), NumberRange(min=1, max=36)]
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
                           message=_l("Use letters, digits, dashes or underscores only."))],
    )

    EDITABLE = ("code", *TradeForm.EDITABLE)


class SupportNormForm(FlaskForm):
    name_vi = StringField(_l("Name (Vietnamese)"), validators=[DataRequired(), Length(max=300)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=300)])
    max_training_support_vnd = IntegerField(
        _l("Maximum training support (VND per learner and course)"),
        validators=[InputRequired(), NumberRange(min=0, max=MAX_VND)],
    )
    rank = IntegerField(
        _l("Rank (1 = applies first)"), validators=[InputRequired(), NumberRange(min=1, max=100)]
    )

    EDITABLE = ("name_vi", "name_en", "max_training_support_vnd", "rank")


class AllowanceForm(FlaskForm):
    amount_vnd = IntegerField(
        _l("Amount (VND)"), validators=[InputRequired(), NumberRange(min=0, max=MAX_VND)]
    )
    unit = StringField(_l("Unit"), validators=[DataRequired(), Length(max=200)])
    condition = StringField(_l("Condition"), validators=[DataRequired(), Length(max=300)])
    source = StringField(_l("Legal source"), validators=[DataRequired(), Length(max=200)])

    EDITABLE = ("amount_vnd", "unit", "condition", "source")


class ClassRuleForm(FlaskForm):
    max_learners = IntegerField(
        _l("Maximum learners per class"), validators=[InputRequired(), NumberRange(min=1, max=100)]
    )
    source = StringField(_l("Legal source"), validators=[DataRequired(), Length(max=200)])

    EDITABLE = ("max_learners", "source")
