"""The log refuses to be rewritten, whoever asks: on PostgreSQL and on SQLite."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from application.ports import EventMetadata
from infrastructure.event_store import SqlEventStore
from tests.integration.support import is_postgres, renamed

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

# TRUNCATE and statement-level triggers exist only there: these run on PostgreSQL alone.
ON_POSTGRESQL = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)

REWRITES = {
    "UPDATE": "UPDATE events SET type = 'forged'",
    "DELETE": "DELETE FROM events",
    "TRUNCATE": "TRUNCATE events",
}


@pytest.mark.parametrize("operation", ["UPDATE", "DELETE"])
async def test_the_log_rejects_updates_and_deletes_on_both_databases(
    event_store: SqlEventStore, engine: AsyncEngine, operation: str
) -> None:
    async with event_store.transaction() as uow:
        await uow.append(
            "project-1",
            [renamed(1, "a")],
            expected_version=0,
            metadata=EventMetadata(actor_id=1, command_id="c"),
        )

    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as conn:
            await conn.execute(text(REWRITES[operation]))

    assert len(await event_store.read_all()) == 1


@ON_POSTGRESQL
@pytest.mark.parametrize("operation", sorted(REWRITES))
async def test_the_log_rejects_rewrites_on_postgresql(
    event_store: SqlEventStore, engine: AsyncEngine, operation: str
) -> None:
    assert is_postgres(engine)
    async with event_store.transaction() as uow:
        await uow.append(
            "project-1",
            [renamed(1, "a")],
            expected_version=0,
            metadata=EventMetadata(actor_id=1, command_id="c"),
        )

    with pytest.raises(DBAPIError, match=f"events is append-only: {operation} is not allowed"):
        async with engine.begin() as conn:
            await conn.execute(text(REWRITES[operation]))

    assert len(await event_store.read_all()) == 1


@ON_POSTGRESQL
async def test_even_a_rewrite_matching_no_row_is_refused_on_postgresql(
    engine: AsyncEngine,
) -> None:
    assert is_postgres(engine)
    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM events WHERE position < 0"))
