"""Append-path benchmark: our event store against pgbench's single-row INSERT, same server.

    uv run python -m bench.append                         # PostgreSQL (1, 4, 16 writers) + SQLite
    uv run python -m bench.append --clients 1 4 --seconds 5 --skip-sqlite

PostgreSQL: for each writer count, pgbench runs a custom script doing one single-row INSERT per
transaction (and one 100-row INSERT ... SELECT per transaction for the batch line) into a copy of
our `events` table (same columns, indexes, identity, row content); then our store appends
`bug.comment_added` events to one bug stream per writer, 1 event per transaction and 100 per
transaction, without projections and with the inline projections (the API's write path minus
HTTP, auth and reading the stream). Appends hold the global advisory lock until commit by design
(docs/architecture.md, "Global order without skipped events"), so they cannot share WAL flushes
the way independent INSERTs do: the ratio shows what that costs.

SQLite (the embedded default, one writer by design): our store against a plain sqlite3 loop of
single-row INSERT transactions into a copy of `events` with the same pragmas (WAL,
synchronous=NORMAL).
"""

import argparse
import asyncio
import contextlib
import re
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from application.ports import EventMetadata
from domain.bugs.events import BugReported, CommentAdded
from domain.bugs.state import Priority
from domain.catalog import DomainEvent
from domain.ids import bug_stream
from infrastructure.clock import SystemClock
from infrastructure.db import create_engine
from infrastructure.event_store import APPEND_LOCK_KEY, SqlEventStore
from infrastructure.migrate import upgrade
from infrastructure.pg_event_store import PgEventStore
from infrastructure.pg_pool import PgPool
from projections.pg_inline import InlineSql
from projections.registry import InlineProjections

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"
TEXT = "Reproduced on staging with the attached steps; the fix is in review, see the PR."
DATA = (
    '{"by": 1, "at": "2026-11-23T12:00:00Z", "bug_id": 1, "project_id": 1, '
    f'"comment_id": 1, "text": "{TEXT}"}}'
)
METADATA = (
    '{"actor_id": 1, "command_id": "0b8f1b3c6d2e4a5f9e7d1c3b5a7f9e1d", "correlation_id": null}'
)

PGBENCH_SINGLE = f"""\\set s random(1, 1000000000000)
INSERT INTO pgbench_events (stream_id, version, type, data, metadata, recorded_at)
VALUES ('pgb-' || :s, 1, 'bug.comment_added', '{DATA}', '{METADATA}', now());
"""
PGBENCH_BATCH = f"""\\set s random(1, 1000000000000)
INSERT INTO pgbench_events (stream_id, version, type, data, metadata, recorded_at)
SELECT 'pgb-' || :s, v, 'bug.comment_added', '{DATA}', '{METADATA}', now()
FROM generate_series(1, 100) AS v;
"""


@dataclass
class Line:
    database: str
    what: str
    clients: int
    batch: int
    events_per_s: float
    baseline_per_s: float | None = None

    def row(self) -> str:
        ratio = f"{self.events_per_s / self.baseline_per_s:.0%}" if self.baseline_per_s else ""
        base = f"{self.baseline_per_s:,.0f}" if self.baseline_per_s else ""
        return (
            f"| {self.database} | {self.what} | {self.clients} | {self.batch} | "
            f"{self.events_per_s:,.0f} | {base} | {ratio} |"
        )


def pgbench(db_name: str, script: str, clients: int, seconds: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as handle:
        handle.write(script)
    command = ["pgbench", "-n", "-h", "127.0.0.1", "-U", "postgres", "-M", "prepared"]
    command += ["-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds)]
    command += ["-f", handle.name, db_name]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    match = re.search(r"tps = ([\d.]+) \(without initial", completed.stdout)
    if match is None:
        raise RuntimeError(f"pgbench printed no tps:\n{completed.stdout}\n{completed.stderr}")
    return float(match.group(1))


def comment(comment_id: int, bug_id: int) -> CommentAdded:
    return CommentAdded(
        by=1,
        at=datetime.now(UTC),
        bug_id=bug_id,
        project_id=1,
        comment_id=comment_id,
        text=TEXT,
    )


async def ours(
    url: str, clients: int, batch: int, seconds: float, projections: bool, round_id: int
) -> float:
    """Appended events per second with ``clients`` concurrent writers, one stream each."""
    engine = create_engine(url, pool_size=max(clients, 1) + 2, max_overflow=0)
    store: SqlEventStore
    setup: SqlEventStore
    pool: PgPool | None = None
    if engine.dialect.name == "postgresql":
        # As the app runs it: one round trip per command, append_events under the lock.
        pool = PgPool(url, min_size=clients, max_size=clients + 2, auto_prepare=False)
        store = PgEventStore(
            engine, pool, clock=SystemClock(), inline=InlineSql() if projections else None
        )
        setup = PgEventStore(engine, pool, clock=SystemClock(), inline=InlineSql())
    else:
        store = SqlEventStore(
            engine, clock=SystemClock(), on_append=InlineProjections() if projections else None
        )
        setup = SqlEventStore(engine, clock=SystemClock(), on_append=InlineProjections())
    # Each writer owns a freshly reported bug (so the inline projectors have its row).
    first_bug = round_id * 1000
    for setup_index in range(clients):
        bug_id = first_bug + setup_index
        reported = BugReported(
            by=1,
            at=datetime.now(UTC),
            bug_id=bug_id,
            project_id=1,
            title=f"Append target {bug_id}",
            description="bench",
            priority=Priority.MEDIUM,
            rank="U",
        )
        async with setup.transaction() as uow:
            await uow.append(
                bug_stream(bug_id),
                [reported],
                expected_version=0,
                metadata=EventMetadata(actor_id=1, command_id=f"setup-{bug_id}"),
            )
    deadline = time.perf_counter() + seconds
    counts = [0] * clients

    async def writer(index: int) -> None:
        bug_id = first_bug + index
        stream = bug_stream(bug_id)
        version = 1
        comment_id = (round_id * 1000 + index) * 10_000_000
        while time.perf_counter() < deadline:
            events: list[DomainEvent] = []
            for _ in range(batch):
                comment_id += 1
                events.append(comment(comment_id, bug_id))
            async with store.transaction() as uow:
                await uow.append(
                    stream,
                    events,
                    expected_version=version,
                    metadata=EventMetadata(actor_id=1, command_id=f"c{comment_id}"),
                )
            version += batch
            counts[index] += batch

    started = time.perf_counter()
    await asyncio.gather(*(writer(i) for i in range(clients)))
    elapsed = time.perf_counter() - started
    if pool is not None:
        await pool.close()
    await engine.dispose()
    return sum(counts) / elapsed


async def raw_psycopg(dsn: str, clients: int, batch: int, seconds: float, round_id: int) -> float:
    """The same transaction as our append without SQLAlchemy: BEGIN, SET LOCAL lock_timeout,
    the advisory lock, the version check, INSERT ... RETURNING, pg_notify, COMMIT (psycopg,
    server-side prepared after a few runs). Splits our cost into round trips vs. Python."""
    deadline = time.perf_counter() + seconds
    counts = [0] * clients
    insert = (
        "INSERT INTO events (stream_id, version, type, data, metadata, recorded_at) "
        "VALUES (%s, %s, 'bug.comment_added', %s::jsonb, %s::jsonb, now()) RETURNING position"
    )

    async def writer(index: int) -> None:
        stream = f"raw-{round_id}-{index}"
        version = 0
        async with await psycopg.AsyncConnection.connect(dsn) as conn:
            while time.perf_counter() < deadline:
                async with conn.transaction():
                    await conn.execute("SET LOCAL lock_timeout = '5s'")
                    await conn.execute("SELECT pg_advisory_xact_lock(%s)", (APPEND_LOCK_KEY,))
                    cursor = await conn.execute(
                        "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = %s",
                        (stream,),
                    )
                    row = await cursor.fetchone()
                    assert row is not None
                    assert row[0] == version
                    async with conn.cursor() as cur:
                        await cur.executemany(
                            insert,
                            [(stream, version + i + 1, DATA, METADATA) for i in range(batch)],
                            returning=True,
                        )
                    await conn.execute("SELECT pg_notify('bench', '1')")
                version += batch
                counts[index] += batch

    started = time.perf_counter()
    await asyncio.gather(*(writer(i) for i in range(clients)))
    return sum(counts) / (time.perf_counter() - started)


APPEND_FUNCTION = """
CREATE OR REPLACE FUNCTION bench_append(
    p_stream text, p_expected int, p_count int, p_data jsonb, p_metadata jsonb, p_lock bool
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    current int;
    last bigint;
BEGIN
    IF p_lock THEN
        PERFORM set_config('lock_timeout', '5s', true);
        PERFORM pg_advisory_xact_lock(%(key)s);
    END IF;
    SELECT coalesce(max(version), 0) INTO current FROM events WHERE stream_id = p_stream;
    IF current <> p_expected THEN
        RAISE EXCEPTION 'concurrency: % is at %, expected %', p_stream, current, p_expected;
    END IF;
    INSERT INTO events (stream_id, version, type, data, metadata, recorded_at)
    SELECT p_stream, p_expected + v, 'bug.comment_added', p_data, p_metadata, now()
    FROM generate_series(1, p_count) AS v;
    SELECT max(position) INTO last FROM events WHERE stream_id = p_stream;
    PERFORM pg_notify('bench', last::text);
    RETURN last;
END $$;
"""


async def one_call(
    dsn: str, clients: int, batch: int, seconds: float, round_id: int, lock: bool
) -> float:
    """The append as one round trip: a PL/pgSQL function doing the same steps in autocommit,
    with the advisory lock (held across commit, as ours) or without it (then only the UNIQUE
    constraint orders writers, and concurrent commits can share WAL flushes)."""
    deadline = time.perf_counter() + seconds
    counts = [0] * clients

    async def writer(index: int) -> None:
        stream = f"call-{round_id}-{index}"
        version = 0
        async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
            while time.perf_counter() < deadline:
                await conn.execute(
                    "SELECT bench_append(%s, %s, %s, %s::jsonb, %s::jsonb, %s)",
                    (stream, version, batch, DATA, METADATA, lock),
                )
                version += batch
                counts[index] += batch

    started = time.perf_counter()
    await asyncio.gather(*(writer(i) for i in range(clients)))
    return sum(counts) / (time.perf_counter() - started)


def run_postgresql(clients_list: list[int], seconds: int) -> list[Line]:
    name = f"bt_append_{int(time.time())}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
    lines: list[Line] = []
    round_id = 0
    try:
        upgrade(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE TABLE pgbench_events (LIKE events INCLUDING ALL)")
            conn.execute(APPEND_FUNCTION.replace("%(key)s", str(APPEND_LOCK_KEY)))
            conn.execute(
                "INSERT INTO rm_projects (id, name, description, created_at, updated_at, version)"
                " VALUES (1, 'Append bench', NULL, now(), now(), 1)"
            )
        for clients in clients_list:
            for batch, script in ((1, PGBENCH_SINGLE), (100, PGBENCH_BATCH)):
                base = pgbench(name, script, clients, seconds) * batch
                print(f"  pgbench        c={clients:<3} batch={batch:<4} {base:>9,.0f} rows/s")
                lines.append(Line("PostgreSQL", "pgbench INSERT", clients, batch, base))
                round_id += 1
                rate = asyncio.run(raw_psycopg(url, clients, batch, seconds, round_id))
                what = "same SQL, raw psycopg"
                print(f"  {what:<26} c={clients:<3} batch={batch:<4} {rate:>9,.0f} events/s")
                lines.append(Line("PostgreSQL", what, clients, batch, rate, base))
                for lock in (True, False):
                    round_id += 1
                    rate = asyncio.run(one_call(url, clients, batch, seconds, round_id, lock))
                    what = "one call, " + ("same lock" if lock else "no global lock")
                    print(f"  {what:<26} c={clients:<3} batch={batch:<4} {rate:>9,.0f} events/s")
                    lines.append(Line("PostgreSQL", what, clients, batch, rate, base))
                for projections in (False, True):
                    round_id += 1
                    rate = asyncio.run(ours(url, clients, batch, seconds, projections, round_id))
                    what = "ours + inline projections" if projections else "ours, no projections"
                    print(
                        f"  {what:<26} c={clients:<3} batch={batch:<4} {rate:>9,.0f} events/s "
                        f"({rate / base:.0%} of pgbench)",
                        flush=True,
                    )
                    lines.append(Line("PostgreSQL", what, clients, batch, rate, base))
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return lines


def raw_sqlite(path: Path, batch: int, seconds: float) -> float:
    """Plain sqlite3: single-row INSERT transactions into a copy of `events`, same pragmas."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    table = f"raw_events_{batch}"
    conn.execute(ddl.replace("events", table, 1))
    count, version = 0, 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        conn.execute("BEGIN IMMEDIATE")
        rows = [
            ("raw-1", version + i + 1, "bug.comment_added", DATA, METADATA, "2026-11-23 12:00:00")
            for i in range(batch)
        ]
        conn.executemany(
            f"INSERT INTO {table} (stream_id, version, type, data, metadata, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
        version += batch
        count += batch
    elapsed = time.perf_counter() - started
    conn.close()
    return count / elapsed


def run_sqlite(seconds: int) -> list[Line]:
    lines: list[Line] = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "append.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute(
                "INSERT INTO rm_projects (id, name, description, created_at, updated_at, version)"
                " VALUES (1, 'Append bench', NULL, '2026-11-23 12:00:00', "
                "'2026-11-23 12:00:00', 1)"
            )
            conn.commit()
        round_id = 0
        for batch in (1, 100):
            base = raw_sqlite(path, batch, seconds)
            print(f"  sqlite3 INSERT  batch={batch:<4} {base:>9,.0f} rows/s")
            lines.append(Line("SQLite", "sqlite3 INSERT", 1, batch, base))
            for projections in (False, True):
                round_id += 1
                rate = asyncio.run(ours(url, 1, batch, seconds, projections, round_id))
                what = "ours + inline projections" if projections else "ours, no projections"
                print(f"  {what:<26} batch={batch:<4} {rate:>9,.0f} events/s", flush=True)
                lines.append(Line("SQLite", what, 1, batch, rate, base))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgresql", action="store_true")
    args = parser.parse_args()
    print(f"Append benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {args.seconds}s per line")
    lines: list[Line] = []
    if not args.skip_postgresql:
        lines += run_postgresql(args.clients, args.seconds)
    if not args.skip_sqlite:
        lines += run_sqlite(args.seconds)
    print(
        "\n| database | writer | writers | events/tx | events/s | baseline rows/s | ours/baseline |"
    )
    print("|---|---|---|---|---|---|---|")
    for line in lines:
        print(line.row())


if __name__ == "__main__":
    main()
