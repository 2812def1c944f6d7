"""Alembic environment: runs the hand-written migrations over a sync driver.

The URL comes from ``config.attributes["url"]`` (infrastructure.migrate), else from
``sqlalchemy.url`` in alembic.ini, else from the application's settings (DATABASE_URL).
Async URLs are mapped to their sync twin: pysqlite for SQLite, psycopg 3 in sync mode.
"""

from alembic import context
from sqlalchemy import create_engine, pool, text
from sqlalchemy.engine import Connection

from infrastructure.settings import Settings
from infrastructure.urls import sync_database_url

# Serialises concurrent migrators (several app instances starting at once) on PostgreSQL.
MIGRATION_LOCK_KEY = 0x6275_676D_6967_7261  # "bugmigra"

config = context.config


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    return str(url) if url else Settings.from_env().database_url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None, compare_type=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=sync_database_url(_url()), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(sync_database_url(_url()), poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
