"""What each audit action means, in the reader's language; the code stays beside it."""

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
