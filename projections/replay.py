"""Rebuild and verify read models by replaying the log into scratch tables.

Rebuild: replay into `<table>_rebuild` while the API keeps serving from the live tables, then,
holding the append lock (so no event can slip between), catch up the last events and copy the
scratch rows over the live ones in one transaction. Readers see the old rows until that commit.

Verify: the same replay into `<table>_verify`, then a two-way diff against the live tables.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Table, delete, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from application.ports import EventStore, RecordedEvent
from projections.registry import PROJECTORS
from projections.tables import LIVE, ReadTables, projection_checkpoints, read_tables

BATCH = 2000
DIFF_LIMIT = 20

AppendLock = Callable[[AsyncConnection], Awaitable[None]]
Progress = Callable[[int, int], None]  # (position reached, head)


def tables_of(tables: ReadTables, names: Sequence[str]) -> list[Table]:
    return [getattr(tables, name) for name in names]


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
        position = await self._replay_into(scratch, chosen, progress)
        async with self._engine.begin() as conn:
            await self._append_lock(conn)
            position = await self._catch_up(conn, scratch, chosen, position)
            for live_table, scratch_table in zip(
                tables_of(LIVE, chosen), tables_of(scratch, chosen), strict=True
            ):
                await conn.execute(delete(live_table))
                await conn.execute(
                    insert(live_table).from_select(
                        [column.name for column in scratch_table.columns], select(scratch_table)
                    )
                )
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
        position = await self._replay_into(scratch, chosen, progress)
        diffs = []
        async with self._engine.begin() as conn:
            await self._append_lock(conn)
            await self._catch_up(conn, scratch, chosen, position)
            for live_table, scratch_table in zip(
                tables_of(LIVE, chosen), tables_of(scratch, chosen), strict=True
            ):
                diffs.append(await _diff(conn, live_table, scratch_table))
        await self._drop(scratch, chosen)
        return diffs

    async def _replay_into(
        self, scratch: ReadTables, names: list[str], progress: Progress | None
    ) -> int:
        await self._drop(scratch, names)
        async with self._engine.begin() as conn:
            for table in tables_of(scratch, names):
                await conn.run_sync(_creator(table))
        head = await self._store.head_position()
        position = 0
        while True:
            batch = await self._store.read_all(after=position, limit=BATCH)
            if not batch:
                break
            async with self._engine.begin() as conn:
                await _apply(conn, batch, scratch, names)
            position = batch[-1].position
            if progress is not None:
                progress(position, max(head, position))
        return position

    async def _catch_up(
        self, conn: AsyncConnection, scratch: ReadTables, names: list[str], after: int
    ) -> int:
        """Inside the locked transaction: apply whatever was appended since the replay."""
        position = after
        while True:
            batch = await self._store.read_all(after=position, limit=BATCH)
            if not batch:
                return position
            await _apply(conn, batch, scratch, names)
            position = batch[-1].position

    async def _drop(self, scratch: ReadTables, names: list[str]) -> None:
        async with self._engine.begin() as conn:
            for table in tables_of(scratch, names):
                await conn.run_sync(_dropper(table))


async def _apply(
    conn: AsyncConnection, batch: Sequence[RecordedEvent], tables: ReadTables, names: list[str]
) -> None:
    projectors = [PROJECTORS[name] for name in names]
    for recorded in batch:
        for project in projectors:
            await project(conn, recorded, tables)


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


def _creator(table: Table) -> Callable[[Connection], None]:
    def create(sync: Connection) -> None:
        table.create(sync)

    return create


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
