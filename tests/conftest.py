"""Shared fixtures: the anyio backend and throwaway databases on PostgreSQL and SQLite.

``database_url`` is parametrised over both databases, so a test asking for it (or for
``migrated_url``/``engine``/``event_store``) runs once on each. Every test gets a fresh database:
a file under ``tmp_path`` for SQLite, a new ``bt_test_<hex>`` database for PostgreSQL.

PostgreSQL is reached through ``TEST_PG_ADMIN_DSN`` (default: user postgres on 127.0.0.1:5432,
trust auth). When it is unreachable the PostgreSQL cases fail: they are never skipped.
"""

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from infrastructure.clock import SystemClock
from infrastructure.db import create_engine
from infrastructure.event_store import SqlEventStore
from infrastructure.migrate import upgrade

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


class PostgresServer:
    """Creates and drops scratch databases through an autocommit admin connection."""

    def __init__(self, admin_dsn: str) -> None:
        self._admin_dsn = admin_dsn
        self._created: set[str] = set()

    def create_database(self) -> str:
        """A fresh empty database; returns its async SQLAlchemy URL."""
        name = f"bt_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self._admin_dsn, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self._created.add(name)
        url = make_url(self._admin_dsn).set(drivername="postgresql+psycopg", database=name)
        return url.render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        if name is None or name not in self._created:
            return
        with psycopg.connect(self._admin_dsn, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        self._created.discard(name)

    def drop_all(self) -> None:
        for name in list(self._created):
            self.drop_database(f"postgresql+psycopg:///{name}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as error:
        # Never a silent skip: every integration test also runs on PostgreSQL, or fails.
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN} (see README): {error}")
    server = PostgresServer(PG_ADMIN_DSN)
    yield server
    server.drop_all()


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database (async URL), once per database kind."""
    if request.param == "sqlite":
        directory = tmp_path_factory.mktemp("sqlite")
        yield f"sqlite+aiosqlite:///{(directory / 'bugtracker.db').as_posix()}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade(database_url)
    return database_url


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def event_store(engine: AsyncEngine) -> SqlEventStore:
    return SqlEventStore(engine, clock=SystemClock())
