"""Every command speaks the site's language, Vietnamese, or the one given with --language
(survey_app/cli/common.py); the tests of each command check its own messages."""


def test_every_command_of_ours_takes_the_language_option(app, runner):
    ours = {name: group for name, group in app.cli.commands.items() if name != "db"}  # Migrate's

    assert set(ours) == {"reference", "users", "rounds", "demo", "plan", "responses"}
    for group in ours.values():
        for command in group.commands.values():
            options = {name for param in command.params for name in param.opts}
            assert "--language" in options, f"{group.name} {command.name}"
    refused = runner.invoke(args=["rounds", "list", "--language", "fr"])
    assert refused.exit_code == 2 and "'vi', 'en'" in refused.output
