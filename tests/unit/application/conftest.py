import pytest

from tests.builders import seed_team
from tests.fakes import FakeApp


@pytest.fixture
async def app() -> FakeApp:
    """The use cases over fakes, with the seeded team (see ``seed_team``) and project #1."""
    seeded = FakeApp.create()
    await seed_team(seeded)
    return seeded
