"""The SQL event store on PostgreSQL and SQLite: streams, the global log, transactions."""

from collections.abc import Sequence
from datetime import UTC, timedelta

import anyio
import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from application.errors import ConcurrencyError
from application.ports import EventMetadata, RecordedEvent
from infrastructure.event_store import EVENTS_CHANNEL, SqlEventStore
from infrastructure.urls import libpq_dsn
from tests.integration.support import T0, TickingClock, is_postgres, renamed

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

META = EventMetadata(actor_id=1, command_id="cmd-1", correlation_id="req-9")


async def append(
    store: SqlEventStore, stream_id: str, names: Sequence[str], expected_version: int
) -> list[RecordedEvent]:
    project_id = int(stream_id.rsplit("-", 1)[1])
    async with store.transaction() as uow:
        return await uow.append(
            stream_id,
            [renamed(project_id, name) for name in names],
            expected_version=expected_version,
            metadata=META,
        )


async def test_appended_events_are_read_back_from_their_stream_in_order(
    event_store: SqlEventStore,
) -> None:
    await append(event_store, "project-1", ["a", "b"], expected_version=0)
    await append(event_store, "project-1", ["c"], expected_version=2)

    history = await event_store.read_stream("project-1")

    assert history.stream_id == "project-1"
    assert history.version == 3
    assert [r.event for r in history.events] == [renamed(1, "a"), renamed(1, "b"), renamed(1, "c")]
    assert [r.version for r in history.events] == [1, 2, 3]
    assert all(r.metadata == META for r in history.events)


async def test_a_stream_never_written_is_empty_at_version_zero(event_store: SqlEventStore) -> None:
    history = await event_store.read_stream("project-404")

    assert (history.version, history.events) == (0, [])


async def test_versions_count_per_stream_while_positions_grow_across_the_log(
    event_store: SqlEventStore,
) -> None:
    first = await append(event_store, "project-1", ["a", "b"], expected_version=0)
    second = await append(event_store, "project-2", ["x"], expected_version=0)
    third = await append(event_store, "project-1", ["c"], expected_version=2)

    recorded = [*first, *second, *third]
    assert [(r.stream_id, r.version) for r in recorded] == [
        ("project-1", 1),
        ("project-1", 2),
        ("project-2", 1),
        ("project-1", 3),
    ]
    positions = [r.position for r in recorded]
    assert positions == sorted(positions)
    assert len(set(positions)) == 4
    assert await event_store.read_all() == recorded
    assert await event_store.head_position() == positions[-1]


async def test_the_log_of_an_empty_store_is_empty_with_head_zero(
    event_store: SqlEventStore,
) -> None:
    assert await event_store.read_all() == []
    assert await event_store.head_position() == 0


async def test_reading_the_log_pages_after_a_checkpoint(event_store: SqlEventStore) -> None:
    for n in range(1, 6):
        await append(event_store, f"project-{n}", ["a", "b"], expected_version=0)
    everything = await event_store.read_all()

    page = await event_store.read_all(after=everything[2].position, limit=4)

    assert page == everything[3:7]


async def test_reading_the_log_until_an_instant_stops_at_events_recorded_after_it(
    engine: AsyncEngine,
) -> None:
    store = SqlEventStore(engine, clock=TickingClock())
    for n in range(1, 5):  # recorded at T0, T0+1s, T0+2s, T0+3s
        await append(store, f"project-{n}", ["a"], expected_version=0)

    recorded = await store.read_all(until=T0 + timedelta(seconds=1, milliseconds=500))

    assert [r.stream_id for r in recorded] == ["project-1", "project-2"]
    assert [r.recorded_at for r in recorded] == [T0, T0 + timedelta(seconds=1)]
    assert all(r.recorded_at.tzinfo is UTC for r in recorded)


async def test_an_append_at_a_stale_version_raises_conflict_and_writes_nothing(
    event_store: SqlEventStore,
) -> None:
    await append(event_store, "project-1", ["a"], expected_version=0)

    with pytest.raises(ConcurrencyError) as raised:
        await append(event_store, "project-1", ["b", "c"], expected_version=0)

    assert raised.value.expected_version == 0  # the insert is refused by UNIQUE(stream, version)
    history = await event_store.read_stream("project-1")
    assert [r.event for r in history.events] == [renamed(1, "a")]
    assert len(await event_store.read_all()) == 1


async def test_an_append_ahead_of_the_stream_is_a_conflict_too(
    event_store: SqlEventStore,
) -> None:
    with pytest.raises(ConcurrencyError):
        await append(event_store, "project-1", ["a"], expected_version=3)

    assert await event_store.read_all() == []


async def test_two_concurrent_appends_at_the_same_version_let_exactly_one_win(
    event_store: SqlEventStore,
) -> None:
    outcomes: list[str] = []

    async def writer(name: str) -> None:
        try:
            await append(event_store, "project-1", [name], expected_version=0)
            outcomes.append("won")
        except ConcurrencyError:
            outcomes.append("lost")

    async with anyio.create_task_group() as group:
        for name in ("left", "right", "middle"):
            group.start_soon(writer, name)

    assert sorted(outcomes) == ["lost", "lost", "won"]
    assert (await event_store.read_stream("project-1")).version == 1


async def test_a_failed_transaction_leaves_no_events_ids_or_claims(
    event_store: SqlEventStore,
) -> None:
    async def doomed() -> None:
        async with event_store.transaction() as uow:
            await uow.allocate_id("project")
            await uow.claim("user.email", "ada@example.com", "user-1")
            await uow.append("project-1", [renamed(1, "a")], expected_version=0, metadata=META)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await doomed()

    assert await event_store.read_all() == []
    async with event_store.transaction() as uow:
        assert await uow.claim_owner("user.email", "ada@example.com") is None
        assert await uow.allocate_id("project") == 1


async def test_events_appended_in_a_transaction_are_visible_to_it_before_commit(
    event_store: SqlEventStore,
) -> None:
    async with event_store.transaction() as uow:
        await uow.append("project-1", [renamed(1, "a")], expected_version=0, metadata=META)
        await uow.append("project-1", [renamed(1, "b")], expected_version=1, metadata=META)
        history = await uow.read_stream("project-1")

    assert history.version == 2


async def test_inline_projections_see_the_recorded_events_in_the_append_transaction(
    engine: AsyncEngine,
) -> None:
    seen: list[RecordedEvent] = []

    async def project(conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        # The rows are already in the log, within this very transaction.
        count = await conn.scalar(text("SELECT count(*) FROM events"))
        assert count == len(seen) + len(recorded)
        seen.extend(recorded)

    store = SqlEventStore(engine, clock=TickingClock(), on_append=project)
    recorded = await append(store, "project-1", ["a", "b"], expected_version=0)

    assert seen == recorded
    assert await store.read_all() == recorded


async def test_a_failing_inline_projection_rolls_the_append_back(engine: AsyncEngine) -> None:
    async def broken(conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        raise LookupError("projection bug")

    store = SqlEventStore(engine, clock=TickingClock(), on_append=broken)
    with pytest.raises(LookupError):
        await append(store, "project-1", ["a"], expected_version=0)

    assert await store.read_all() == []


async def test_an_empty_append_writes_nothing_and_skips_projections(engine: AsyncEngine) -> None:
    async def must_not_run(conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        raise AssertionError("called for an empty append")

    store = SqlEventStore(engine, clock=TickingClock(), on_append=must_not_run)
    assert await append(store, "project-1", [], expected_version=0) == []
    assert await store.head_position() == 0


async def test_recorded_at_is_the_store_clock_in_utc(engine: AsyncEngine) -> None:
    store = SqlEventStore(engine, clock=TickingClock())

    recorded = await append(store, "project-1", ["a", "b"], expected_version=0)

    assert [r.recorded_at for r in recorded] == [T0, T0]  # one instant per append
    assert [r.recorded_at for r in await store.read_all()] == [T0, T0]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # LISTEN/NOTIFY
async def test_each_append_rings_the_postgresql_doorbell_with_its_last_position(
    event_store: SqlEventStore, migrated_url: str
) -> None:
    assert is_postgres(migrated_url)
    dsn = libpq_dsn(make_url(migrated_url).render_as_string(hide_password=False))
    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as listener:
        await listener.execute(f"LISTEN {EVENTS_CHANNEL}")
        recorded = await append(event_store, "project-1", ["a", "b"], expected_version=0)
        with anyio.fail_after(5):
            notification = await anext(listener.notifies())

    assert notification.payload == str(recorded[-1].position)


async def test_several_streams_are_read_together_in_log_order_up_to_an_instant(
    engine: AsyncEngine,
) -> None:
    store = SqlEventStore(engine, clock=TickingClock())
    await append(store, "project-1", ["a"], expected_version=0)  # T0
    await append(store, "project-2", ["b"], expected_version=0)  # T0+1s
    await append(store, "project-3", ["c"], expected_version=0)  # T0+2s
    await append(store, "project-1", ["d"], expected_version=1)  # T0+3s

    everything = await store.read_streams(["project-1", "project-3", "project-1"])
    until = await store.read_streams(["project-1", "project-3"], until=T0 + timedelta(seconds=2))

    assert [r.event for r in everything] == [renamed(1, "a"), renamed(3, "c"), renamed(1, "d")]
    assert [r.event for r in until] == [renamed(1, "a"), renamed(3, "c")]
    assert await store.read_streams([]) == []
