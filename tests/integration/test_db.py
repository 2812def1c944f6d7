"""Engines: SQLite is tuned for concurrent use; an unreachable database is a typed error."""

import anyio
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.ports import EventMetadata
from infrastructure import event_store as event_store_module
from infrastructure.clock import SystemClock
from infrastructure.db import create_engine, read_only
from infrastructure.errors import DatabaseUnavailableError
from infrastructure.event_store import SqlEventStore
from tests.integration.support import is_postgres, renamed

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@ON_SQLITE
async def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(
    engine: AsyncEngine,
) -> None:
    assert not is_postgres(engine)
    async with engine.connect() as conn:
        pragmas = {
            name: (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
        }

    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "foreign_keys": 1,
        "synchronous": 1,
    }


@ON_SQLITE
async def test_sqlite_writers_take_the_write_lock_up_front_and_readers_do_not(
    engine: AsyncEngine,
) -> None:
    assert not is_postgres(engine)
    async with engine.begin() as writer:
        # A reader opens its snapshot while the write lock is held elsewhere: no waiting.
        async with read_only(engine).connect() as reader:
            assert (await reader.execute(text("SELECT count(*) FROM events"))).scalar() == 0
        assert writer.in_transaction()


async def test_an_unreachable_postgresql_is_reported_as_unavailable() -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/nothing")
    store = SqlEventStore(engine, clock=SystemClock())
    try:
        with pytest.raises(DatabaseUnavailableError):
            await store.read_all()
        with pytest.raises(DatabaseUnavailableError):
            async with store.transaction():
                pass
    finally:
        await engine.dispose()


async def test_an_sqlite_file_that_cannot_be_opened_is_reported_as_unavailable(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    missing_dir = tmp_path_factory.mktemp("db") / "no" / "such" / "dir" / "x.db"
    engine = create_engine(f"sqlite:///{missing_dir}")
    try:
        with pytest.raises(DatabaseUnavailableError):
            await SqlEventStore(engine, clock=SystemClock()).head_position()
    finally:
        await engine.dispose()
    # aiosqlite stops the worker thread of a failed connect without awaiting it; let it finish
    # before this test's event loop closes, or the thread reports "Event loop is closed".
    await anyio.sleep(0.05)


async def test_a_missing_table_is_a_bug_not_an_outage(database_url: str) -> None:
    engine = create_engine(database_url)  # never migrated
    try:
        # The driver's error comes through untranslated: an HTTP 500, not a 503 "retry later".
        with pytest.raises(DBAPIError, match="events"):
            await SqlEventStore(engine, clock=SystemClock()).head_position()
    finally:
        await engine.dispose()


async def test_a_writer_that_waits_too_long_for_its_turn_is_told_the_database_is_busy(
    event_store: SqlEventStore, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_store_module, "SQLITE_BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(event_store_module, "APPEND_LOCK_TIMEOUT", "100ms")
    metadata = EventMetadata(actor_id=1, command_id="c")
    holding = anyio.Event()
    release = anyio.Event()

    async def hold_the_write_lock() -> None:
        async with event_store.transaction() as uow:
            await uow.append("project-1", [renamed(1, "a")], expected_version=0, metadata=metadata)
            holding.set()
            await release.wait()

    async def append_meanwhile() -> None:
        async with event_store.transaction() as uow:
            await uow.append("project-2", [renamed(2, "b")], expected_version=0, metadata=metadata)

    async with anyio.create_task_group() as group:
        group.start_soon(hold_the_write_lock)
        await holding.wait()
        with anyio.fail_after(5), pytest.raises(DatabaseUnavailableError):
            await append_meanwhile()
        release.set()

    assert [r.stream_id for r in await event_store.read_all()] == ["project-1"]
