"""The read models stay equal to a replay of the log, whatever happens, on both databases."""

import asyncio
import random
from datetime import timedelta

import pytest
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import ApplicationError
from domain.bugs.state import Priority, Status
from domain.errors import DomainError
from domain.users.model import Role
from projections.queries import BugFilters
from projections.tables import LIVE
from tests.integration.read_side_support import Tracker, tracker

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "report",
                "assign",
                "unassign",
                "note",
                "advance",
                "move",
                "comment",
                "edit_comment",
                "delete_comment",
                "edit",
                "rename_project",
                "block",
                "unblock",
                "promote",
            ]
        ),
        st.integers(min_value=0, max_value=1_000),
    ),
    min_size=5,
    max_size=40,
)


async def run_step(t: Tracker, state: dict[str, list[int]], step: str, n: int) -> None:
    """One command chosen by hypothesis; refusals by the rules are part of the game."""
    bugs, users, comments = state["bugs"], state["users"], state["comments"]
    bug = bugs[n % len(bugs)] if bugs else None
    user = users[n % len(users)] if users else t.admin.user_id
    ctx = t.context()
    try:
        if step == "report" or bug is None:
            outcome = await t.bugs.report(
                ctx,
                project_id=state["projects"][n % 2],
                title=f"Bug {n}",
                description="d",
                priority=list(Priority)[n % 4],
            )
            bugs.append(outcome.aggregate_id)
        elif step == "assign":
            await t.bugs.assign(ctx, bug, user)
        elif step == "unassign":
            await t.bugs.unassign(ctx, bug)
        elif step == "note":
            await t.bugs.note_resolution(ctx, bug, f"note {n}")
        elif step == "advance":
            current = await t.reads.get_bug(bug)
            assert current is not None
            order = [status.value for status in Status]
            index = order.index(current.status)
            if index < len(order) - 1:
                await t.bugs.transition(ctx, bug, Status(order[index + 1]))
        elif step == "move":
            neighbour = bugs[(n + 1) % len(bugs)]
            current = await t.reads.get_bug(neighbour)
            assert current is not None
            await t.bugs.move(
                ctx,
                bug,
                to_status=Status(current.status),
                after_id=neighbour if neighbour != bug else None,
            )
        elif step == "comment":
            outcome = await t.bugs.add_comment(ctx, bug, f"comment {n}")
            comments.append(outcome.aggregate_id)
        elif step in ("edit_comment", "delete_comment") and comments:
            comment_id = comments[n % len(comments)]
            found = await t.reads.get_comment(comment_id)
            if found is not None:
                if step == "edit_comment":
                    await t.bugs.edit_comment(ctx, found.bug_id, comment_id, f"edited {n}")
                else:
                    await t.bugs.delete_comment(ctx, found.bug_id, comment_id)
        elif step == "edit":
            await t.bugs.update(ctx, bug, title=f"Title {n}", priority=list(Priority)[n % 4])
        elif step == "rename_project":
            await t.projects.edit(ctx, state["projects"][n % 2], name=f"Project {n}")
        elif step == "block" and users:
            await t.users.block(ctx, user)
        elif step == "unblock" and users:
            await t.users.unblock(ctx, user)
        elif step == "promote" and users:
            await t.users.change_role(ctx, user, random.Random(n).choice(list(Role)))
    except (DomainError, ApplicationError):
        pass


async def seeded(engine: AsyncEngine) -> tuple[Tracker, dict[str, list[int]]]:
    t = await tracker(engine)
    projects = [
        (await t.projects.create(t.context(), name=name)).aggregate_id for name in ("A", "B")
    ]
    users = [(await t.member(name)).user_id for name in ("Mia", "Noor")]
    return t, {"projects": projects, "users": users, "bugs": [], "comments": []}


async def test_a_rebuild_while_writes_continue_loses_nothing(engine: AsyncEngine) -> None:
    t, state = await seeded(engine)
    for n in range(30):
        await run_step(t, state, "report", n)
        await run_step(t, state, "comment", n)

    async def keep_writing() -> int:
        written = 0
        for n in range(60):
            await run_step(t, state, ["comment", "assign", "advance", "edit"][n % 4], n)
            written += 1
            await asyncio.sleep(0)
        return written

    writer = asyncio.create_task(keep_writing())
    position = await t.replayer.rebuild()
    await writer
    assert position > 0
    diffs = await t.replayer.verify()
    assert [diff.table for diff in diffs if not diff.clean] == []
    async with engine.connect() as conn:
        history_rows = await conn.scalar(select(func.count()).select_from(LIVE.history))
    assert history_rows == await t.store.head_position()


async def test_a_bug_as_of_a_past_instant_shows_the_state_then(engine: AsyncEngine) -> None:
    t, state = await seeded(engine)
    member = state["users"][0]
    bug_id = (
        await t.bugs.report(
            t.context(), project_id=state["projects"][0], title="Old", description="d"
        )
    ).aggregate_id
    reported_at = t.clock.now()
    await t.bugs.update(t.context(), bug_id, title="New", assignee_id=member)
    await t.bugs.transition(t.context(), bug_id, Status.IN_PROGRESS)
    started_at = t.clock.now()
    await t.bugs.add_comment(t.context(), bug_id, "on it")
    await t.bugs.note_resolution(t.context(), bug_id, "fixed")
    await t.bugs.transition(t.context(), bug_id, Status.RESOLVED)

    then = await t.time_travel.bug(bug_id, reported_at)
    assert then is not None
    assert (then.title, then.status, then.assignee_id, then.comments) == ("Old", "open", None, [])
    middle = await t.time_travel.bug(bug_id, started_at)
    assert middle is not None
    assert (middle.title, middle.status, middle.assignee_id) == ("New", "in_progress", member)
    assert middle.comments == []
    now = await t.time_travel.bug(bug_id, t.clock.now())
    live = await t.reads.get_bug_detail(bug_id)
    assert now is not None
    assert live is not None
    assert (now.status, now.resolution_note, [c.text for c in now.comments]) == (
        "resolved",
        "fixed",
        ["on it"],
    )
    assert (now.status, now.version, now.comment_count) == (live.status, live.version, 1)
    assert await t.time_travel.bug(bug_id, reported_at - timedelta(seconds=10)) is None


async def test_the_board_as_of_a_past_instant_shows_the_columns_then(engine: AsyncEngine) -> None:
    t, state = await seeded(engine)
    project_id = state["projects"][0]
    ids = [
        (
            await t.bugs.report(t.context(), project_id=project_id, title=f"B{n}", description="d")
        ).aggregate_id
        for n in range(3)
    ]
    before = t.clock.now()
    await t.bugs.assign(t.context(), ids[0], state["users"][0])
    await t.bugs.transition(t.context(), ids[0], Status.IN_PROGRESS)

    past = await t.time_travel.board(project_id, before, BugFilters(), 100)
    assert past is not None
    assert [(column.status, column.count) for column in past.columns] == [
        ("open", 3),
        ("in_progress", 0),
        ("resolved", 0),
        ("closed", 0),
    ]
    present = await t.time_travel.board(project_id, t.clock.now(), BugFilters(), 100)
    project = await t.reads.get_project(project_id)
    assert present is not None
    assert project is not None
    live = await t.reads.board(project, BugFilters(), limit_per_column=100)
    assert [[card.id for card in column.cards] for column in present.columns] == [
        [card.id for card in column.cards] for column in live.columns
    ]
