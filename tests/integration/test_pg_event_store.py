"""The PostgreSQL command store: every write of a command in one round trip, same guarantees."""

import random
from collections.abc import AsyncIterator, Sequence
from typing import Any

import anyio
import anyio.lowlevel
import psycopg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from application.errors import ConcurrencyError
from application.ports import EventMetadata, RecordedEvent
from domain.bugs.events import CommentAdded
from infrastructure.clock import SystemClock
from infrastructure.errors import UnstorableValueError
from infrastructure.event_store import APPEND_LOCK_KEY
from infrastructure.pg_event_store import PgEventStore, Statement
from infrastructure.pg_pool import PgPool
from projections.pg_inline import InlineSql
from tests.integration.support import T0, follow_log_while, renamed

pytestmark = [
    pytest.mark.integration,
    pytest.mark.anyio,
    pytest.mark.parametrize("database_url", ["postgresql"], indirect=True),
]

WRITERS = 8
APPENDS_PER_WRITER = 40
STREAMS = 10


@pytest.fixture
async def pool(engine: AsyncEngine) -> AsyncIterator[PgPool]:
    # One connection: whatever a failed command leaves behind, the next one meets it.
    pool = PgPool(
        engine.url.render_as_string(hide_password=False), min_size=1, max_size=1, auto_prepare=False
    )
    yield pool
    await pool.close()


def meta(command_id: str) -> EventMetadata:
    return EventMetadata(actor_id=1, command_id=command_id)


async def rename(store: PgEventStore, project_id: int, name: str, expected: int) -> None:
    async with store.transaction() as uow:
        await uow.append(
            f"project-{project_id}",
            [renamed(project_id, name)],
            expected_version=expected,
            metadata=meta(name),
        )


async def test_a_stale_or_future_expected_version_is_a_conflict_and_appends_nothing(
    engine: AsyncEngine, pool: PgPool
) -> None:
    store = PgEventStore(engine, pool, clock=SystemClock())
    await rename(store, 1, "a", expected=0)

    for expected in (0, 2):
        with pytest.raises(ConcurrencyError):
            await rename(store, 1, f"at {expected}", expected=expected)

    assert (await store.read_stream("project-1")).version == 1


async def test_after_a_refused_command_the_connection_serves_the_next_ones(
    engine: AsyncEngine, pool: PgPool
) -> None:
    store = PgEventStore(engine, pool, clock=SystemClock())
    await rename(store, 1, "a", expected=0)
    with pytest.raises(ConcurrencyError):
        await rename(store, 1, "late", expected=0)  # rolled back on the only connection
    with pytest.raises(UnstorableValueError):
        await rename(store, 1, "nul \x00 inside", expected=1)

    # The statements prepared on that connection survived both rollbacks.
    await rename(store, 1, "b", expected=1)
    async with store.transaction() as uow:
        assert (await uow.read_stream("project-1")).version == 2
        assert await uow.allocate_id("bug") == 1
    [[(count,)]] = await pool.fetch([("SELECT count(*) FROM events", ())])
    assert count == 2


async def test_a_reader_following_the_log_sees_every_event_once_in_order(
    engine: AsyncEngine,
) -> None:
    """THE guarantee, with a server-side pause inside every append transaction (after the
    insert, before the commit): the window in which a later position could commit first."""
    rng = random.Random(20261124)

    def slow_projection(recorded: Sequence[RecordedEvent]) -> list[Statement]:
        return [("SELECT pg_sleep(%s)", (rng.random() * 0.003,))]

    url = engine.url.render_as_string(hide_password=False)
    pool = PgPool(url, min_size=WRITERS, max_size=WRITERS + 2, auto_prepare=False)
    store = PgEventStore(engine, pool, clock=SystemClock(), inline=slow_projection)
    committed: list[tuple[str, int]] = []
    conflicts = 0

    async def writer(number: int) -> None:
        nonlocal conflicts
        for sequence in range(APPENDS_PER_WRITER):
            project_id = rng.randrange(STREAMS) + 1
            names = [f"w{number}-{sequence}-{n}" for n in range(rng.randint(1, 3))]
            while True:
                try:
                    async with store.transaction() as uow:
                        version = (await uow.read_stream(f"project-{project_id}")).version
                        await anyio.lowlevel.checkpoint()  # others may read the same version
                        recorded = await uow.append(
                            f"project-{project_id}",
                            [renamed(project_id, name) for name in names],
                            expected_version=version,
                            metadata=meta(names[0]),
                        )
                except ConcurrencyError:
                    conflicts += 1
                    continue
                committed.extend((r.stream_id, r.version) for r in recorded)
                break

    async def write() -> None:
        async with anyio.create_task_group() as writers:
            for number in range(WRITERS):
                writers.start_soon(writer, number)

    try:
        seen = await follow_log_while(store, write, rng)
    finally:
        await pool.close()

    full_log = await store.read_all(after=0, limit=1_000_000)
    assert seen == full_log  # every event exactly once, in log order
    assert sorted(committed) == sorted((r.stream_id, r.version) for r in full_log)
    assert len(full_log) >= WRITERS * APPENDS_PER_WRITER
    assert conflicts > 0  # writers genuinely raced for the same streams
    for stream in {r.stream_id for r in full_log}:
        versions = [r.version for r in full_log if r.stream_id == stream]
        assert versions == list(range(1, len(versions) + 1))
    stamps = [r.recorded_at for r in full_log]
    assert stamps == sorted(stamps)  # recorded_at never goes backwards along the log


async def test_a_command_waiting_for_the_append_lock_holds_no_read_table(
    engine: AsyncEngine, pool: PgPool
) -> None:
    """A rebuild holds the append lock while it swaps the read tables. A command that opened
    its transaction (drawing an id) and meets a statement for the first time must not have
    locked a read table by preparing it while it waits: that deadlocked with the swap."""
    store = PgEventStore(engine, pool, clock=SystemClock(), inline=InlineSql())
    dsn = engine.url.render_as_string(hide_password=False).replace("+psycopg", "")
    async with await psycopg.AsyncConnection.connect(dsn) as rebuild:
        await rebuild.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK_KEY,))

        async def comment() -> None:
            async with store.transaction() as uow:
                comment_id = await uow.allocate_id("comment")  # opens the transaction
                event = CommentAdded(
                    by=1, at=T0, bug_id=1, project_id=1, comment_id=comment_id, text="hi"
                )
                await uow.append("bug-1", [event], expected_version=0, metadata=meta("c"))

        async with anyio.create_task_group() as group:
            group.start_soon(comment)
            await waiting_for_an_advisory_lock(rebuild)
            # The swap: with the command holding rm_comments, this waits and then one of the
            # two is killed as a deadlock.
            await rebuild.execute("SET LOCAL lock_timeout = '3s'")
            await rebuild.execute("LOCK TABLE rm_comments IN ACCESS EXCLUSIVE MODE")
            await rebuild.commit()

    [[(count,)]] = await pool.fetch([("SELECT count(*) FROM rm_comments", ())])
    assert count == 1


async def waiting_for_an_advisory_lock(conn: psycopg.AsyncConnection[Any]) -> None:
    with anyio.fail_after(5):
        while True:
            cursor = await conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            row = await cursor.fetchone()
            if row is not None and row[0] > 0:
                return
            await anyio.sleep(0.01)
