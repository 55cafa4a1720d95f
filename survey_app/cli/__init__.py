"""``flask`` command groups, one per noun: reference, users, rounds, demo."""


def register(app) -> None:
    from survey_app.cli import demo, reference, rounds, users

    for group in (reference.group, users.group, rounds.group, demo.group):
        app.cli.add_command(group)
