"""Commands on PostgreSQL over psycopg: a unit of work sent as pipelines, not one by one.

A command reads what it must decide on (its stream, an id) as it goes, one round trip each,
the first carrying the BEGIN. Everything it writes (the append, the inline projections, the
checkpoint, its outcome, the doorbell) is queued and sent with the COMMIT as one pipeline,
with the append's lock, version check and insert in one server-side function
(``append_events``, migration 0003). So the global append lock is only ever held while
the server works through that last pipeline, never while a Python worker takes its turn.

Reads outside a command and rebuilds keep going through SQLAlchemy (``SqlEventStore``).
"""

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from sqlalchemy.ext.asyncio import AsyncEngine

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
    decode_outcome,
    encode_event,
    encode_metadata,
    encode_outcome,
    json_dumps,
    json_loads,
)
from infrastructure.errors import DatabaseUnavailableError, UnstorableValueError
from infrastructure.event_store import (
    APPEND_LOCK_KEY,
    APPEND_LOCK_TIMEOUT,
    EVENTS_CHANNEL,
    SqlEventStore,
    recorded_from_row,
)
from infrastructure.pg_pool import PgPool

Statement = tuple[str, Sequence[Any]]
# What runs in the append's transaction after its events: the inline projections, as SQL.
# The events' positions are drawn by the server inside the same pipeline, so ``position`` of
# the events handed over is 0; SQL that needs it looks it up by (stream_id, version).
InlineStatements = Callable[[Sequence[RecordedEvent]], list[Statement]]
# Told about the events once they are committed (metrics).
OnCommitted = Callable[[Sequence[RecordedEvent]], None]

STREAM_VERSION_MISMATCH = "BTC01"  # raised by append_events

READ_STREAM = (
    "SELECT position, stream_id, version, type, data::text, metadata::text, recorded_at"
    " FROM events WHERE stream_id = %s ORDER BY version"
)
APPEND = "SELECT append_events(%s, %s, %s, %s, %s, %s, %s, %s)"
ALLOCATE_ID = (
    "INSERT INTO id_counters (kind, last_id) VALUES (%s, 1) ON CONFLICT (kind)"
    " DO UPDATE SET last_id = id_counters.last_id + 1 RETURNING last_id"
)
CLAIM = (
    "INSERT INTO unique_claims (scope, value, owner) VALUES (%s, %s, %s)"
    " ON CONFLICT (scope, value) DO NOTHING"
)
CLAIM_OWNER = "SELECT owner FROM unique_claims WHERE scope = %s AND value = %s"
FIND_OUTCOME = "SELECT outcome::text FROM command_outcomes WHERE command_id = %s"
RECORD_OUTCOME = (
    "INSERT INTO command_outcomes (command_id, stream_id, outcome, recorded_at)"
    " VALUES (%s, %s, %s::jsonb, %s)"
)
NOTIFY = "SELECT pg_notify(%s, (SELECT max(position) FROM events)::text)"


class PgEventStore(SqlEventStore):
    """``EventStore`` whose units of work run on psycopg pipelines (PostgreSQL only)."""

    def __init__(
        self,
        engine: AsyncEngine,
        pool: PgPool,
        *,
        clock: Clock,
        inline: InlineStatements | None = None,
        on_committed: OnCommitted | None = None,
        notify_channel: str | None = EVENTS_CHANNEL,
    ) -> None:
        super().__init__(engine, clock=clock, notify_channel=notify_channel)
        self._pool = pool
        self._inline = inline
        self._on_committed = on_committed
        self._channel = notify_channel

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator["PgUnitOfWork"]:  # type: ignore[override]
        async with self._pool.connection() as conn:
            uow: PgUnitOfWork | None = None
            try:
                async with conn.pipeline() as pipeline:
                    uow = PgUnitOfWork(conn, pipeline, self._clock, self._inline, self._channel)
                    await conn.execute("BEGIN")  # queued: it travels with the first read
                    try:
                        yield uow
                        await uow.flush_and_commit()
                    except BaseException:
                        # Collect what an aborted pipeline still owes before leaving it.
                        with contextlib.suppress(psycopg.Error):
                            await pipeline.sync()
                        raise
            except psycopg.Error as error:
                await _rollback(conn)
                raise _translate(error, uow.appends if uow else []) from error
            except BaseException:
                await _rollback(conn)
                raise
        if self._on_committed is not None and uow.appended:
            self._on_committed(uow.appended)


class PgUnitOfWork:
    """``UnitOfWork`` on one psycopg connection in pipeline mode, inside one transaction."""

    def __init__(
        self,
        conn: psycopg.AsyncConnection[tuple[Any, ...]],
        pipeline: psycopg.AsyncPipeline,
        clock: Clock,
        inline: InlineStatements | None,
        channel: str | None,
    ) -> None:
        self._conn = conn
        self._pipeline = pipeline
        self._clock = clock
        self._inline = inline
        self._channel = channel
        self._writes: list[Statement] = []
        self.appends: list[list[RecordedEvent]] = []
        self.appended: list[RecordedEvent] = []

    async def read_stream(self, stream_id: str) -> StreamHistory:
        cursor = await self._conn.execute(READ_STREAM, (stream_id,))
        recorded = [recorded_from_row(row) for row in await cursor.fetchall()]
        version = recorded[-1].version if recorded else 0
        return StreamHistory(stream_id=stream_id, version=version, events=recorded)

    async def append(
        self,
        stream_id: str,
        events: Sequence[DomainEvent],
        *,
        expected_version: int,
        metadata: EventMetadata,
    ) -> list[RecordedEvent]:
        """Queued until commit; a stale ``expected_version`` raises ConcurrencyError then.

        The returned events carry position 0: positions are drawn when the pipeline runs.
        """
        if not events:
            return []
        recorded_at = self._clock.now().astimezone(UTC)
        tags: list[str] = []
        payloads: list[str] = []
        for event in events:
            tag, data = encode_event(event)
            tags.append(tag)
            payloads.append(json_dumps(data))
        self._writes.append(
            (
                APPEND,
                (
                    stream_id,
                    expected_version,
                    tags,
                    payloads,
                    json_dumps(encode_metadata(metadata)),
                    recorded_at,
                    APPEND_LOCK_KEY,
                    APPEND_LOCK_TIMEOUT,
                ),
            )
        )
        recorded = [
            RecordedEvent(
                position=0,
                stream_id=stream_id,
                version=expected_version + offset,
                event=event,
                metadata=metadata,
                recorded_at=recorded_at,
            )
            for offset, event in enumerate(events, start=1)
        ]
        if self._inline is not None:
            self._writes.extend(self._inline(recorded))
        self.appends.append(recorded)
        return recorded

    async def allocate_id(self, kind: str) -> int:
        """Upsert-increment: gap-free, since a rollback undoes the increment too."""
        cursor = await self._conn.execute(ALLOCATE_ID, (kind,))
        row = await cursor.fetchone()
        if row is None:  # an upsert with RETURNING always returns its row
            raise RuntimeError(f"no id drawn for {kind}")
        return int(row[0])

    async def claim(self, scope: str, value: str, owner: str) -> None:
        await self._conn.execute(CLAIM, (scope, value, owner))
        if await self.claim_owner(scope, value) != owner:
            raise UniqueClaimError(f"{scope} {value!r} is already taken")

    async def claim_owner(self, scope: str, value: str) -> str | None:
        cursor = await self._conn.execute(CLAIM_OWNER, (scope, value))
        row = await cursor.fetchone()
        return None if row is None else str(row[0])

    async def find_outcome(self, command_id: str) -> CommandOutcome | None:
        cursor = await self._conn.execute(FIND_OUTCOME, (command_id,))
        row = await cursor.fetchone()
        return None if row is None else decode_outcome(json_loads(row[0]))

    async def record_outcome(self, command_id: str, outcome: CommandOutcome) -> None:
        """Queued; a twin that committed first makes the commit raise DuplicateCommandError."""
        stored = json_dumps(encode_outcome(outcome))
        self._writes.append(
            (RECORD_OUTCOME, (command_id, outcome.stream_id, stored, self._clock.now()))
        )

    async def flush_and_commit(self) -> None:
        """Send every queued write and the COMMIT as one pipeline, and wait for it once."""
        cursor = self._conn.cursor()
        for sql, params in self._writes:
            await cursor.execute(sql, params)
        if self.appends and self._channel is not None:
            # A doorbell only: listeners re-read the log from their own checkpoint.
            await cursor.execute(NOTIFY, (self._channel,))
        await self._conn.execute("COMMIT")
        await self._pipeline.sync()
        self.appended = [event for batch in self.appends for event in batch]


def _translate(error: psycopg.Error, appends: Sequence[Sequence[RecordedEvent]]) -> Exception:
    """What a failed command pipeline means to the application."""
    if isinstance(error, pg_errors.UniqueViolation):
        return _unique_violation(error, appends)
    if isinstance(error, psycopg.DatabaseError) and error.sqlstate == STREAM_VERSION_MISMATCH:
        stream_id, expected = _mismatch(error, appends)
        return ConcurrencyError(stream_id, expected)
    if isinstance(error, psycopg.DataError):
        return UnstorableValueError(str(error))
    if isinstance(error, psycopg.OperationalError):
        # Connection lost, server shutting down, the append lock's timeout: retry later.
        return DatabaseUnavailableError()
    return error


def _unique_violation(
    error: pg_errors.UniqueViolation, appends: Sequence[Sequence[RecordedEvent]]
) -> Exception:
    constraint = error.diag.constraint_name or ""
    if constraint.startswith("command_outcomes"):
        return DuplicateCommandError("the command was already recorded")
    if constraint == "uq_events_stream_version" and appends:
        first = appends[0][0]
        return ConcurrencyError(first.stream_id, first.version - 1)
    return error


def _mismatch(
    error: psycopg.DatabaseError, appends: Sequence[Sequence[RecordedEvent]]
) -> tuple[str, int]:
    message = error.diag.message_primary or ""
    for batch in appends:
        if batch and f"stream {batch[0].stream_id} " in message:
            return batch[0].stream_id, batch[0].version - 1
    first = appends[0][0]
    return first.stream_id, first.version - 1


async def _rollback(conn: psycopg.AsyncConnection[tuple[Any, ...]]) -> None:
    if conn.closed or conn.broken:
        return
    try:
        await conn.execute("ROLLBACK")
    except psycopg.Error:
        await conn.close()  # the pool throws a closed connection away
