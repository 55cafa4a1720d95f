"""``flask`` command groups, one per noun: reference, users, demo."""


def register(app) -> None:
    from survey_app.cli import demo, reference, users

    for group in (reference.group, users.group, demo.group):
        app.cli.add_command(group)
