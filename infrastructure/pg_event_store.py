"""Commands on PostgreSQL over psycopg: every write of a command sent in one round trip.

A command reads what it must decide on (its stream, an id) as it goes. Everything it writes
(the append, the inline projections, the checkpoint, its outcome, the doorbell) is queued and
sent with the COMMIT as one multi-statement query, with the append's lock, version check and
insert in one server-side function (``append_events``, migration 0003). So the global
append lock is only ever held while the server works through that last query, never while a
Python worker waits for its turn on the event loop.

Reads outside a command and rebuilds keep going through SQLAlchemy (``SqlEventStore``).
"""

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC
from typing import Any

import msgspec
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
from infrastructure.pg_prepared import PreparedStatements

Statement = tuple[str, Sequence[Any]]
# What runs in the append's transaction after its events: the inline projections, as SQL.
# The events' positions are drawn by the server when the commit runs, so ``position`` of
# the events handed over is 0; SQL that needs it looks it up by (stream_id, version).
InlineStatements = Callable[[Sequence[RecordedEvent]], list[Statement]]
# Told about the events once they are committed (metrics).
OnCommitted = Callable[[Sequence[RecordedEvent]], None]

STREAM_VERSION_MISMATCH = "BTC01"  # raised by append_events


class _StoredEvent(msgspec.Struct):
    """One element of append_events' JSON array."""

    type: str
    data: Any


_json = msgspec.json.Encoder()

READ_STREAM = (
    "SELECT position, stream_id, version, type, data::text, metadata::text, recorded_at"
    " FROM events WHERE stream_id = %s ORDER BY version"
)
APPEND = "SELECT append_events(%s, %s, %s, %s, %s, %s, %s)"
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
    """``EventStore`` whose units of work write in one round trip (PostgreSQL only).

    Reading the log (``read_all``, ``read_streams``, ``head_position``, ...) and the append
    lock for rebuilds are inherited from ``SqlEventStore``; only the unit of work differs.
    """

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
        self._prepared = pool.prepared

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator["PgUnitOfWork"]:  # type: ignore[override]
        async with self._pool.connection() as conn:
            uow = PgUnitOfWork(
                conn, self._clock, self._inline, self._notify_channel, self._prepared
            )
            try:
                yield uow
                await uow.commit()
            except psycopg.Error as error:
                await uow.rollback()
                translated = _translate(error, uow.appends)
                if translated is error:
                    raise
                raise translated from error
            except BaseException:
                await uow.rollback()
                raise
            finally:
                await uow.prepare_what_was_sent_raw()
        if self._on_committed is not None and uow.appended:
            self._on_committed(uow.appended)


class PgUnitOfWork:
    """``UnitOfWork`` on one psycopg connection: reads as they come, writes all at commit.

    Reads run as they are asked for. Whatever must hold a row lock or roll back with the
    command (an id drawn, a claim) opens the transaction, its BEGIN sent in the same round trip.
    Everything written is queued and sent with the COMMIT as one multi-statement query, its
    values bound client-side by psycopg: one round trip and one wait for the whole write,
    where a psycopg pipeline costs the event loop a wait per statement (measured in
    docs/benchmarks.md, "API load"). Reads outside the transaction are safe: under READ
    COMMITTED every statement sees a fresh snapshot anyway, and the append re-checks the
    stream's version under the append lock.
    """

    def __init__(
        self,
        conn: psycopg.AsyncConnection[tuple[Any, ...]],
        clock: Clock,
        inline: InlineStatements | None,
        channel: str | None,
        prepared: PreparedStatements,
    ) -> None:
        self._conn = conn
        self._prepared = prepared
        self._writer = psycopg.AsyncClientCursor(conn)
        self._begun = False
        self._clock = clock
        self._inline = inline
        self._channel = channel
        self._writes: list[Statement] = []
        self._unprepared: set[str] = set()
        self.appends: list[list[RecordedEvent]] = []
        self.appended: list[RecordedEvent] = []

    async def _in_transaction(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """Run ``sql`` inside the transaction (opening it) and return its first row, if any."""
        statement = await self._render([(sql, params)])
        if self._begun:
            await self._writer.execute(statement)
        else:
            await self._writer.execute("BEGIN; " + statement)
            self._begun = True
            self._writer.nextset()  # past BEGIN's result, to the statement's
        row: tuple[Any, ...] | None = None
        if self._writer.description is not None:
            row = await self._writer.fetchone()
        return row

    async def read_stream(self, stream_id: str) -> StreamHistory:
        await self._writer.execute(await self._render([(READ_STREAM, (stream_id,))]))
        recorded = [recorded_from_row(row) for row in await self._writer.fetchall()]
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

        The returned events carry position 0: positions are drawn by the server when the commit
        runs (which is why a command's outcome does not report one).
        """
        if not events:
            return []
        recorded_at = self._clock.now().astimezone(UTC)
        payload = [_StoredEvent(*encode_event(event)) for event in events]
        self._writes.append(
            (
                APPEND,
                (
                    stream_id,
                    expected_version,
                    _json.encode(payload).decode(),
                    _json.encode(encode_metadata(metadata)).decode(),
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
        row = await self._in_transaction(ALLOCATE_ID, (kind,))
        if row is None:  # an upsert with RETURNING always returns its row
            raise RuntimeError(f"no id drawn for {kind}")
        return int(row[0])

    async def claim(self, scope: str, value: str, owner: str) -> None:
        await self._in_transaction(CLAIM, (scope, value, owner))
        if await self.claim_owner(scope, value) != owner:
            raise UniqueClaimError(f"{scope} {value!r} is already taken")

    async def claim_owner(self, scope: str, value: str) -> str | None:
        row = await self._in_transaction(CLAIM_OWNER, (scope, value))
        return None if row is None else str(row[0])

    async def find_outcome(self, command_id: str) -> CommandOutcome | None:
        row = await self._in_transaction(FIND_OUTCOME, (command_id,))
        return None if row is None else decode_outcome(json_loads(row[0]))

    async def record_outcome(self, command_id: str, outcome: CommandOutcome) -> None:
        """Queued; a twin that committed first makes the commit raise DuplicateCommandError."""
        stored = json_dumps(encode_outcome(outcome))
        self._writes.append(
            (RECORD_OUTCOME, (command_id, outcome.stream_id, stored, self._clock.now()))
        )

    async def _render(self, statements: Sequence[Statement]) -> str:
        """The statements as one query text: prepared ones as EXECUTE. Outside a transaction the
        missing ones are prepared first; inside one they go as they are this time and are
        prepared once it ends (``prepare_what_was_sent_raw``)."""
        if not self._begun:
            await self._prepared.prepare(self._writer, (sql for sql, _ in statements))
        else:
            self._unprepared.update(
                sql for sql, _ in statements if not self._prepared.holds(self._conn, sql)
            )
        return "; ".join(self._prepared.render(self._writer, sql, p) for sql, p in statements)

    async def prepare_what_was_sent_raw(self) -> None:
        """After the transaction: prepare the statements it had to send unprepared. Best
        effort: the command is over, whatever happens here (a broken connection is thrown
        away by the pool, and the statement is simply prepared another time)."""
        idle = psycopg.pq.TransactionStatus.IDLE
        if (
            self._unprepared
            and not self._conn.closed
            and self._conn.info.transaction_status == idle
        ):
            with contextlib.suppress(psycopg.Error):
                await self._prepared.prepare(self._writer, self._unprepared)
        self._unprepared.clear()

    async def rollback(self) -> None:
        """Through the client-side cursor on purpose: psycopg answers a ROLLBACK it sees with
        DEALLOCATE ALL, dropping every prepared statement of the connection, though PREPARE is
        not transactional and they all survive a rollback."""
        conn = self._conn
        if conn.closed or conn.broken:
            return
        if conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
            return  # nothing was begun: a refusal before any write costs no round trip
        try:
            await self._writer.execute("ROLLBACK")
        except psycopg.Error:
            await conn.close()  # the pool throws a closed connection away

    async def commit(self) -> None:
        """Send every queued write and the COMMIT as one query, and wait for it once."""
        writes = list(self._writes)
        if self.appends and self._channel is not None:
            # A doorbell only: listeners re-read the log from their own checkpoint.
            writes.append((NOTIFY, (self._channel,)))
        if not writes and not self._begun:
            return
        statements = [await self._render(writes)]
        if not self._begun:
            statements.insert(0, "BEGIN")
        statements.append("COMMIT")
        await self._writer.execute("; ".join(statements))
        self.appended = [event for batch in self.appends for event in batch]


def _translate(error: psycopg.Error, appends: Sequence[Sequence[RecordedEvent]]) -> Exception:
    """What a failed command means to the application."""
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
