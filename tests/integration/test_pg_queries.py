"""On PostgreSQL the hottest reads skip SQLAlchemy: they must answer exactly as the general ones."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.bugs.state import Priority, Status
from projections.queries import BugFilters, ReadModels
from tests.integration.read_side_support import Tracker, tracker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.anyio,
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]


async def a_busy_project(t: Tracker) -> dict[str, Any]:
    project = (await t.projects.create(t.context(), name="Apollo")).aggregate_id
    mia = await t.member("Mia")
    bugs = []
    for n in range(12):
        title = ["Crash on save", "50% off_by_one", "Login \\ slow"][n % 3] + f" {n}"
        bug = (
            await t.bugs.report(
                t.context(),
                project_id=project,
                title=title,
                description="d",
                priority=list(Priority)[n % 4],
            )
        ).aggregate_id
        bugs.append(bug)
        if n % 2:
            await t.bugs.assign(t.context(), bug, mia.user_id)
        if n % 4 == 1:
            await t.bugs.transition(t.context(), bug, Status.IN_PROGRESS)
        if n % 3 == 0:
            await t.bugs.add_comment(t.context(), bug, f"first on {n}")
            await t.bugs.add_comment(t.context(mia), bug, f"second on {n}")
    await t.bugs.move(t.context(), bugs[4], to_status=Status.OPEN, after_id=bugs[8])
    await t.users.rename(t.context(), mia.user_id, "Mia Wong")
    return {"project": project, "bugs": bugs, "mia": mia.user_id}


async def test_the_fast_reads_answer_exactly_as_the_general_ones(engine: AsyncEngine) -> None:
    t = await tracker(engine)
    try:
        seen = await a_busy_project(t)
        fast, general = t.reads, ReadModels(engine)
        assert fast is not general

        for user_id in (t.admin.user_id, seen["mia"], 999):
            assert await fast.find_actor(user_id) == await general.find_actor(user_id)
        for bug_id in [*seen["bugs"], 999]:
            assert await fast.get_bug(bug_id) == await general.get_bug(bug_id)
            assert await fast.get_bug_detail(bug_id) == await general.get_bug_detail(bug_id)
        for comment_id in range(1, 12):
            assert await fast.get_comment(comment_id) == await general.get_comment(comment_id)

        for project_id in (seen["project"], 999):
            assert await fast.get_project(project_id) == await general.get_project(project_id)
        project = await general.get_project(seen["project"])
        assert project is not None
        for filters in (
            BugFilters(),
            BugFilters(priority="high"),
            BugFilters(assignee_id=seen["mia"]),
            BugFilters(assignee_id="none"),
            BugFilters(q="50%"),
            BugFilters(q="off_by"),
            BugFilters(q="login \\"),
            BugFilters(q="CRASH", priority="low", assignee_id="none"),
        ):
            for limit, offset in ((100, 0), (2, 0), (2, 3)):
                expected = await general.board(
                    project, filters, limit_per_column=limit, offset=offset
                )
                answer = await fast.board(project, filters, limit_per_column=limit, offset=offset)
                assert answer == expected, filters
    finally:
        await t.close()


async def test_a_detail_lists_the_assignee_and_comments_in_order(engine: AsyncEngine) -> None:
    t = await tracker(engine)
    try:
        seen = await a_busy_project(t)
        detail = await t.reads.get_bug_detail(seen["bugs"][3])
        assert detail is not None
        assert detail.assignee is not None
        assert detail.assignee.name == "Mia Wong"
        assert [c.text for c in detail.comments] == ["first on 3", "second on 3"]
        assert [c.author_name for c in detail.comments] == ["Ada", "Mia Wong"]
    finally:
        await t.close()
