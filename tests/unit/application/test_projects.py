"""Project use cases."""

import pytest

from application.handling import fold
from domain.errors import InvalidValueError, NotFoundError
from domain.ids import project_stream
from domain.projects.model import project_decider
from tests import builders as b
from tests.builders import SEEDED_PROJECT_ID
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio


async def test_projects_get_consecutive_ids(app: FakeApp) -> None:
    created = await app.projects.create(b.context(b.admin()), name="Payments", description="$")

    assert created.aggregate_id == SEEDED_PROJECT_ID + 1


async def test_editing_a_project_renames_and_describes_it_in_one_append(app: FakeApp) -> None:
    outcome = await app.projects.edit(
        b.context(b.admin()), SEEDED_PROJECT_ID, name="Payments", description="Money in"
    )

    project = fold(project_decider, await app.store.read_stream(project_stream(SEEDED_PROJECT_ID)))
    assert project is not None
    assert (project.name, project.description, outcome.event_count) == ("Payments", "Money in", 2)


async def test_an_edit_that_changes_nothing_appends_nothing(app: FakeApp) -> None:
    outcome = await app.projects.edit(b.context(b.admin()), SEEDED_PROJECT_ID, name=b.PROJECT_NAME)

    assert outcome.event_count == 0


async def test_a_project_that_does_not_exist_is_named(app: FakeApp) -> None:
    with pytest.raises(NotFoundError, match=r"^Project 99 not found$"):
        await app.projects.edit(b.context(b.admin()), 99, name="Payments")


async def test_a_blank_project_name_is_refused_and_uses_up_no_id(app: FakeApp) -> None:
    with pytest.raises(InvalidValueError):
        await app.projects.create(b.context(b.admin()), name="   ")

    created = await app.projects.create(b.context(b.admin()), name="Payments")
    assert created.aggregate_id == SEEDED_PROJECT_ID + 1
