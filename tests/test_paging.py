"""Every paged list answers any ``?page=``: a number past the end, negative or too large for
the database shows a page, never an error."""

import pytest

from survey_app.models import Role

DEMO = {"households": 20, "businesses": 2, "seed": 5}
LISTS = [
    (Role.ADMIN, "/admin/users/"),
    (Role.ADMIN, "/admin/audit"),
    (Role.PLANNER, "/planning/invitations/"),
    (Role.PLANNER, "/planning/plans"),
    (Role.SUPERVISOR, "/survey/review/"),
]


@pytest.mark.parametrize("role, url", LISTS)
def test_any_page_number_shows_a_page(client, login_as, demo_round, role, url):
    login_as(role)
    for number in ("99999999999999999999", "100001", "-3", "0", "deux"):
        response = client.get(f"{url}?page={number}")
        assert response.status_code == 200, (url, number)
