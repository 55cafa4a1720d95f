"""What the audit log's codes mean, in the reader's language: actions, actors, the records
entries name and the keys of their details."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "signin": _l("Signed in"),
    "signin.failed": _l("Failed sign-in"),
    "signout": _l("Signed out"),
    "user.create": _l("Account created"),
    "user.update": _l("Account changed"),
    "user.password_reset": _l("Password reset"),
    "user.deactivate": _l("Account deactivated"),
    "user.activate": _l("Account reactivated"),
    "user.areas": _l("Assigned areas changed"),
    "reference.load": _l("Reference data loaded"),
    "reference.trade.create": _l("Trade added"),
    "reference.trade.update": _l("Trade changed"),
    "reference.norm.update": _l("Support norm changed"),
    "reference.allowance.update": _l("Allowance changed"),
    "reference.class_rule.update": _l("Class size limit changed"),
    "round.create": _l("Survey round created"),
    "round.update": _l("Survey round changed"),
    "round.status": _l("Survey round opened or closed"),
    "round.targets": _l("Commune targets changed"),
    "response.approve": _l("Response approved"),
    "response.send_back": _l("Response sent back"),
    "response.reject": _l("Response rejected"),
    "demo.load": _l("Demo data loaded"),
    "invitation.create": _l("Business invited"),
    "invitation.import": _l("Business invitations uploaded"),
    "invitation.revoke": _l("Invitation link revoked"),
    "invitation.reissue": _l("Invitation link re-issued"),
    "invitation.export": _l("Businesses not yet answered exported"),
    "invitation.opened": _l("Business opened its survey link"),
    "business_response.save": _l("Business saved a draft"),
    "business_response.submit": _l("Business sent its answers"),
    "business.token_failed": _l("Unknown or revoked business link tried"),
    "business.registration": _l("Business registration tried"),
    "plan.request": _l("Course plan requested"),
    "response.import": _l("Household questionnaires imported"),
    "business_response.import": _l("Business questionnaires imported"),
    "export": _l("Data exported (de-identified)"),
    "export.identified": _l("Data exported with names and phone numbers"),
    "export.download": _l("Excel file with names and phone numbers downloaded"),
}


def action_label(action: str) -> str:
    """The label of ``action``, or the code itself for an action added without one."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


# Who acts without an account (models/audit.py): the visitor not signed in, the command line.
ACTOR_LABELS = {
    "anonymous": _l("Not signed in"),
    "cli": _l("Command line on the server"),
}
INVITATION_ACTOR = "invitation:"


def actor_label(actor: str) -> str:
    """Who acted, in the reader's language: a username as it is, a business by its invitation
    (services/business_responses.actor)."""
    if actor.startswith(INVITATION_ACTOR):
        return _("Business, through invitation %(number)s",
                 number=actor.removeprefix(INVITATION_ACTOR))
    label = ACTOR_LABELS.get(actor)
    return str(label) if label is not None else actor


# How an entry names its record, by the record's table; %(name)s is filled by admin/audit.py.
SUBJECT_LABELS = {
    "user_account": _l("Account %(name)s"),
    "survey_round": _l("Survey round “%(name)s”"),
    "trade": _l("Trade %(name)s"),
    "support_norm": _l("Support norm “%(name)s”"),
    "allowance": _l("Allowance “%(name)s”"),
    "class_rule": _l("Class size limit “%(name)s”"),
    "plan": _l("Plan %(name)s"),
    "invitation": _l("Invitation of “%(name)s”"),
    "household_response": _l("Household questionnaire %(name)s"),
    "business_response": _l("Questionnaire of “%(name)s”"),
    "data_export": _l("Export file %(name)s"),
}

# The keys services write into an entry's details (audit.record(..., key=value)). The labels
# are those of the forms the values come from, where there is one.
DETAIL_LABELS = {
    # Accounts: services/users.py
    "username": _l("Username"),
    "full_name": _l("Full name"),
    "role": _l("Role"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "active": _l("Active"),
    # Survey rounds: services/round_admin.py
    "name": _l("Name"),
    "year": _l("Year"),
    "opens_on": _l("Opens on"),
    "closes_on": _l("Closes on"),
    "status": _l("Status"),
    "open_registration": _l("Businesses may register themselves"),
    "reason": _l("Reason"),
    "total": _l("Households to survey in all"),
    # Reference data: services/reference_edits.py, cli/reference.py
    "code": _l("Code"),
    "name_vi": _l("Name (Vietnamese)"),
    "name_en": _l("Name (English)"),
    "isced_f": _l("ISCED-F 2013 field"),
    "group": _l("Group"),
    "typical_level": _l("Typical level"),
    "typical_duration_months": _l("Typical duration (months)"),
    "max_training_support_vnd": _l("Maximum training support (VND per learner and course)"),
    "rank": _l("Rank (1 = applies first)"),
    "amount_vnd": _l("Amount (VND)"),
    "unit": _l("Unit"),
    "condition": _l("Condition"),
    "source": _l("Legal source"),
    "max_learners": _l("Maximum learners per class"),
    "directory": _l("Folder"),
    "counts": _l("Rows loaded"),
    # Reviews, invitations, business answers, imports, exports, plans, the demo
    "comment": _l("Comment"),
    "instance_id": _l("Questionnaire ID"),
    "business": _l("Business"),
    "business_id": _l("Business number"),
    "tax_code": _l("Tax code"),
    "invitation_id": _l("Invitation number"),
    "version": _l("Version"),
    "outcome": _l("Result"),
    "round": _l("Survey round number"),
    "surveyor": _l("Surveyor"),
    "rows": _l("Rows in the file"),
    "created": _l("Invitations created"),
    "stored": _l("Questionnaires stored"),
    "already_stored": _l("Stored before"),
    "bad_lines": _l("Lines with errors"),
    "all_or_nothing": _l("Nothing kept if a line has errors"),
    "dataset": _l("Data"),
    "format": _l("File type"),
    "purpose": _l("Purpose"),
    "district": _l("District number"),
    "q": _l("Search"),
    "households": _l("Households"),
    "businesses": _l("Businesses"),
    "seed": _l("Random seed"),
}

# Codes some details hold, by key; a code not listed is shown as it is.
SIGNIN_FAILURES = {
    "bad": _l("Wrong username or password"),
    "inactive": _l("The account is deactivated"),
    "throttled": _l("Too many attempts"),
}
REGISTRATION_OUTCOMES = {
    "created": _l("Registered: survey link given"),
    "invited": _l("Already invited: no new link"),
    "answered": _l("Already answered: no new link"),
}
