"""Read-side benchmark: a realistic 1,000,000-event log, then rebuild speed and query latency.

    uv run python -m bench.read_side                      # PostgreSQL at 127.0.0.1:5432 + SQLite
    uv run python -m bench.read_side --bugs 5000          # a quick smaller run

Prints rebuild events/s on PostgreSQL and on SQLite, and server-side latency (p50/p99) of the
board query for a project with 5,000 bugs and of the bug history query. Creates and drops its
own PostgreSQL database; the SQLite file goes to a temporary directory.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import psycopg

from bench.generate_log import Plan, generate
from infrastructure.backup import chunks, finish_load, load_records
from infrastructure.clock import SystemClock
from infrastructure.db import create_engine
from infrastructure.event_store import SqlEventStore
from infrastructure.migrate import upgrade
from projections.queries import BugFilters, ReadModels
from projections.registry import InlineProjections
from projections.replay import Replayer

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def measure(label: str, url: str, plan: Plan, samples: int) -> None:
    upgrade(url)
    engine = create_engine(url)
    store = SqlEventStore(engine, clock=SystemClock(), on_append=InlineProjections())
    started = time.perf_counter()
    count = 0
    async with engine.begin() as conn:
        for chunk in chunks(generate(plan), 20_000):
            await load_records(conn, chunk)
            count += len(chunk)
        await finish_load(conn)
    load_seconds = time.perf_counter() - started
    print(f"[{label}] generated and loaded {count:,} events in {load_seconds:.1f}s")

    replayer = Replayer(engine, store, store.lock_appends)
    started = time.perf_counter()
    position = await replayer.rebuild()
    rebuild_seconds = time.perf_counter() - started
    print(
        f"[{label}] rebuild of all read models: {position:,} events in {rebuild_seconds:.1f}s "
        f"= {position / rebuild_seconds:,.0f} events/s"
    )

    reads = ReadModels(engine)
    project = await reads.get_project(1)
    assert project is not None
    board = await reads.board(project, BugFilters(), limit_per_column=100)
    cards = sum(column.count for column in board.columns)
    await report(
        label,
        f"board, project with {cards:,} bugs (100 cards per column)",
        samples,
        lambda: reads.board(project, BugFilters(), limit_per_column=100),
    )
    await report(
        label,
        "board filtered by assignee + text",
        samples,
        lambda: reads.board(project, BugFilters(assignee_id=7, q="crash"), limit_per_column=100),
    )
    await report(label, "bug history (one bug)", samples, lambda: reads.bug_history(2_500))
    await report(label, "bug detail with comments", samples, lambda: reads.get_bug_detail(2_500))
    await engine.dispose()


async def report(
    label: str, name: str, samples: int, query: Callable[[], Awaitable[object]]
) -> None:
    for _ in range(5):
        await query()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        await query()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"[{label}] {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({samples} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bugs", type=int, default=50_000)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    plan = Plan(bugs=args.bugs, projects=args.projects, big_project_bugs=min(5_000, args.bugs))

    name = f"bt_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"
        asyncio.run(measure("postgresql", url, plan, args.samples))
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'bench.db'}"
            asyncio.run(measure("sqlite", url, plan, args.samples))


if __name__ == "__main__":
    main()
