"""Bug use cases over the in-memory store: report, edit, lifecycle, board moves, comments."""

from collections.abc import Awaitable, Callable

import pytest

from application.bugs import BugService
from application.context import CommandContext
from application.errors import BoardChangedError, PermissionDeniedError
from application.handling import fold
from domain.bugs.decider import bug_decider
from domain.bugs.events import BugRanked, BugStatusChanged
from domain.bugs.state import Bug, Priority, Status
from domain.errors import (
    AssigneeRequiredError,
    BugClosedError,
    InvalidTransitionError,
    InvalidValueError,
    NotFoundError,
    ResolutionNoteRequiredError,
)
from domain.ids import bug_stream
from tests import builders as b
from tests.builders import BLOCKED_ID, MEMBER_ID, OTHER_MEMBER_ID, SEEDED_PROJECT_ID
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio


async def report(app: FakeApp, *, project_id: int = SEEDED_PROJECT_ID) -> int:
    outcome = await app.bugs.report(
        b.context(b.admin()), project_id=project_id, title=b.TITLE, description=b.DESCRIPTION
    )
    return outcome.aggregate_id


async def a_bug_in(app: FakeApp, status: Status) -> int:
    """A bug walked to ``status`` by the admin, assigned to the member and with a note."""
    bug_id = await report(app)
    await app.bugs.assign(b.context(b.admin()), bug_id, MEMBER_ID)
    for step in list(Status)[1 : list(Status).index(status) + 1]:
        if step is Status.RESOLVED:
            await app.bugs.note_resolution(b.context(b.admin()), bug_id, b.NOTE)
        await app.bugs.transition(b.context(b.admin()), bug_id, step)
    return bug_id


async def the_bug(app: FakeApp, bug_id: int) -> Bug:
    bug = fold(bug_decider, await app.store.read_stream(bug_stream(bug_id)))
    assert bug is not None
    return bug


async def column_order(app: FakeApp, *bug_ids: int) -> list[int]:
    """The given cards as the board shows them: by rank, top first."""
    bugs = [await the_bug(app, bug_id) for bug_id in bug_ids]
    return [bug.id for bug in sorted(bugs, key=lambda bug: (bug.rank, bug.id))]


# -- reporting -------------------------------------------------------------------------------


async def test_bugs_get_consecutive_ids(app: FakeApp) -> None:
    assert [await report(app) for _ in range(3)] == [1, 2, 3]


async def test_a_bug_in_an_unknown_project_is_refused_and_uses_up_no_id(app: FakeApp) -> None:
    before = len(app.store.events)

    with pytest.raises(NotFoundError, match=r"^Project 99 not found$"):
        await report(app, project_id=99)

    assert len(app.store.events) == before
    assert await report(app) == 1


async def test_a_reported_bug_records_who_reported_it_when_and_under_which_command(
    app: FakeApp,
) -> None:
    context = b.context(b.admin(), correlation_id="req-7")

    outcome = await app.bugs.report(
        context, project_id=SEEDED_PROJECT_ID, title=b.TITLE, description=b.DESCRIPTION
    )

    recorded = app.store.events[-1]
    assert recorded.stream_id == bug_stream(outcome.aggregate_id) == outcome.stream_id
    assert (recorded.event.by, recorded.event.at) == (b.ADMIN_ID, app.clock.now())
    assert recorded.metadata.command_id == context.command_id
    assert recorded.metadata.correlation_id == "req-7"
    assert (outcome.version, outcome.event_count) == (1, 1)


# -- updating --------------------------------------------------------------------------------


async def test_an_update_of_several_fields_is_one_append(app: FakeApp) -> None:
    bug_id = await report(app)

    outcome = await app.bugs.update(
        b.context(b.admin()),
        bug_id,
        title="Renamed",
        priority=Priority.HIGH,
        assignee_id=MEMBER_ID,
        resolution_note="Known cause",
    )

    assert (outcome.event_count, outcome.version) == (4, 5)
    appended = app.store.events[-4:]
    assert [r.version for r in appended] == [2, 3, 4, 5]
    assert len({r.metadata.command_id for r in appended}) == 1
    bug = await the_bug(app, bug_id)
    assert (bug.title, bug.priority, bug.assignee_id, bug.resolution_note) == (
        "Renamed",
        Priority.HIGH,
        MEMBER_ID,
        "Known cause",
    )


async def test_an_update_with_one_bad_field_changes_nothing(app: FakeApp) -> None:
    bug_id = await report(app)
    before = len(app.store.events)

    with pytest.raises(InvalidValueError, match=r"^description must not be blank$"):
        await app.bugs.update(b.context(b.admin()), bug_id, title="Renamed", description="  ")

    assert len(app.store.events) == before


async def test_an_update_that_changes_nothing_appends_nothing(app: FakeApp) -> None:
    bug_id = await report(app)

    outcome = await app.bugs.update(b.context(b.admin()), bug_id, title=b.TITLE)

    assert (outcome.event_count, outcome.version) == (0, 1)


async def test_assigning_a_user_who_does_not_exist_is_refused(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(NotFoundError, match=r"^User 99 not found$"):
        await app.bugs.assign(b.context(b.admin()), bug_id, 99)
    with pytest.raises(NotFoundError, match=r"^User 99 not found$"):
        await app.bugs.update(b.context(b.admin()), bug_id, assignee_id=99)


async def test_a_blocked_user_cannot_be_assigned(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(InvalidValueError) as refused:
        await app.bugs.assign(b.context(b.admin()), bug_id, BLOCKED_ID)

    assert refused.value.message == f"User {BLOCKED_ID} is blocked and cannot be assigned"


async def test_an_admin_can_unassign_an_open_bug_but_not_one_in_progress(app: FakeApp) -> None:
    open_bug = await a_bug_in(app, Status.OPEN)
    started = await a_bug_in(app, Status.IN_PROGRESS)

    await app.bugs.unassign(b.context(b.admin()), open_bug)

    assert (await the_bug(app, open_bug)).assignee_id is None
    with pytest.raises(InvalidValueError, match=r"^Cannot unassign a bug that is in_progress$"):
        await app.bugs.unassign(b.context(b.admin()), started)


ON_AN_UNKNOWN_BUG: dict[str, Callable[[BugService, CommandContext], Awaitable[object]]] = {
    "update": lambda bugs, c: bugs.update(c, 99, title="x"),
    "assign": lambda bugs, c: bugs.assign(c, 99, MEMBER_ID),
    "unassign": lambda bugs, c: bugs.unassign(c, 99),
    "note": lambda bugs, c: bugs.note_resolution(c, 99, "x"),
    "transition": lambda bugs, c: bugs.transition(c, 99, Status.IN_PROGRESS),
    "move": lambda bugs, c: bugs.move(c, 99, to_status=Status.IN_PROGRESS),
    "comment": lambda bugs, c: bugs.add_comment(c, 99, "x"),
    "edit a comment": lambda bugs, c: bugs.edit_comment(c, 99, 1, "x"),
    "delete a comment": lambda bugs, c: bugs.delete_comment(c, 99, 1),
}


@pytest.mark.parametrize("action", ON_AN_UNKNOWN_BUG)
async def test_a_bug_that_does_not_exist_is_named_in_the_refusal(app: FakeApp, action: str) -> None:
    with pytest.raises(NotFoundError, match=r"^Bug 99 not found$"):
        await ON_AN_UNKNOWN_BUG[action](app.bugs, b.context(b.admin()))


# -- the lifecycle ---------------------------------------------------------------------------


async def test_the_guards_read_what_is_stored(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(AssigneeRequiredError):
        await app.bugs.transition(b.context(b.admin()), bug_id, Status.IN_PROGRESS)
    await app.bugs.assign(b.context(b.admin()), bug_id, MEMBER_ID)
    await app.bugs.transition(b.context(b.admin()), bug_id, Status.IN_PROGRESS)

    assert (await the_bug(app, bug_id)).status is Status.IN_PROGRESS


async def test_the_member_rule_is_checked_before_the_lifecycle(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(PermissionDeniedError, match=r"^Members can only resolve in_progress"):
        await app.bugs.transition(b.context(b.member()), bug_id, Status.CLOSED)


async def test_a_member_notes_and_resolves_a_bug_in_progress(app: FakeApp) -> None:
    bug_id = await a_bug_in(app, Status.IN_PROGRESS)

    await app.bugs.note_resolution(b.context(b.member()), bug_id, "Cache was stale")
    await app.bugs.transition(b.context(b.member()), bug_id, Status.RESOLVED)

    bug = await the_bug(app, bug_id)
    assert (bug.status, bug.resolution_note) == (Status.RESOLVED, "Cache was stale")
    assert app.store.events[-1].event.by == MEMBER_ID


async def test_a_member_resolving_without_a_note_hits_the_guard(app: FakeApp) -> None:
    bug_id = await report(app)
    await app.bugs.assign(b.context(b.admin()), bug_id, MEMBER_ID)
    await app.bugs.transition(b.context(b.admin()), bug_id, Status.IN_PROGRESS)

    with pytest.raises(ResolutionNoteRequiredError):
        await app.bugs.transition(b.context(b.member()), bug_id, Status.RESOLVED)


async def test_a_closed_bug_refuses_comments(app: FakeApp) -> None:
    bug_id = await a_bug_in(app, Status.CLOSED)

    with pytest.raises(BugClosedError):
        await app.bugs.add_comment(b.context(b.member()), bug_id, "Still broken?")


# -- the board -------------------------------------------------------------------------------


async def test_newer_bugs_start_at_the_top_of_the_open_column(app: FakeApp) -> None:
    first, second, third = [await report(app) for _ in range(3)]

    assert await column_order(app, first, second, third) == [third, second, first]


async def test_a_card_dropped_between_two_neighbours_lands_between_them(app: FakeApp) -> None:
    first, second, third = [await report(app) for _ in range(3)]  # shown as 3, 2, 1

    outcome = await app.bugs.move(
        b.context(b.admin()), third, to_status=Status.OPEN, after_id=second, before_id=first
    )

    assert outcome.event_count == 1
    assert isinstance(app.store.events[-1].event, BugRanked)
    assert await column_order(app, first, second, third) == [second, third, first]


async def test_a_card_dropped_above_the_top_card_becomes_the_top(app: FakeApp) -> None:
    first, second, third = [await report(app) for _ in range(3)]

    await app.bugs.move(b.context(b.admin()), first, to_status=Status.OPEN, before_id=third)

    assert await column_order(app, first, second, third) == [first, third, second]


async def test_a_card_dropped_below_the_bottom_card_becomes_the_bottom(app: FakeApp) -> None:
    first, second, third = [await report(app) for _ in range(3)]

    await app.bugs.move(b.context(b.admin()), third, to_status=Status.OPEN, after_id=first)

    assert await column_order(app, first, second, third) == [second, first, third]


async def test_dropping_a_card_where_it_is_changes_nothing(app: FakeApp) -> None:
    bug_id = await report(app)

    outcome = await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.OPEN)

    assert outcome.event_count == 0


async def test_a_move_to_another_column_transitions_and_ranks_in_one_append(
    app: FakeApp,
) -> None:
    already_started = await a_bug_in(app, Status.IN_PROGRESS)
    bug_id = await a_bug_in(app, Status.OPEN)

    outcome = await app.bugs.move(
        b.context(b.admin()), bug_id, to_status=Status.IN_PROGRESS, after_id=already_started
    )

    first, second = app.store.events[-2:]
    assert outcome.event_count == 2
    assert isinstance(first.event, BugStatusChanged)
    assert first.event.to_status is Status.IN_PROGRESS
    assert isinstance(second.event, BugRanked)
    assert (first.version + 1, first.metadata) == (second.version, second.metadata)
    assert await column_order(app, already_started, bug_id) == [already_started, bug_id]


async def test_a_move_to_an_empty_column_gets_a_rank_there(app: FakeApp) -> None:
    bug_id = await a_bug_in(app, Status.OPEN)

    outcome = await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.IN_PROGRESS)

    assert outcome.event_count == 2
    assert (await the_bug(app, bug_id)).status is Status.IN_PROGRESS


async def test_a_move_across_columns_obeys_the_lifecycle(app: FakeApp) -> None:
    unassigned = await report(app)
    before = len(app.store.events)

    with pytest.raises(InvalidTransitionError, match=r"^Cannot transition from open to resolved$"):
        await app.bugs.move(b.context(b.admin()), unassigned, to_status=Status.RESOLVED)
    with pytest.raises(AssigneeRequiredError):
        await app.bugs.move(b.context(b.admin()), unassigned, to_status=Status.IN_PROGRESS)

    assert len(app.store.events) == before


async def test_a_neighbour_that_moved_meanwhile_means_the_board_changed(app: FakeApp) -> None:
    neighbour = await a_bug_in(app, Status.OPEN)
    bug_id = await report(app)
    await app.bugs.transition(b.context(b.admin()), neighbour, Status.IN_PROGRESS)
    before = len(app.store.events)

    with pytest.raises(BoardChangedError) as refused:
        await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.OPEN, after_id=neighbour)

    assert refused.value.code == "conflict"
    assert refused.value.message == "The board changed since it was loaded: reload and try again"
    assert len(app.store.events) == before


async def test_neighbours_out_of_order_mean_the_board_changed(app: FakeApp) -> None:
    first, second, third = [await report(app) for _ in range(3)]  # shown as 3, 2, 1

    with pytest.raises(BoardChangedError):
        await app.bugs.move(
            b.context(b.admin()), second, to_status=Status.OPEN, after_id=first, before_id=third
        )


async def test_a_neighbour_from_another_project_means_the_board_changed(app: FakeApp) -> None:
    other_project = await app.projects.create(b.context(b.admin()), name="Elsewhere")
    stranger = await report(app, project_id=other_project.aggregate_id)
    bug_id = await report(app)

    with pytest.raises(BoardChangedError):
        await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.OPEN, after_id=stranger)


async def test_a_card_cannot_be_dropped_next_to_itself(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(InvalidValueError, match=r"^A card cannot be placed next to itself$"):
        await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.OPEN, after_id=bug_id)


async def test_an_unknown_neighbour_is_named(app: FakeApp) -> None:
    bug_id = await report(app)

    with pytest.raises(NotFoundError, match=r"^Bug 99 not found$"):
        await app.bugs.move(b.context(b.admin()), bug_id, to_status=Status.OPEN, before_id=99)


async def test_a_member_can_drag_an_in_progress_card_to_resolved(app: FakeApp) -> None:
    bug_id = await a_bug_in(app, Status.IN_PROGRESS)
    await app.bugs.note_resolution(b.context(b.member()), bug_id, b.NOTE)

    await app.bugs.move(b.context(b.member()), bug_id, to_status=Status.RESOLVED)

    assert (await the_bug(app, bug_id)).status is Status.RESOLVED


# -- comments --------------------------------------------------------------------------------


async def test_comment_ids_are_consecutive_across_bugs(app: FakeApp) -> None:
    one, other = await report(app), await report(app)

    ids = [
        (await app.bugs.add_comment(b.context(b.member()), bug_id, "Seen it")).aggregate_id
        for bug_id in (one, other, one)
    ]

    assert ids == [1, 2, 3]


async def test_an_author_edits_and_deletes_their_comment(app: FakeApp) -> None:
    bug_id = await report(app)
    added = await app.bugs.add_comment(b.context(b.member()), bug_id, "Seen it")

    await app.bugs.edit_comment(b.context(b.member()), bug_id, added.aggregate_id, "Seen it twice")
    edited = (await the_bug(app, bug_id)).comment(added.aggregate_id)
    await app.bugs.delete_comment(b.context(b.member()), bug_id, added.aggregate_id)

    assert edited is not None
    assert (edited.text, edited.author_id) == ("Seen it twice", MEMBER_ID)
    assert (await the_bug(app, bug_id)).comment(added.aggregate_id) is None


async def test_an_admin_deletes_anyones_comment_but_edits_only_their_own(app: FakeApp) -> None:
    bug_id = await report(app)
    added = await app.bugs.add_comment(b.context(b.member(OTHER_MEMBER_ID)), bug_id, "Spam")

    with pytest.raises(PermissionDeniedError, match=r"^Only the author can edit this comment$"):
        await app.bugs.edit_comment(b.context(b.admin()), bug_id, added.aggregate_id, "Ham")
    await app.bugs.delete_comment(b.context(b.admin()), bug_id, added.aggregate_id)

    assert (await the_bug(app, bug_id)).comment(added.aggregate_id) is None


@pytest.mark.parametrize("assignee_id", [99, BLOCKED_ID, OTHER_MEMBER_ID])
async def test_a_member_naming_an_assignee_is_refused_before_the_assignee_is_looked_up(
    app: FakeApp, assignee_id: int
) -> None:
    bug_id = await a_bug_in(app, Status.IN_PROGRESS)

    with pytest.raises(PermissionDeniedError, match=r"^Members can only update resolution_note$"):
        await app.bugs.update(b.context(b.member()), bug_id, assignee_id=assignee_id)
