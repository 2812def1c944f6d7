"""Migrations go up, down to nothing and up again on both databases, and match the code."""

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure import tables
from infrastructure.db import create_engine
from infrastructure.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    head_revision,
    upgrade,
)

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

STORE_TABLES = {"events", "id_counters", "unique_claims", "command_outcomes"}


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


def test_the_first_revision_is_the_event_store() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    bases = script.get_bases()

    assert bases == ["0001_event_store"]
    assert head_revision() == script.get_current_head()


async def test_a_new_database_has_no_revision(database_url: str) -> None:
    assert await current_revision(database_url) is None


async def test_migrations_upgrade_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    upgrade(database_url)
    assert await current_revision(database_url) == head_revision()
    assert await table_names(database_url) >= STORE_TABLES

    downgrade(database_url, "base")
    assert await current_revision(database_url) is None
    assert await table_names(database_url) <= {"alembic_version"}

    upgrade(database_url)
    assert await current_revision(database_url) == head_revision()


async def test_the_event_store_revision_alone_creates_the_store_tables(database_url: str) -> None:
    upgrade(database_url, "0001_event_store")

    assert await current_revision(database_url) == "0001_event_store"
    assert await table_names(database_url) == STORE_TABLES | {"alembic_version"}


async def test_upgrading_twice_is_a_no_op(migrated_url: str) -> None:
    upgrade(migrated_url)

    assert await current_revision(migrated_url) == head_revision()


async def test_the_current_revision_can_be_read_through_an_existing_engine(
    engine: AsyncEngine,
) -> None:
    assert await current_revision(engine) == head_revision()


async def test_the_migrated_schema_matches_the_store_tables_the_code_queries(
    engine: AsyncEngine,
) -> None:
    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _parent: kind != "table" or name in STORE_TABLES,
            },
        )
        return list(compare_metadata(context, tables.metadata))

    async with engine.connect() as conn:
        assert await conn.run_sync(differences) == []
