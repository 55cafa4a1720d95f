import pytest

from survey_app.models import Role


@pytest.fixture
def admin(login_as):
    """An administrator, signed in."""
    return login_as(Role.ADMIN, username="quantri")
