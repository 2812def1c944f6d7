"""Database round trips per request, by kind, for the scenarios of the load benchmark.

    uv run python -m bench.api_load.statements

Runs the real app in-process (Litestar's TestClient) on a scratch PostgreSQL database and counts,
per request: on SQLAlchemy, pool checkouts, statements, and commits/rollbacks (each a round
trip), and which statements run while the global append lock is held; on the psycopg pools of the
hot paths (infrastructure/pg_pool.py), every execute (each one round trip, however many
statements it carries).
"""

import asyncio
import collections
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import psycopg
from litestar.testing import TestClient
from sqlalchemy import event

from api.app import create_app
from api.bootstrap import bootstrap_admin
from api.wiring import build_wiring
from bench.api_load.server import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    JWT_SECRET,
    database_url,
    scratch_database,
)
from infrastructure.migrate import upgrade
from infrastructure.pg_pool import PgPool
from infrastructure.settings import Settings


@dataclass
class Tally:
    checkouts: int = 0
    statements: int = 0
    ends: int = 0  # commit or rollback (a pool reset on return is a rollback)
    locked: int = 0  # statements issued while holding the append lock (lock call included)
    kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    holding: bool = False
    psycopg: int = 0

    def round_trips(self) -> int:
        return self.checkouts + self.statements + self.ends


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with scratch_database("bt_stmts") as db_name:
        url = database_url(db_name)
        settings = Settings.from_env(
            {
                "DATABASE_URL": url,
                "JWT_SECRET_KEY": JWT_SECRET,
                "ADMIN_EMAIL": ADMIN_EMAIL,
                "ADMIN_PASSWORD": ADMIN_PASSWORD,
                "LOGIN_ATTEMPTS_PER_MINUTE": "1000",
                "LOG_LEVEL": "WARNING",
            },
            env_file=None,
        )
        upgrade(settings.database_url)
        asyncio.run(bootstrap_admin(settings))
        wiring = build_wiring(settings)
        tally = Tally()
        engine = wiring.engine.sync_engine

        @event.listens_for(engine, "before_cursor_execute")
        def _statement(*args: Any) -> None:
            statement: str = args[2]
            tally.statements += 1
            first = " ".join(statement.split()[:3])
            tally.kinds[first] += 1
            if "pg_advisory_xact_lock" in statement:
                tally.holding = True
            if tally.holding:
                tally.locked += 1

        @event.listens_for(engine, "commit")
        def _commit(*args: Any) -> None:
            tally.ends += 1
            tally.holding = False

        @event.listens_for(engine, "rollback")
        def _rollback(*args: Any) -> None:
            tally.ends += 1
            tally.holding = False

        @event.listens_for(engine.pool, "checkout")
        def _checkout(*args: Any) -> None:
            tally.checkouts += 1

        count_psycopg_round_trips(tally)
        with TestClient(create_app(settings, wiring)) as client:
            token = client.post(
                "/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
            ).json()["data"]["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            member = client.post(
                "/api/users",
                json={"name": "M", "email": "m@example.com", "password": "member-pass-1"},
                headers=auth,
            ).json()["data"]
            project = client.post("/api/projects", json={"name": "P"}, headers=auth).json()["data"]
            bug: dict[str, Any] = {}
            for _ in range(3):  # warm caches, create a bug with some history
                bug = client.post(
                    "/api/bugs",
                    json={"project_id": project["id"], "title": "t", "description": "d"},
                    headers=auth,
                ).json()["data"]
            path = f"/api/bugs/{bug['id']}"
            requests: list[tuple[str, str, str, dict[str, Any] | None]] = [
                ("get bug", "GET", path, None),
                ("board", "GET", f"/api/projects/{project['id']}/board?limit=1000", None),
                ("report bug", "POST", "/api/bugs",
                 {"project_id": project["id"], "title": "t2", "description": "d"}),
                ("add comment", "POST", f"{path}/comments", {"text": "hello"}),
                ("assign", "PUT", path, {"assignee_id": member["id"]}),
                ("transition", "POST", f"{path}/transition", {"status": "in_progress"}),
                ("note", "PUT", path, {"resolution_note": "fixed"}),
                ("retitle", "PUT", path, {"title": "new title"}),
            ]  # fmt: skip
            print("| request | psycopg round trips | SQLAlchemy round trips | pool checkouts | "
                  "statements | commits/rollbacks | under the append lock |")  # fmt: skip
            print("|---|---|---|---|---|---|---|")
            for name, method, target, body in requests:
                before = Tally(
                    tally.checkouts,
                    tally.statements,
                    tally.ends,
                    tally.locked,
                    tally.kinds.copy(),
                    psycopg=tally.psycopg,
                )
                response = client.request(method, target, json=body, headers=auth)
                assert response.status_code < 300, response.text
                print(
                    f"| {name} | {tally.psycopg - before.psycopg} | "
                    f"{tally.round_trips() - before.round_trips()} | "
                    f"{tally.checkouts - before.checkouts} | "
                    f"{tally.statements - before.statements} | {tally.ends - before.ends} | "
                    f"{tally.locked - before.locked} |"
                )
                if name == "add comment":
                    kinds = tally.kinds - before.kinds
                    print(
                        "|  |  | " + ", ".join(f"{k} x{v}" for k, v in kinds.items()) + " | | | | |"
                    )


def count_psycopg_round_trips(tally: Tally) -> None:
    """Count executes on connections handed out by PgPool (SQLAlchemy's own are counted above,
    through its events, and run on psycopg cursors too)."""
    ours: set[int] = set()
    checkout = PgPool.connection
    execute = psycopg.AsyncCursor.execute

    @contextlib.asynccontextmanager
    async def connection(self: PgPool) -> AsyncIterator[Any]:
        async with checkout(self) as conn:
            ours.add(id(conn))
            yield conn

    async def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        if id(self.connection) in ours:
            tally.psycopg += 1
        return await execute(self, *args, **kwargs)

    PgPool.connection = connection  # type: ignore[method-assign]
    psycopg.AsyncCursor.execute = counted  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
