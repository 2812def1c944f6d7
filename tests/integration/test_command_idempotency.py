"""A command id is honoured once: retries, sequential or concurrent, append nothing more."""

import anyio
import pytest

from application.errors import DuplicateCommandError
from application.handling import CommandRunner
from application.ports import CommandOutcome, UnitOfWork
from application.projects import ProjectService
from domain.projects.model import ProjectCreated
from infrastructure.event_store import SqlEventStore
from tests.integration.support import FixedClock, admin_context

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


async def test_the_same_command_id_twice_appends_once_and_returns_the_first_outcome(
    event_store: SqlEventStore,
) -> None:
    projects = ProjectService(event_store, FixedClock())
    context = admin_context("create-website")

    first = await projects.create(context, name="Website")
    again = await projects.create(context, name="Website")

    assert first.replayed is False
    assert again.replayed is True
    assert (again.stream_id, again.aggregate_id, again.version) == (
        first.stream_id,
        first.aggregate_id,
        first.version,
    )
    log = await event_store.read_all()
    assert [type(r.event) for r in log] == [ProjectCreated]
    assert log[0].metadata.command_id == "create-website"


async def test_a_different_command_id_is_a_new_command(event_store: SqlEventStore) -> None:
    projects = ProjectService(event_store, FixedClock())

    first = await projects.create(admin_context("one"), name="Website")
    second = await projects.create(admin_context("two"), name="Website")

    assert (first.aggregate_id, second.aggregate_id) == (1, 2)
    assert len(await event_store.read_all()) == 2


async def test_concurrent_twins_of_one_command_append_once(event_store: SqlEventStore) -> None:
    projects = ProjectService(event_store, FixedClock())
    outcomes: list[CommandOutcome] = []

    async def attempt() -> None:
        outcomes.append(await projects.create(admin_context("double-click"), name="Website"))

    async with anyio.create_task_group() as group:
        for _ in range(4):
            group.start_soon(attempt)

    assert len(await event_store.read_all()) == 1
    assert {outcome.aggregate_id for outcome in outcomes} == {1}
    assert sorted(outcome.replayed for outcome in outcomes) == [False, True, True, True]


async def test_recording_an_outcome_twice_raises_duplicate_command(
    event_store: SqlEventStore,
) -> None:
    outcome = CommandOutcome(stream_id="project-1", aggregate_id=1, version=1, event_count=1)
    async with event_store.transaction() as uow:
        await uow.record_outcome("cmd", outcome)

    async def record_again(uow: UnitOfWork) -> CommandOutcome:
        await uow.record_outcome("cmd", outcome)
        return outcome

    with pytest.raises(DuplicateCommandError):
        async with event_store.transaction() as uow:
            await record_again(uow)

    async with event_store.transaction() as uow:
        assert await uow.find_outcome("cmd") == outcome
        assert await uow.find_outcome("other") is None


async def test_the_runner_replays_a_recorded_outcome_without_running_the_body(
    event_store: SqlEventStore,
) -> None:
    runner = CommandRunner(event_store)
    calls = 0

    async def body(uow: UnitOfWork) -> CommandOutcome:
        nonlocal calls
        calls += 1
        return CommandOutcome(stream_id="project-9", aggregate_id=9, version=0, event_count=0)

    await runner.run(admin_context("noop"), body)
    replayed = await runner.run(admin_context("noop"), body)

    assert calls == 1
    assert replayed.replayed is True
