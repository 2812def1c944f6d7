"""A psycopg connection pool for the hot paths on PostgreSQL (commands and the busiest reads).

SQLAlchemy stays the way to everything else; these paths talk to psycopg directly because
SQLAlchemy's async layer costs more per statement than the statement itself (measured in
docs/benchmarks.md, "API load"). Connections are in autocommit: a reader pays for its query
and nothing else, and a unit of work sends its own BEGIN in the same query as its first
statement that needs the transaction.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from infrastructure.db import PG_CONNECT_TIMEOUT_S
from infrastructure.errors import DatabaseUnavailableError, UnstorableValueError
from infrastructure.pg_prepared import PreparedStatements
from infrastructure.urls import libpq_dsn, normalise_database_url

# On a pool for reads, psycopg prepares a statement on the server once the same SQL text has
# run this often. A pool for commands leaves that off and prepares its own statements
# (PreparedStatements, whose docstring says why).
AUTO_PREPARE_THRESHOLD = 2
# How long a request waits for a free connection before answering 503.
CHECKOUT_TIMEOUT_S = 5.0


Query = tuple[str, Sequence[Any]]


class PgPool:
    """An AsyncConnectionPool opened on first use, in the event loop that uses it."""

    def __init__(
        self, database_url: str, *, min_size: int = 2, max_size: int = 10, auto_prepare: bool
    ) -> None:
        self._auto_prepare = auto_prepare
        self._conninfo = libpq_dsn(normalise_database_url(database_url))
        self._min_size = min_size
        self._max_size = max_size
        self._pool: AsyncConnectionPool[psycopg.AsyncConnection[tuple[object, ...]]] | None = None
        self._opening = asyncio.Lock()
        self._checking: asyncio.Future[None] | None = None
        self.prepared = PreparedStatements()

    async def _opened(self) -> AsyncConnectionPool[psycopg.AsyncConnection[tuple[object, ...]]]:
        if self._pool is not None:
            return self._pool
        async with self._opening:
            if self._pool is None:
                pool: AsyncConnectionPool[psycopg.AsyncConnection[tuple[object, ...]]] = (
                    AsyncConnectionPool(
                        self._conninfo,
                        min_size=self._min_size,
                        max_size=self._max_size,
                        timeout=CHECKOUT_TIMEOUT_S,
                        open=False,
                        kwargs={
                            "autocommit": True,
                            "prepare_threshold": (
                                AUTO_PREPARE_THRESHOLD if self._auto_prepare else None
                            ),
                            "connect_timeout": PG_CONNECT_TIMEOUT_S,
                            # UTC sessions: timestamps come back in the zone the API speaks.
                            "options": "-c timezone=UTC",
                        },
                    )
                )
                await pool.open(wait=False)
                self._pool = pool
        return self._pool

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[tuple[object, ...]]]:
        """A connection for one request; database outages surface as DatabaseUnavailableError."""
        pool = await self._opened()
        try:
            async with pool.connection() as conn:
                yield conn
        except PoolTimeout as error:
            raise DatabaseUnavailableError("The database is busy, try again shortly") from error
        except psycopg.DataError as error:  # a NUL in a search term, say: the client's 400
            raise UnstorableValueError(str(error)) from error
        except psycopg.OperationalError as error:
            self._check_soon(pool)
            raise DatabaseUnavailableError() from error
        except DatabaseUnavailableError:  # already translated by the caller
            self._check_soon(pool)
            raise

    async def fetch(self, queries: Sequence[Query]) -> list[list[tuple[Any, ...]]]:
        """The rows of each query, in turn on one connection (prepared after a couple of runs
        on a pool with ``auto_prepare``)."""
        results: list[list[tuple[Any, ...]]] = []
        async with self.connection() as conn:
            for sql, params in queries:
                cursor = await conn.execute(sql, params)
                results.append(await cursor.fetchall())
        return results

    def _check_soon(
        self, pool: AsyncConnectionPool[psycopg.AsyncConnection[tuple[object, ...]]]
    ) -> None:
        """No check on checkout (it would cost a round trip per request): a connection that
        died with a restarted server fails once, and then every idle one is checked, so the
        outage costs one 503 instead of one per pooled connection."""
        self._checking = self._checking or asyncio.ensure_future(self._check(pool))

    async def _check(
        self, pool: AsyncConnectionPool[psycopg.AsyncConnection[tuple[object, ...]]]
    ) -> None:
        try:
            with contextlib.suppress(Exception):  # still down: the next failure checks again
                await pool.check()
        finally:
            self._checking = None

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
