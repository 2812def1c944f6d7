"""The event log as JSON Lines: a complete backup, and loading one into an empty database.

Only the log is exported: read models are rebuilt from it. Positions are kept, so event ids
that clients saw (Last-Event-ID, history positions) stay valid after a restore. Id counters and
unique claims (emails) are derived from the loaded events.
"""

from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from infrastructure.codec import decode_event
from infrastructure.tables import events as log
from infrastructure.tables import id_counters, unique_claims

EMAIL_SCOPE = "user.email"
LOAD_CHUNK = 5000


class LogRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One line of an export: exactly what the `events` table holds."""

    position: int
    stream_id: str
    version: int
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: datetime


class BackupError(Exception):
    pass


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(LogRecord)


def encode_line(record: LogRecord) -> bytes:
    return _encoder.encode(record) + b"\n"


def decode_line(line: bytes | str, number: int) -> LogRecord:
    try:
        return _decoder.decode(line)
    except msgspec.DecodeError as error:
        raise BackupError(f"line {number}: not a log record ({error})") from error


async def export_records(engine: AsyncEngine, batch: int = LOAD_CHUNK) -> AsyncIterator[LogRecord]:
    after = 0
    while True:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(log).where(log.c.position > after).order_by(log.c.position).limit(batch)
                )
            ).all()
        if not rows:
            return
        for row in rows:
            yield LogRecord(
                position=row.position,
                stream_id=row.stream_id,
                version=row.version,
                type=row.type,
                data=row.data,
                metadata=row.metadata,
                recorded_at=row.recorded_at,
            )
        after = rows[-1].position


async def load_records(conn: AsyncConnection, records: Sequence[LogRecord]) -> None:
    """Insert records as they are (positions included) inside the caller's transaction.

    Every record is decoded first, so a corrupt or unknown event stops the load instead of
    landing in the log.
    """
    for record in records:
        decode_event(record.type, record.data)
    rows = [msgspec.structs.asdict(record) for record in records]
    if conn.dialect.name == "postgresql":
        await _insert_overriding(conn, rows)
    else:
        await conn.execute(insert(log), rows)


async def _insert_overriding(conn: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    # An identity column ALWAYS refuses explicit values unless told to keep them.
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    columns = ["position", "stream_id", "version", "type", "data", "metadata", "recorded_at"]
    async with driver.cursor() as cursor:
        await cursor.executemany(
            "INSERT INTO events (position, stream_id, version, type, data, metadata, recorded_at) "
            "OVERRIDING SYSTEM VALUE VALUES (%s, %s, %s, %s, %s::jsonb, %s::jsonb, %s)",
            [
                tuple(
                    _encoder.encode(row[name]).decode()
                    if name in ("data", "metadata")
                    else row[name]
                    for name in columns
                )
                for row in rows
            ],
        )


async def finish_load(conn: AsyncConnection) -> None:
    """Derive id counters and email claims from the log; move the identity past the end."""
    counters: dict[str, int] = {}
    claims: list[dict[str, str]] = []
    query = select(log.c.stream_id, log.c.type, log.c.data).order_by(log.c.position)
    for row in await conn.execute(query):
        kind, _, raw_id = row.stream_id.partition("-")
        if raw_id.isdigit():
            counters[kind] = max(counters.get(kind, 0), int(raw_id))
        if row.type == "bug.comment_added":
            counters["comment"] = max(counters.get("comment", 0), int(row.data["comment_id"]))
        if row.type == "user.registered":
            claims.append(
                {"scope": EMAIL_SCOPE, "value": row.data["email"], "owner": row.stream_id}
            )
    if counters:
        await conn.execute(
            insert(id_counters), [{"kind": k, "last_id": v} for k, v in sorted(counters.items())]
        )
    if claims:
        await conn.execute(insert(unique_claims), claims)
    if conn.dialect.name == "postgresql":
        await conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('events', 'position'), "
                "GREATEST((SELECT max(position) FROM events), 1))"
            )
        )


async def ensure_empty(conn: AsyncConnection) -> None:
    existing = await conn.scalar(select(func.count()).select_from(log))
    if existing:
        raise BackupError(
            f"the database already holds {existing} events: import only into an empty database"
        )


def chunks(records: Iterable[LogRecord], size: int = LOAD_CHUNK) -> Iterable[list[LogRecord]]:
    chunk: list[LogRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
