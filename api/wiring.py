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
    pg_pool: PgPool | None = None

    async def close(self) -> None:
        if self.pg_pool is not None:
            await self.pg_pool.close()
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
    pg_pool: PgPool | None = None
    if settings.is_sqlite:
        store = SqlEventStore(engine, clock=clock, on_append=counting(InlineProjections()))
    else:
        # PostgreSQL: commands go through psycopg pipelines (one round trip for all writes).
        pg_pool = PgPool(settings.database_url)
        store = PgEventStore(
            engine, pg_pool, clock=clock, inline=InlineSql(), on_committed=count_committed
        )
    reads = ReadModels(
        read_only(engine), fast=PgQueries(pg_pool.fetch) if pg_pool is not None else None
    )
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
        pg_pool=pg_pool,
    )
