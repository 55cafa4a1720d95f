"""``flask`` command groups, one per noun: reference, users, rounds, demo, plan,
responses."""


def register(app) -> None:
    from survey_app.cli import demo, plans, reference, responses, rounds, users

    for group in (reference.group, users.group, rounds.group, demo.group, plans.group,
                  responses.group):
        app.cli.add_command(group)
