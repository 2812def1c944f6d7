"""An in-process tracker over the real SQL store with inline projections (read-side tests)."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from application.bugs import BugService
from application.context import Actor, CommandContext
from application.projects import ProjectService
from application.users import UserService
from domain.users.model import Role
from infrastructure.event_store import SqlEventStore
from infrastructure.pg_event_store import PgEventStore
from infrastructure.pg_pool import PgPool
from projections.pg_inline import InlineSql
from projections.pg_queries import PgQueries
from projections.queries import ReadModels
from projections.registry import InlineProjections
from projections.replay import Replayer
from projections.time_travel import TimeTravel
from tests.fakes import FakeHasher
from tests.integration.support import TickingClock


@dataclass
class Tracker:
    store: SqlEventStore
    reads: ReadModels
    bugs: BugService
    projects: ProjectService
    users: UserService
    replayer: Replayer
    time_travel: TimeTravel
    clock: TickingClock
    admin: Actor
    pools: tuple[PgPool, ...] = ()
    commands: int = 0

    async def close(self) -> None:
        for pool in self.pools:
            await pool.close()

    def context(self, actor: Actor | None = None) -> CommandContext:
        self.commands += 1
        return CommandContext(actor=actor or self.admin, command_id=uuid.uuid4().hex)

    async def member(self, name: str) -> Actor:
        email = f"{name.lower()}-{uuid.uuid4().hex[:10]}@example.com"
        outcome = await self.users.create(
            self.context(), name=name, email=email, password="password-1"
        )
        return Actor(user_id=outcome.aggregate_id, name=name, role=Role.MEMBER)


async def tracker(engine: AsyncEngine) -> Tracker:
    """On PostgreSQL, wired as the app is: commands on psycopg pipelines, hot reads on psycopg."""
    clock = TickingClock()
    store: SqlEventStore
    pools: tuple[PgPool, ...] = ()
    fast: PgQueries | None = None
    if engine.dialect.name == "postgresql":
        url = engine.url.render_as_string(hide_password=False)
        commands = PgPool(url, min_size=1, max_size=4, auto_prepare=False)
        reads_pool = PgPool(url, min_size=1, max_size=4, auto_prepare=True)
        pools = (commands, reads_pool)
        store = PgEventStore(engine, commands, clock=clock, inline=InlineSql())
        fast = PgQueries(reads_pool.fetch)
    else:
        store = SqlEventStore(engine, clock=clock, on_append=InlineProjections())
    users = UserService(store, clock, FakeHasher())
    bootstrap = CommandContext(actor=None, command_id="bootstrap")
    outcome = await users.ensure_admin(
        bootstrap, name="Ada", email="ada@example.com", password="password-1"
    )
    admin = Actor(user_id=outcome.aggregate_id, name="Ada", role=Role.ADMIN)
    reads = ReadModels(engine, fast=fast)
    return Tracker(
        store=store,
        reads=reads,
        bugs=BugService(store, clock),
        projects=ProjectService(store, clock),
        users=users,
        replayer=Replayer(engine, store, store.lock_appends),
        time_travel=TimeTravel(store, reads),
        clock=clock,
        admin=admin,
        pools=pools,
    )


ONE_SECOND = timedelta(seconds=1)
