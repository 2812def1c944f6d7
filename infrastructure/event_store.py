"""The SQL event store: one append-only log plus id counters, unique claims and command outcomes.

Everything a command does (claims, ids, events, inline projections, its outcome) commits in
one database transaction, so a failure anywhere leaves no trace.
"""

import asyncio
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, Text, cast, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from application.errors import ConcurrencyError, DuplicateCommandError, UniqueClaimError
from application.ports import (
    Clock,
    CommandOutcome,
    EventMetadata,
    RecordedEvent,
    StreamHistory,
)
from domain.catalog import DomainEvent
from infrastructure.codec import (
    decode_event_json,
    decode_metadata_json,
    decode_outcome,
    encode_event,
    encode_metadata,
    encode_outcome,
)
from infrastructure.db import SQLITE_BUSY_TIMEOUT_MS, read_only
from infrastructure.errors import DatabaseUnavailableError, is_unavailable
from infrastructure.tables import command_outcomes, id_counters, unique_claims
from infrastructure.tables import events as log

OnAppend = Callable[[AsyncConnection, Sequence[RecordedEvent]], Awaitable[None]]

# Key of the transaction-scoped advisory lock that serialises appends on PostgreSQL.
APPEND_LOCK_KEY = 0x6275_6774_7261_636B  # "bugtrack"
# A writer stuck behind a hung transaction gives up (HTTP 503) instead of piling up.
APPEND_LOCK_TIMEOUT = "5s"
# pg_notify channel rung once per append transaction; the API LISTENs to fan out live updates.
EVENTS_CHANNEL = "bugtracker_events"
STREAMS_PER_QUERY = 500


class SqlEventStore:
    """``EventStore`` on PostgreSQL or SQLite through SQLAlchemy Core (async)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Clock,
        on_append: OnAppend | None = None,
        notify_channel: str | None = EVENTS_CHANNEL,
    ) -> None:
        self._engine = engine
        self._reader = read_only(engine)
        self._clock = clock
        self._on_append = on_append
        self._notify_channel = notify_channel
        self._gate = _LoopLock()

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator["SqlUnitOfWork"]:
        """One database transaction: commits if the block succeeds, rolls back otherwise."""
        async with self._writer_turn(), _translated(), self._engine.begin() as conn:
            yield SqlUnitOfWork(conn, self._clock, self.lock_appends, self._appended)

    @asynccontextmanager
    async def _writer_turn(self) -> AsyncIterator[None]:
        """On SQLite, queue this process's writers first-come first-served.

        SQLite admits one writer at a time and waiting writers poll with back-off, so under
        load one can starve past busy_timeout while others keep winning. Queueing in-process
        writers on a lock makes waiting fair and cheap; busy_timeout still covers writers in
        other processes. The wait is bounded just like busy_timeout.
        """
        if self._engine.dialect.name != "sqlite":
            yield
            return
        gate = self._gate.get()
        try:
            async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_MS / 1000):
                await gate.acquire()
        except TimeoutError:
            raise DatabaseUnavailableError("The database is busy, try again shortly") from None
        try:
            yield
        finally:
            gate.release()

    async def read_stream(self, stream_id: str) -> StreamHistory:
        async with _translated(), self._reader.connect() as conn:
            return await read_stream(conn, stream_id)

    async def read_streams(
        self, stream_ids: Sequence[str], *, until: datetime | None = None
    ) -> list[RecordedEvent]:
        """Events of several streams in global order, recorded at or before ``until``."""
        wanted = sorted(set(stream_ids))
        recorded: list[RecordedEvent] = []
        # Chunks keep each IN list well under SQLite's bound-parameter limit.
        async with _translated(), self._reader.connect() as conn:
            for start in range(0, len(wanted), STREAMS_PER_QUERY):
                query = select(*_LOG_COLUMNS).where(
                    log.c.stream_id.in_(wanted[start : start + STREAMS_PER_QUERY])
                )
                if until is not None:
                    query = query.where(log.c.recorded_at <= until)
                rows = (await conn.execute(query.order_by(log.c.position))).all()
                recorded.extend(recorded_from_row(row) for row in rows)
        recorded.sort(key=lambda event: event.position)
        return recorded

    async def read_all(
        self, *, after: int = 0, limit: int = 1000, until: datetime | None = None
    ) -> list[RecordedEvent]:
        """Events with ``position > after`` in position order, at most ``limit`` of them.

        Appends are serialised (see ``lock_appends``), so positions become visible in order:
        a reader that saw position p never later finds a new event below p.
        """
        query = select(*_LOG_COLUMNS).where(log.c.position > after)
        if until is not None:
            query = query.where(log.c.recorded_at <= until)
        query = query.order_by(log.c.position).limit(limit)
        async with _translated(), self._reader.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [recorded_from_row(row) for row in rows]

    async def head_position(self) -> int:
        async with _translated(), self._reader.connect() as conn:
            head = await conn.scalar(select(func.coalesce(func.max(log.c.position), 0)))
        return int(head or 0)

    async def claim_owner(self, scope: str, value: str) -> str | None:
        """Who holds a unique value, read outside any write transaction (e.g. at login)."""
        async with _translated(), self._reader.connect() as conn:
            owner: str | None = await conn.scalar(
                select(unique_claims.c.owner).where(
                    unique_claims.c.scope == scope, unique_claims.c.value == value
                )
            )
        return owner

    async def lock_appends(self, conn: AsyncConnection) -> None:
        """Hold the global append lock until ``conn``'s transaction ends.

        PostgreSQL draws positions from an identity, at INSERT time, but transactions commit
        in any order: without this lock a reader could see position 12 committed while 11 is
        still in flight, move its checkpoint past 11 and never see it. Under the lock,
        positions are drawn in commit order. PostgreSQL makes a commit visible before it
        releases the transaction's locks, so when the next writer draws its first position
        every smaller one is already visible (pyeventsourcing and message-db rely on the
        same). SQLite needs nothing: BEGIN IMMEDIATE already serialises writers.
        Projection rebuilds take this lock too, to freeze the log while they swap tables.
        """
        if conn.dialect.name == "postgresql":
            # One round trip: the timeout is set (for this transaction) before the lock is asked.
            await conn.execute(
                text(
                    "SELECT set_config('lock_timeout', :timeout, true), pg_advisory_xact_lock(:key)"
                ),
                {"timeout": APPEND_LOCK_TIMEOUT, "key": APPEND_LOCK_KEY},
            )

    async def _appended(self, conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        if self._on_append is not None:
            await self._on_append(conn, recorded)
        if self._notify_channel is not None and conn.dialect.name == "postgresql":
            # A doorbell only: listeners re-read the log from their own checkpoint.
            await conn.execute(
                select(func.pg_notify(self._notify_channel, str(recorded[-1].position)))
            )


class SqlUnitOfWork:
    """``UnitOfWork`` bound to one connection inside one transaction."""

    def __init__(
        self,
        conn: AsyncConnection,
        clock: Clock,
        lock_appends: Callable[[AsyncConnection], Awaitable[None]],
        appended: OnAppend,
    ) -> None:
        self._conn = conn
        self._clock = clock
        self._lock_appends = lock_appends
        self._appended = appended

    @property
    def connection(self) -> AsyncConnection:
        return self._conn

    async def read_stream(self, stream_id: str) -> StreamHistory:
        return await read_stream(self._conn, stream_id)

    async def append(
        self,
        stream_id: str,
        events: Sequence[DomainEvent],
        *,
        expected_version: int,
        metadata: EventMetadata,
    ) -> list[RecordedEvent]:
        if not events:
            return []
        current = await self._lock_and_read_version(stream_id)
        if current != expected_version:
            raise ConcurrencyError(stream_id, expected_version, current)
        # Taken under the lock, so recorded_at never goes backwards along the log.
        recorded_at = self._clock.now().astimezone(UTC)
        stored_metadata = encode_metadata(metadata)
        rows: list[dict[str, Any]] = []
        for offset, event in enumerate(events, start=1):
            tag, data = encode_event(event)
            rows.append(
                {
                    "stream_id": stream_id,
                    "version": expected_version + offset,
                    "type": tag,
                    "data": data,
                    "metadata": stored_metadata,
                    "recorded_at": recorded_at,
                }
            )
        statement = log.insert().returning(log.c.position, sort_by_parameter_order=True)
        try:
            positions = (await self._conn.execute(statement, rows)).scalars().all()
        except IntegrityError as error:
            # The UNIQUE(stream_id, version) backstop: a concurrent append won the race.
            raise ConcurrencyError(stream_id, expected_version) from error
        recorded = [
            RecordedEvent(
                position=position,
                stream_id=stream_id,
                version=expected_version + offset,
                event=event,
                metadata=metadata,
                recorded_at=recorded_at,
            )
            for offset, (position, event) in enumerate(zip(positions, events, strict=True), 1)
        ]
        await self._appended(self._conn, recorded)
        return recorded

    async def _lock_and_read_version(self, stream_id: str) -> int:
        """Take the append lock and read the stream's version, in one round trip on PostgreSQL.

        The version is read from the statement's snapshot, which may predate a writer this one
        waited for: that writer's versions then collide with ours on UNIQUE(stream_id, version),
        which also ends in ConcurrencyError. A stale expectation is caught either way.
        """
        if self._conn.dialect.name != "postgresql":
            await self._lock_appends(self._conn)
            return await _stream_version(self._conn, stream_id)
        row = (
            await self._conn.execute(
                text(
                    "SELECT set_config('lock_timeout', :timeout, true), "
                    "pg_advisory_xact_lock(:key), "
                    "(SELECT coalesce(max(version), 0) FROM events WHERE stream_id = :stream)"
                ),
                {"timeout": APPEND_LOCK_TIMEOUT, "key": APPEND_LOCK_KEY, "stream": stream_id},
            )
        ).one()
        return int(row[2])

    async def allocate_id(self, kind: str) -> int:
        """Upsert-increment: gap-free, since a rollback undoes the increment too."""
        insert = _insert(self._conn, id_counters).values(kind=kind, last_id=1)
        statement = insert.on_conflict_do_update(
            index_elements=[id_counters.c.kind],
            set_={"last_id": id_counters.c.last_id + 1},
        ).returning(id_counters.c.last_id)
        return int((await self._conn.execute(statement)).scalar_one())

    async def claim(self, scope: str, value: str, owner: str) -> None:
        statement = (
            _insert(self._conn, unique_claims)
            .values(scope=scope, value=value, owner=owner)
            .on_conflict_do_nothing(index_elements=[unique_claims.c.scope, unique_claims.c.value])
        )
        await self._conn.execute(statement)
        holder = await self.claim_owner(scope, value)
        if holder != owner:
            raise UniqueClaimError(f"{scope} {value!r} is already taken")

    async def claim_owner(self, scope: str, value: str) -> str | None:
        return await self._conn.scalar(
            select(unique_claims.c.owner).where(
                unique_claims.c.scope == scope, unique_claims.c.value == value
            )
        )

    async def find_outcome(self, command_id: str) -> CommandOutcome | None:
        stored = await self._conn.scalar(
            select(command_outcomes.c.outcome).where(command_outcomes.c.command_id == command_id)
        )
        return None if stored is None else decode_outcome(stored)

    async def record_outcome(self, command_id: str, outcome: CommandOutcome) -> None:
        statement = command_outcomes.insert().values(
            command_id=command_id,
            stream_id=outcome.stream_id,
            outcome=encode_outcome(outcome),
            recorded_at=self._clock.now(),
        )
        try:
            await self._conn.execute(statement)
        except IntegrityError as error:
            raise DuplicateCommandError(f"command {command_id} was already recorded") from error


async def read_stream(conn: AsyncConnection, stream_id: str) -> StreamHistory:
    query = select(*_LOG_COLUMNS).where(log.c.stream_id == stream_id).order_by(log.c.version)
    recorded = [recorded_from_row(row) for row in (await conn.execute(query)).all()]
    version = recorded[-1].version if recorded else 0
    return StreamHistory(stream_id=stream_id, version=version, events=recorded)


# JSON columns come back as text, decoded by msgspec into typed events in one pass (several
# times faster than the driver building dicts and msgspec converting them).
_LOG_COLUMNS = (
    log.c.position,
    log.c.stream_id,
    log.c.version,
    log.c.type,
    cast(log.c.data, Text).label("data"),
    cast(log.c.metadata, Text).label("metadata"),
    log.c.recorded_at,
)


async def _stream_version(conn: AsyncConnection, stream_id: str) -> int:
    version = await conn.scalar(
        select(func.coalesce(func.max(log.c.version), 0)).where(log.c.stream_id == stream_id)
    )
    return int(version or 0)


def recorded_from_row(row: Sequence[Any]) -> RecordedEvent:
    position, stream_id, version, tag, data, metadata, recorded_at = tuple(row)
    return RecordedEvent(
        position=position,
        stream_id=stream_id,
        version=version,
        event=decode_event_json(tag, data),
        metadata=decode_metadata_json(metadata),
        recorded_at=recorded_at,
    )


def _insert(conn: AsyncConnection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which knows ON CONFLICT (both spell it the same way)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class _LoopLock:
    """An asyncio.Lock per event loop (a lock is bound to the loop it is first used in)."""

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock


@asynccontextmanager
async def _translated() -> AsyncIterator[None]:
    """Driver errors meaning "the database cannot serve now" become DatabaseUnavailableError."""
    try:
        yield
    except DBAPIError as error:
        if is_unavailable(error):
            raise DatabaseUnavailableError() from error
        raise
    except OSError as error:  # connection refused before the driver wrapped it
        raise DatabaseUnavailableError() from error
