"""Retries with the same command id, If-Match versions, and concurrent twins."""

import pytest

from application.context import CommandContext
from application.errors import PreconditionFailedError
from application.handling import CommandRunner
from application.ports import CommandOutcome, UnitOfWork
from domain.bugs.state import Status
from domain.errors import AssigneeRequiredError
from tests import builders as b
from tests.builders import MEMBER_ID, OTHER_MEMBER_ID, SEEDED_PROJECT_ID
from tests.fakes import FakeApp

pytestmark = pytest.mark.anyio


async def report(app: FakeApp, context: CommandContext) -> CommandOutcome:
    return await app.bugs.report(
        context, project_id=SEEDED_PROJECT_ID, title=b.TITLE, description=b.DESCRIPTION
    )


# -- idempotency -----------------------------------------------------------------------------


async def test_a_retried_command_appends_once_and_replays_the_first_outcome(app: FakeApp) -> None:
    context = b.context(b.admin(), command_id="retry-me")

    first = await report(app, context)
    count = len(app.store.events)
    second = await report(app, context)

    assert len(app.store.events) == count
    assert (first.replayed, second.replayed) == (False, True)
    assert second == CommandOutcome(
        stream_id=first.stream_id,
        aggregate_id=first.aggregate_id,
        version=first.version,
        event_count=first.event_count,
        replayed=True,
    )
    assert (await report(app, b.context(b.admin()))).aggregate_id == first.aggregate_id + 1


async def test_a_retry_of_a_command_that_changed_nothing_is_replayed_too(app: FakeApp) -> None:
    bug_id = (await report(app, b.context(b.admin()))).aggregate_id
    context = b.context(b.admin(), command_id="same-title")

    first = await app.bugs.update(context, bug_id, title=b.TITLE)
    second = await app.bugs.update(context, bug_id, title="Would change it")

    assert (first.event_count, second.event_count, second.replayed) == (0, 0, True)


async def test_a_refused_command_records_no_outcome_so_its_retry_runs_again(
    app: FakeApp,
) -> None:
    bug_id = (await report(app, b.context(b.admin()))).aggregate_id
    start = b.context(b.admin(), command_id="start-work")

    with pytest.raises(AssigneeRequiredError):
        await app.bugs.transition(start, bug_id, Status.IN_PROGRESS)
    await app.bugs.assign(b.context(b.admin()), bug_id, MEMBER_ID)
    retried = await app.bugs.transition(start, bug_id, Status.IN_PROGRESS)

    assert (retried.event_count, retried.replayed) == (1, False)


async def test_a_twin_that_commits_first_wins_and_its_outcome_is_returned(app: FakeApp) -> None:
    runner = CommandRunner(app.store)
    context = b.context(b.admin(), command_id="twin")
    twin_outcome = CommandOutcome(stream_id="bug-1", aggregate_id=1, version=1, event_count=1)
    attempts = 0

    async def body(uow: UnitOfWork) -> CommandOutcome:
        nonlocal attempts
        attempts += 1
        async with app.store.transaction() as twin:  # a concurrent retry, committing first
            await twin.record_outcome(context.command_id, twin_outcome)
        return CommandOutcome(stream_id="bug-1", aggregate_id=1, version=2, event_count=1)

    outcome = await runner.run(context, body)

    assert outcome == CommandOutcome(
        stream_id="bug-1", aggregate_id=1, version=1, event_count=1, replayed=True
    )
    assert attempts == 1


# -- If-Match --------------------------------------------------------------------------------


async def test_a_stale_if_match_version_is_refused(app: FakeApp) -> None:
    bug_id = (await report(app, b.context(b.admin()))).aggregate_id
    seen = await app.bugs.assign(b.context(b.admin()), bug_id, MEMBER_ID)  # version 2
    await app.bugs.assign(b.context(b.admin()), bug_id, OTHER_MEMBER_ID)  # someone else: 3
    before = len(app.store.events)

    with pytest.raises(PreconditionFailedError) as refused:
        await app.bugs.update(
            b.context(b.admin(), expected_version=seen.version), bug_id, title="Mine"
        )

    assert refused.value.code == "precondition_failed"
    assert refused.value.actual_version == 3
    assert refused.value.message == f"bug-{bug_id} is at version 3, not 2: reload and retry"
    assert len(app.store.events) == before


async def test_a_current_if_match_version_is_accepted(app: FakeApp) -> None:
    reported = await report(app, b.context(b.admin()))

    outcome = await app.bugs.update(
        b.context(b.admin(), expected_version=reported.version),
        reported.aggregate_id,
        title="Mine",
    )

    assert outcome.version == reported.version + 1


async def test_if_match_guards_every_stream_not_only_bugs(app: FakeApp) -> None:
    with pytest.raises(PreconditionFailedError):
        await app.users.block(b.context(b.admin(), expected_version=0), MEMBER_ID)
    with pytest.raises(PreconditionFailedError):
        await app.projects.edit(
            b.context(b.admin(), expected_version=5), SEEDED_PROJECT_ID, name="Renamed"
        )
