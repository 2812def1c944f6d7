"""Rebuild and verify read models by replaying the log into scratch tables.

Rebuild: replay the whole log into `<table>_rebuild` (rows folded in memory, written in bulk,
indexes built after loading) while the API keeps serving from the live tables. Then, holding the
append lock so no event can slip in between, apply what was appended meanwhile and swap the new
tables in: a rename on PostgreSQL, a copy inside one transaction on SQLite. Readers see the old
rows until that commit.

Verify: the same replay into `<table>_verify`, then a two-way diff against the live tables.
"""

import asyncio
import gc
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, delete, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.schema import CreateIndex, CreateTable

from application.ports import EventStore
from projections.executors import MemoryTables, bulk_insert, execute
from projections.ops import Row
from projections.registry import PROJECTORS, operations
from projections.tables import LIVE, ReadTables, projection_checkpoints, read_tables

BATCH = 10_000
APPENDED_FLUSH_ROWS = 50_000
DIFF_LIMIT = 20

AppendLock = Callable[[AsyncConnection], Awaitable[None]]
Progress = Callable[[int, int], None]  # (position reached, head)


@dataclass
class TableDiff:
    table: str
    missing_in_live: list[tuple[object, ...]] = field(default_factory=list)
    unexpected_in_live: list[tuple[object, ...]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.missing_in_live and not self.unexpected_in_live


class Replayer:
    def __init__(self, engine: AsyncEngine, store: EventStore, append_lock: AppendLock) -> None:
        self._engine = engine
        self._store = store
        self._append_lock = append_lock

    async def rebuild(
        self, names: Sequence[str] | None = None, progress: Progress | None = None
    ) -> int:
        """Rebuild the named read models (all by default); returns the position reached."""
        chosen = _validated(names)
        scratch = read_tables("_rebuild")
        position = await self._load(scratch, chosen, progress)
        async with self._engine.begin() as conn:
            await self._append_lock(conn)
            position = await self._catch_up(conn, scratch, chosen, position)
            for name in chosen:
                await _swap(conn, getattr(LIVE, name), getattr(scratch, name))
            await conn.execute(
                update(projection_checkpoints)
                .where(projection_checkpoints.c.name.in_(chosen))
                .values(position=position)
            )
        await self._drop(scratch, chosen)
        return position

    async def verify(
        self, names: Sequence[str] | None = None, progress: Progress | None = None
    ) -> list[TableDiff]:
        chosen = _validated(names)
        scratch = read_tables("_verify")
        position = await self._load(scratch, chosen, progress)
        diffs = []
        try:
            async with self._engine.begin() as conn:
                await self._append_lock(conn)
                await self._catch_up(conn, scratch, chosen, position)
                diffs = [
                    await _diff(conn, getattr(LIVE, name), getattr(scratch, name))
                    for name in chosen
                ]
        finally:
            await self._drop(scratch, chosen)
        return diffs

    async def _load(self, scratch: ReadTables, names: list[str], progress: Progress | None) -> int:
        # Millions of short-lived row dicts and events hold no reference cycles; the cyclic
        # collector would only rescan them again and again while the load runs.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return await self._load_rows(scratch, names, progress)
        finally:
            if collecting:
                gc.enable()

    async def _load_rows(
        self, scratch: ReadTables, names: list[str], progress: Progress | None
    ) -> int:
        await self._drop(scratch, names)
        async with self._engine.begin() as conn:
            for name in names:
                await conn.execute(CreateTable(getattr(scratch, name)))
        memory = MemoryTables(names)
        head = await self._store.head_position()
        position = 0
        flushing: asyncio.Task[None] | None = None
        batch = await self._store.read_all(after=position, limit=BATCH)
        while batch:
            position = batch[-1].position
            # Read the next page while this one is folded: the database works in its own
            # process, so reading and projecting overlap on a multi-core machine.
            upcoming = asyncio.create_task(self._store.read_all(after=position, limit=BATCH))
            await asyncio.sleep(0)  # let it send its query before we get busy
            for recorded in batch:
                memory.apply(operations(recorded, names))
            if sum(len(rows) for rows in memory.appended.values()) >= APPENDED_FLUSH_ROWS:
                # Written in the background (one flush at a time) while folding goes on.
                if flushing is not None:
                    await flushing
                flushing = asyncio.create_task(self._write(memory.take_appended(), scratch))
            if progress is not None:
                progress(position, max(head, position))
            batch = await upcoming
        if flushing is not None:
            await flushing
        # Each table is written and indexed on its own connection, at the same time: the
        # database builds one table's indexes while this process formats the next one's rows.
        # (SQLite has one writer at a time: there they simply run one after another.)
        remaining = {**memory.take_appended(), **memory.take_rows()}
        finishing = [
            self._finish(getattr(scratch, name), remaining.get(name, [])) for name in names
        ]
        if self._engine.dialect.name == "postgresql":
            await asyncio.gather(*finishing)
        else:
            for finish in finishing:
                await finish
        return position

    async def _finish(self, table: Table, rows: list[Row]) -> None:
        async with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
            await bulk_insert(conn, table, rows)
            for index in table.indexes:
                await conn.execute(CreateIndex(index))

    async def _write(self, appended: dict[str, list[Row]], scratch: ReadTables) -> None:
        async with self._engine.begin() as conn:
            for name, rows in appended.items():
                await bulk_insert(conn, getattr(scratch, name), rows)

    async def _catch_up(
        self, conn: AsyncConnection, scratch: ReadTables, names: list[str], after: int
    ) -> int:
        """Inside the locked transaction: apply whatever was appended since the replay."""
        position = after
        while True:
            batch = await self._store.read_all(after=position, limit=BATCH)
            if not batch:
                return position
            for recorded in batch:
                await execute(conn, scratch, operations(recorded, names))
            position = batch[-1].position

    async def _drop(self, scratch: ReadTables, names: list[str]) -> None:
        async with self._engine.begin() as conn:
            for name in names:
                await conn.run_sync(_dropper(getattr(scratch, name)))


async def _swap(conn: AsyncConnection, live: Table, scratch: Table) -> None:
    if conn.dialect.name == "postgresql":
        # Renames are instant: writers wait on the append lock for milliseconds, not for a copy.
        old = f"{live.name}_old"
        await conn.execute(text(f'ALTER TABLE "{live.name}" RENAME TO "{old}"'))
        await conn.execute(text(f'ALTER TABLE "{scratch.name}" RENAME TO "{live.name}"'))
        await conn.execute(text(f'DROP TABLE "{old}"'))
        suffix = scratch.name.removeprefix(live.name)
        indexes = await conn.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = :table"),
            {"table": live.name},
        )
        for (index_name,) in indexes.all():
            if suffix in index_name:
                renamed = index_name.replace(suffix, "")
                await conn.execute(text(f'ALTER INDEX "{index_name}" RENAME TO "{renamed}"'))
        return
    await conn.execute(delete(live))
    columns = [column.name for column in scratch.columns]
    await conn.execute(insert(live).from_select(columns, select(scratch)))


async def _diff(conn: AsyncConnection, live: Table, scratch: Table) -> TableDiff:
    columns = ", ".join(f'"{column.name}"' for column in live.columns)

    async def rows_only_in(left: str, right: str) -> list[tuple[object, ...]]:
        query = text(
            f'SELECT {columns} FROM "{left}" EXCEPT SELECT {columns} FROM "{right}" '  # noqa: S608
            f"LIMIT {DIFF_LIMIT}"
        )
        return [tuple(row) for row in await conn.execute(query)]

    return TableDiff(
        table=live.name,
        missing_in_live=await rows_only_in(scratch.name, live.name),
        unexpected_in_live=await rows_only_in(live.name, scratch.name),
    )


def _dropper(table: Table) -> Callable[[Connection], None]:
    def drop(sync: Connection) -> None:
        table.drop(sync, checkfirst=True)

    return drop


def _validated(names: Sequence[str] | None) -> list[str]:
    chosen = list(names) if names else list(PROJECTORS)
    unknown = [name for name in chosen if name not in PROJECTORS]
    if unknown:
        raise ValueError(
            f"unknown projection(s): {', '.join(unknown)}; known: {', '.join(PROJECTORS)}"
        )
    return chosen
