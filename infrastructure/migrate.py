"""Run the Alembic migrations from code (CLI, app start-up, tests): no alembic.ini needed."""

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure.db import create_engine, read_only

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        # Attributes, not main options: a password with "%" would break ini interpolation.
        config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate ``url`` up to ``revision``. Sync (own short-lived sync engine): call it before
    the event loop starts, or through ``anyio.to_thread.run_sync``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


@functools.cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


async def current_revision(database: str | AsyncEngine) -> str | None:
    """The revision ``database`` (a URL or an engine to reuse) is at; None if never migrated."""
    engine = create_engine(database) if isinstance(database, str) else database
    try:
        async with read_only(engine).connect() as conn:
            return await conn.run_sync(_revision_of)
    finally:
        if isinstance(database, str):
            await engine.dispose()


def _revision_of(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
