"""The composition root: the only place that picks adapters and hands them to use cases."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from api.live import Broadcaster
from api.metrics import count_committed, counting
from api.throttle import LoginThrottle
from application.auth import AuthService
from application.bugs import BugService
from application.ports import Clock, IdGenerator, PasswordHasher
from application.projects import ProjectService
from application.users import UserService
from infrastructure.clock import SystemClock, UuidIdGenerator
from infrastructure.db import create_engine, read_only
from infrastructure.event_store import SqlEventStore
from infrastructure.pg_event_store import PgEventStore
from infrastructure.pg_pool import PgPool
from infrastructure.security import Argon2PasswordHasher, JwtTokenIssuer
from infrastructure.settings import Settings
from projections.pg_inline import InlineSql
from projections.pg_queries import PgQueries
from projections.queries import ReadModels
from projections.registry import InlineProjections
from projections.time_travel import TimeTravel


@dataclass
class Wiring:
    settings: Settings
    engine: AsyncEngine
    store: SqlEventStore
    reads: ReadModels
    bugs: BugService
    projects: ProjectService
    users: UserService
    auth: AuthService
    time_travel: TimeTravel
    login_throttle: LoginThrottle
    clock: Clock
    ids: IdGenerator
    broadcaster: Broadcaster = field(default_factory=Broadcaster)
    pg_pools: tuple[PgPool, ...] = ()

    async def close(self) -> None:
        for pool in self.pg_pools:
            await pool.close()
        await self.engine.dispose()


def build_wiring(
    settings: Settings,
    *,
    hasher: PasswordHasher | None = None,
    clock: Clock | None = None,
) -> Wiring:
    clock = clock or SystemClock()
    ids = UuidIdGenerator()
    hasher = hasher or Argon2PasswordHasher()
    engine = create_engine(settings.database_url)
    broadcaster = Broadcaster()
    store: SqlEventStore
    fast: PgQueries | None = None
    pg_pools: tuple[PgPool, ...] = ()
    if settings.is_sqlite:
        store = SqlEventStore(engine, clock=clock, on_append=counting(InlineProjections()))
    else:
        # PostgreSQL: commands and the hottest reads on psycopg, each on a pool of its own
        # (infrastructure/pg_prepared.py says why they differ).
        commands = PgPool(settings.database_url, auto_prepare=False)
        reads_pool = PgPool(settings.database_url, auto_prepare=True)
        pg_pools = (commands, reads_pool)
        store = PgEventStore(
            engine, commands, clock=clock, inline=InlineSql(), on_committed=count_committed
        )
        fast = PgQueries(reads_pool.fetch)
    reads = ReadModels(read_only(engine), fast=fast)
    users = UserService(store, clock, hasher)
    tokens = JwtTokenIssuer(
        settings.jwt_secret_key,
        timedelta(minutes=settings.jwt_access_token_expires_minutes),
        clock,
        ids,
    )
    return Wiring(
        settings=settings,
        engine=engine,
        store=store,
        reads=reads,
        bugs=BugService(store, clock, reads),
        projects=ProjectService(store, clock),
        users=users,
        auth=AuthService(users, hasher, tokens, reads),
        time_travel=TimeTravel(store, reads),
        login_throttle=LoginThrottle(settings.login_attempts_per_minute),
        clock=clock,
        ids=ids,
        broadcaster=broadcaster,
        pg_pools=pg_pools,
    )
