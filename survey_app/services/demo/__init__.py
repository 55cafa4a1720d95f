"""The demo data set: one open survey round with believable Hà Giang answers.

Everything is drawn from one seed (numpy ``default_rng``): the same seed gives
the same rows, identifiers and timestamps, whatever the database and its ids.
What the draws follow (what each district wants, who lives there, which
employers are where, the demo accounts) is data, in ``data/demo_profiles.json``.

Reference data (regions, trades) must be loaded first; the demo never loads it.

Answer codes used where the schema has free strings (the survey form should use
the same): education none | primary | lower_secondary | upper_secondary |
vocational | college_university; current_work farming | wage_work |
self_employed | unemployed | housework | student; main_livelihood crops |
livestock | forestry | wage_work | trade_services | tourism | public_sector |
remittances; business size_band micro | small | medium | large; ownership
private | cooperative | state | foreign | household.

Modules: ``profiles`` (the profiles file and the reference rows it names),
``draw`` (seeded draws, names, local times, the household allocation),
``accounts``, ``households``, ``businesses``, ``links`` (invitation tokens
derived from the seed, so that demo links open), ``bulk`` (inserts with ids set
by hand) and ``round`` (the load itself).
"""

from survey_app.services.demo.accounts import DemoAccount, demo_accounts, demo_password
from survey_app.services.demo.links import working_links
from survey_app.services.demo.profiles import PROFILES_PATH, DemoError, read_profiles
from survey_app.services.demo.round import DemoSummary, load, not_empty_reason

__all__ = [
    "PROFILES_PATH",
    "DemoAccount",
    "DemoError",
    "DemoSummary",
    "demo_accounts",
    "demo_password",
    "load",
    "not_empty_reason",
    "read_profiles",
    "working_links",
]
