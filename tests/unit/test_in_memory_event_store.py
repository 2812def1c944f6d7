"""The in-memory event store keeps the contract the SQL store keeps, so unit tests can trust it."""

from datetime import timedelta

import anyio
import pytest

from application.errors import ConcurrencyError, DuplicateCommandError, UniqueClaimError
from application.ports import CommandOutcome, EventMetadata, EventStore
from domain.bugs.state import Status
from tests import builders as b
from tests.fakes import FixedClock, InMemoryEventStore

pytestmark = pytest.mark.anyio

STREAM = "bug-42"
META = EventMetadata(actor_id=b.ADMIN_ID, command_id="cmd-1", correlation_id="req-1")


class AbortError(Exception):
    """Raised inside a transaction to roll it back."""


def an_outcome(version: int = 1) -> CommandOutcome:
    return CommandOutcome(stream_id=STREAM, aggregate_id=42, version=version, event_count=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def store(clock: FixedClock) -> InMemoryEventStore:
    return InMemoryEventStore(clock)


def test_the_fake_implements_the_event_store_port(store: InMemoryEventStore) -> None:
    port: EventStore = store  # checked by mypy
    assert port is store


async def test_a_stream_that_was_never_written_is_empty_at_version_zero(
    store: InMemoryEventStore,
) -> None:
    history = await store.read_stream(STREAM)

    assert (history.version, history.events) == (0, [])


async def test_appended_events_are_numbered_within_their_stream_and_globally(
    store: InMemoryEventStore, clock: FixedClock
) -> None:
    async with store.transaction() as uow:
        recorded = await uow.append(
            STREAM, [b.bug_reported(), b.bug_assigned()], expected_version=0, metadata=META
        )

    history = await store.read_stream(STREAM)
    assert history.version == 2
    assert history.events == recorded
    assert [(r.version, r.position) for r in recorded] == [(1, 1), (2, 2)]
    assert [r.event for r in recorded] == [b.bug_reported(), b.bug_assigned()]
    assert all(r.metadata == META and r.recorded_at == clock.now() for r in recorded)


async def test_an_append_at_a_stale_version_conflicts_and_writes_nothing(
    store: InMemoryEventStore,
) -> None:
    async with store.transaction() as uow:
        await uow.append(STREAM, [b.bug_reported()], expected_version=0, metadata=META)

    with pytest.raises(ConcurrencyError) as conflict:
        async with store.transaction() as uow:
            await uow.append(STREAM, [b.bug_assigned()], expected_version=0, metadata=META)

    assert conflict.value.code == "conflict"
    assert (conflict.value.expected_version, conflict.value.actual_version) == (0, 1)
    assert (await store.read_stream(STREAM)).version == 1


async def test_a_transaction_sees_its_own_writes_before_anyone_else(
    store: InMemoryEventStore,
) -> None:
    async with store.transaction() as uow:
        await uow.append(STREAM, [b.bug_reported()], expected_version=0, metadata=META)
        await uow.append(STREAM, [b.bug_assigned()], expected_version=1, metadata=META)

        assert (await uow.read_stream(STREAM)).version == 2
        assert (await store.read_stream(STREAM)).version == 0
        async with store.transaction() as other:
            assert (await other.read_stream(STREAM)).events == []

    assert (await store.read_stream(STREAM)).version == 2


async def test_an_exception_discards_everything_the_transaction_did(
    store: InMemoryEventStore,
) -> None:
    async def do_everything_then_fail() -> None:
        async with store.transaction() as uow:
            await uow.append(STREAM, [b.bug_reported()], expected_version=0, metadata=META)
            assert await uow.allocate_id("bug") == 1
            await uow.claim("user.email", "mia@example.com", "user-2")
            await uow.record_outcome("cmd-1", an_outcome())
            raise AbortError

    with pytest.raises(AbortError):
        await do_everything_then_fail()

    assert store.events == []
    async with store.transaction() as uow:
        assert await uow.allocate_id("bug") == 1
        assert await uow.claim_owner("user.email", "mia@example.com") is None
        assert await uow.find_outcome("cmd-1") is None
    assert store.rollbacks == 1


async def test_of_two_writers_to_one_stream_the_second_to_commit_conflicts(
    store: InMemoryEventStore,
) -> None:
    async def write_twice_concurrently() -> None:
        async with store.transaction() as first:
            await first.append(STREAM, [b.bug_reported()], expected_version=0, metadata=META)
            async with store.transaction() as second:
                await second.append(STREAM, [b.bug_reported()], expected_version=0, metadata=META)

    with pytest.raises(ConcurrencyError):
        await write_twice_concurrently()

    assert len(store.events) == 1


async def test_ids_are_gap_free_per_kind_and_a_rolled_back_id_is_given_again(
    store: InMemoryEventStore,
) -> None:
    async with store.transaction() as uow:
        assert [await uow.allocate_id("bug") for _ in range(3)] == [1, 2, 3]
        assert await uow.allocate_id("comment") == 1

    async def allocate_then_fail() -> None:
        async with store.transaction() as uow:
            assert await uow.allocate_id("bug") == 4
            raise AbortError

    with pytest.raises(AbortError):
        await allocate_then_fail()
    async with store.transaction() as uow:
        assert await uow.allocate_id("bug") == 4


async def test_concurrent_allocations_of_one_kind_wait_for_each_other(
    store: InMemoryEventStore,
) -> None:
    allocated: list[int] = []
    first_holds_its_id = anyio.Event()

    async def first() -> None:
        async with store.transaction() as uow:
            allocated.append(await uow.allocate_id("bug"))
            first_holds_its_id.set()
            await anyio.sleep(0.01)

    async def second() -> None:
        await first_holds_its_id.wait()
        async with store.transaction() as uow:
            allocated.append(await uow.allocate_id("bug"))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(first)
        tasks.start_soon(second)

    assert allocated == [1, 2]


async def test_a_claimed_value_cannot_be_claimed_by_another_owner(
    store: InMemoryEventStore,
) -> None:
    async with store.transaction() as uow:
        await uow.claim("user.email", "mia@example.com", "user-2")
        await uow.claim("user.email", "mia@example.com", "user-2")  # same owner: no-op

    with pytest.raises(UniqueClaimError) as taken:
        async with store.transaction() as uow:
            await uow.claim("user.email", "mia@example.com", "user-3")

    assert taken.value.code == "already_exists"
    assert await store.claim_owner("user.email", "mia@example.com") == "user-2"


async def test_a_claim_raced_by_a_concurrent_transaction_fails_at_commit(
    store: InMemoryEventStore,
) -> None:
    async def claim_twice_concurrently() -> None:
        async with store.transaction() as first:
            await first.claim("user.email", "mia@example.com", "user-2")
            async with store.transaction() as second:
                await second.claim("user.email", "mia@example.com", "user-3")

    with pytest.raises(UniqueClaimError):
        await claim_twice_concurrently()

    assert await store.claim_owner("user.email", "mia@example.com") == "user-3"


async def test_a_command_outcome_is_recorded_once(store: InMemoryEventStore) -> None:
    async with store.transaction() as uow:
        await uow.record_outcome("cmd-1", an_outcome())
        with pytest.raises(DuplicateCommandError):
            await uow.record_outcome("cmd-1", an_outcome())

    async with store.transaction() as uow:
        assert await uow.find_outcome("cmd-1") == an_outcome()
        with pytest.raises(DuplicateCommandError) as duplicate:
            await uow.record_outcome("cmd-1", an_outcome(version=2))
    assert duplicate.value.code == "duplicate_command"


async def test_a_twin_command_committed_meanwhile_fails_the_commit(
    store: InMemoryEventStore,
) -> None:
    async def record_twice_concurrently() -> None:
        async with store.transaction() as first:
            await first.record_outcome("cmd-1", an_outcome(version=1))
            async with store.transaction() as twin:
                await twin.record_outcome("cmd-1", an_outcome(version=2))

    with pytest.raises(DuplicateCommandError):
        await record_twice_concurrently()

    async with store.transaction() as uow:
        assert await uow.find_outcome("cmd-1") == an_outcome(version=2)


async def test_reading_the_log_is_in_global_order_with_after_and_limit(
    store: InMemoryEventStore,
) -> None:
    for bug_id in (1, 2, 3):
        async with store.transaction() as uow:
            event = b.bug_reported(bug_id=bug_id)
            await uow.append(f"bug-{bug_id}", [event], expected_version=0, metadata=META)

    assert [r.position for r in await store.read_all()] == [1, 2, 3]
    assert [r.position for r in await store.read_all(after=1, limit=1)] == [2]
    assert [r.stream_id for r in await store.read_all(after=1)] == ["bug-2", "bug-3"]
    assert await store.head_position() == 3


async def test_reading_the_log_until_an_instant_stops_at_events_recorded_later(
    store: InMemoryEventStore, clock: FixedClock
) -> None:
    for bug_id in (1, 2):
        async with store.transaction() as uow:
            event = b.bug_reported(bug_id=bug_id)
            await uow.append(f"bug-{bug_id}", [event], expected_version=0, metadata=META)
        clock.advance(timedelta(minutes=1))

    until = b.AT + timedelta(seconds=30)
    assert [r.stream_id for r in await store.read_all(until=until)] == ["bug-1"]
    assert [r.stream_id for r in await store.read_streams(["bug-1", "bug-2"], until=until)] == [
        "bug-1"
    ]


async def test_a_reader_never_skips_an_event_that_commits_late(
    store: InMemoryEventStore,
) -> None:
    async with store.transaction() as slow:
        await slow.append("bug-1", [b.bug_reported(bug_id=1)], expected_version=0, metadata=META)
        async with store.transaction() as fast:
            event = b.bug_reported(bug_id=2)
            await fast.append("bug-2", [event], expected_version=0, metadata=META)

        # bug-2 (position 2) is committed, but position 1 may still commit: hold back.
        assert await store.read_all() == []
        assert await store.head_position() == 0

    assert [r.position for r in await store.read_all()] == [1, 2]


async def test_a_rolled_back_append_leaves_a_gap_that_readers_pass(
    store: InMemoryEventStore,
) -> None:
    async def append_then_fail() -> None:
        async with store.transaction() as uow:
            await uow.append("bug-1", [b.bug_reported(bug_id=1)], expected_version=0, metadata=META)
            raise AbortError

    with pytest.raises(AbortError):
        await append_then_fail()
    async with store.transaction() as uow:
        await uow.append("bug-2", [b.bug_reported(bug_id=2)], expected_version=0, metadata=META)

    assert [r.position for r in await store.read_all()] == [2]


async def test_events_come_back_as_a_json_column_would_return_them(
    store: InMemoryEventStore,
) -> None:
    appended = [*b.bug_history_until(Status.CLOSED), b.comment_added(), b.user_registered()]
    async with store.transaction() as uow:
        await uow.append(STREAM, appended, expected_version=0, metadata=META)

    assert store.stream_events(STREAM) == appended


async def test_a_finished_unit_of_work_cannot_be_used_again(store: InMemoryEventStore) -> None:
    async with store.transaction() as uow:
        pass

    with pytest.raises(RuntimeError, match=r"ended"):
        await uow.read_stream(STREAM)
