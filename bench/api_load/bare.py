"""The calibration line: a bare Litestar app, msgspec responses, an async psycopg pool, no auth.

    BARE_DSN=postgresql://postgres@127.0.0.1:5432/DB \
        granian --interface asgi bench.api_load.bare:app

GET /one/{id} reads one row of rm_bugs; GET /many/{project_id} reads up to 1,000 rows of the same
project in board order. Same tables, same database as the API it calibrates: the difference
between the two is what the application adds (auth, envelope, SQLAlchemy, read models).
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import msgspec
from litestar import Litestar, get
from litestar.exceptions import NotFoundException
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

COLUMNS = (
    "id, project_id, title, priority, status, rank, assignee_id, comment_count, "
    "created_at, updated_at, version"
)


class Row(msgspec.Struct):
    id: int
    project_id: int
    title: str
    priority: str
    status: str
    rank: str
    assignee_id: int | None
    comment_count: int
    created_at: datetime
    updated_at: datetime
    version: int


pool = AsyncConnectionPool(os.environ.get("BARE_DSN", ""), min_size=4, max_size=10, open=False)


@asynccontextmanager
async def lifespan(_: Litestar) -> AsyncIterator[None]:
    await pool.open(wait=True)
    try:
        yield
    finally:
        await pool.close()


@get("/health", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/one/{bug_id:int}")
async def one(bug_id: int) -> Row:
    async with pool.connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(f"SELECT {COLUMNS} FROM rm_bugs WHERE id = %s", (bug_id,))
        row = await cur.fetchone()
    if row is None:
        raise NotFoundException()
    return Row(*row)


@get("/many/{project_id:int}")
async def many(project_id: int) -> list[Row]:
    query = (
        f"SELECT {COLUMNS} FROM rm_bugs WHERE project_id = %s ORDER BY status, rank, id LIMIT 1000"
    )
    async with pool.connection() as conn, conn.cursor(row_factory=tuple_row) as cur:
        await cur.execute(query, (project_id,))
        rows = await cur.fetchall()
    return [Row(*row) for row in rows]


app = Litestar([health, one, many], lifespan=[lifespan], openapi_config=None, debug=False)
