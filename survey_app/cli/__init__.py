"""``flask`` command groups, one per noun."""


def register(app) -> None:
    pass
