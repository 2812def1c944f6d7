"""Async engines tuned per database: SQLite serialises writers, PostgreSQL pools connections."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from infrastructure.codec import json_dumps, json_loads
from infrastructure.urls import is_sqlite_url, normalise_database_url

# Execution option naming connections that never write: on SQLite they open a deferred
# (shared, snapshot) transaction instead of taking the write lock.
READ_ONLY = "bugtracker_read_only"

SQLITE_BUSY_TIMEOUT_MS = 5000
PG_CONNECT_TIMEOUT_S = 5


def create_engine(
    url: str, *, pool_size: int = 10, max_overflow: int = 10, echo: bool = False
) -> AsyncEngine:
    """An AsyncEngine for ``url`` (any accepted spelling; see ``urls.normalise_database_url``)."""
    async_url = normalise_database_url(url)
    common: dict[str, Any] = {
        "echo": echo,
        "json_serializer": json_dumps,
        "json_deserializer": json_loads,
    }
    if is_sqlite_url(async_url):
        engine = create_async_engine(async_url, **common)
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        async_url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        # No pre-ping: it costs a round trip on every checkout. A connection that died with a
        # restarted server fails once (503, DatabaseUnavailableError) and SQLAlchemy then
        # invalidates the whole pool, so the next request gets fresh connections.
        pool_pre_ping=False,
        pool_recycle=1800,
        # Sessions in UTC: timestamps come back already in the zone the API speaks.
        connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "options": "-c timezone=UTC"},
        **common,
    )


def read_only(engine: AsyncEngine) -> AsyncEngine:
    """The same pool, for connections that only read: no write lock on SQLite, and on
    PostgreSQL autocommit, so a read costs its statement and no BEGIN/ROLLBACK round trips."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(**{READ_ONLY: True}, isolation_level="AUTOCOMMIT")
    return engine.execution_options(**{READ_ONLY: True})


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take transaction control from pysqlite, which would BEGIN DEFERRED lazily; "begin"
        # below emits our own BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode, fewer fsyncs
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock once
        # another writer committed (SQLITE_BUSY, busy_timeout does not help). BEGIN IMMEDIATE
        # takes the write lock up front, so concurrent writers queue instead of failing.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
