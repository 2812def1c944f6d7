"""THE guarantee of the log: a reader following it never misses an event that commits late.

Writers append concurrently (each in its own transaction and connection) while a reader
follows ``read_all(after=checkpoint)``. An inline projection sleeps inside every append
transaction, after the events are inserted and before the commit: exactly the window in which
an unserialised store would let a later position commit first and the reader skip the earlier one.
"""

import random
from collections.abc import Sequence

import anyio
import anyio.lowlevel
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from application.errors import ConcurrencyError
from application.ports import EventMetadata, RecordedEvent
from infrastructure.clock import SystemClock
from infrastructure.event_store import SqlEventStore
from tests.integration.support import follow_log_while, is_postgres, renamed

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

WRITERS = 8
APPENDS_PER_WRITER = 50
STREAMS = 12


async def test_a_reader_following_the_log_sees_every_committed_event_once_in_order(
    engine: AsyncEngine,
) -> None:
    rng = random.Random(20261123)
    in_transaction = 0
    most_in_transaction = 0

    async def slow_projection(conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        await anyio.sleep(rng.random() * 0.003)

    store = SqlEventStore(engine, clock=SystemClock(), on_append=slow_projection)
    committed: list[RecordedEvent] = []
    conflicts = 0

    async def writer(number: int) -> None:
        nonlocal in_transaction, most_in_transaction, conflicts
        for sequence in range(APPENDS_PER_WRITER):
            project_id = rng.randrange(STREAMS) + 1
            names = [f"w{number}-{sequence}-{n}" for n in range(rng.randint(1, 3))]
            while True:
                try:
                    async with store.transaction() as uow:
                        in_transaction += 1
                        most_in_transaction = max(most_in_transaction, in_transaction)
                        try:
                            version = (await uow.read_stream(f"project-{project_id}")).version
                            await (
                                anyio.lowlevel.checkpoint()
                            )  # let other writers read the same version
                            recorded = await uow.append(
                                f"project-{project_id}",
                                [renamed(project_id, name) for name in names],
                                expected_version=version,
                                metadata=EventMetadata(actor_id=number, command_id=names[0]),
                            )
                        finally:
                            in_transaction -= 1
                except ConcurrencyError:
                    conflicts += 1
                    continue
                committed.extend(recorded)  # the block exited normally: committed
                break

    async def write() -> None:
        async with anyio.create_task_group() as writers:
            for number in range(WRITERS):
                writers.start_soon(writer, number)

    seen = await follow_log_while(store, write, rng)

    full_log = await store.read_all(after=0, limit=1_000_000)
    missed = {r.position for r in full_log} - {r.position for r in seen}
    assert not missed, f"the reader missed {len(missed)} committed events"
    assert seen == full_log  # every event exactly once, in log order
    assert [r.position for r in full_log] == sorted({r.position for r in full_log})
    assert sorted(r.position for r in committed) == [r.position for r in full_log]
    assert len(full_log) >= WRITERS * APPENDS_PER_WRITER
    for stream in {r.stream_id for r in full_log}:
        versions = [r.version for r in full_log if r.stream_id == stream]
        assert versions == list(range(1, len(versions) + 1))
    if is_postgres(engine):
        # Writers genuinely overlapped: several transactions were open at once.
        assert most_in_transaction > 1
    else:
        # SQLite: BEGIN IMMEDIATE admits one writing transaction at a time.
        assert most_in_transaction == 1
        assert conflicts == 0
