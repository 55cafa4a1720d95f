"""``flask`` command groups, one per noun: reference, users, rounds, demo, plan."""


def register(app) -> None:
    from survey_app.cli import demo, plans, reference, rounds, users

    for group in (reference.group, users.group, rounds.group, demo.group, plans.group):
        app.cli.add_command(group)
