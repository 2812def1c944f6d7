"""Carrying out row operations: as SQL inside a transaction, or in memory for bulk loading."""

import operator
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from projections.ops import KEYS, Delete, Insert, Op, Row, Update
from projections.tables import ReadTables

# Tables whose rows are never updated once written: a rebuild streams them out batch by batch.
APPEND_ONLY = frozenset({"history"})
INSERT_CHUNK = 5000


async def execute(conn: AsyncConnection, tables: ReadTables, ops: Iterable[Op]) -> None:
    """Inline: one SQL statement per operation, in the caller's transaction."""
    for op in ops:
        table: Table = getattr(tables, op.table)
        key = table.c[KEYS[op.table]]
        match op:
            case Insert():
                await conn.execute(insert(table).values(**op.row))
            case Update():
                values: dict[str, Any] = dict(op.values)
                for column, delta in op.increments.items():
                    values[column] = table.c[column] + delta
                await conn.execute(update(table).where(key == op.key).values(**values))
            case Delete():
                await conn.execute(delete(table).where(key == op.key))


class MemoryTables:
    """Rows held in dicts while the log is replayed, written in bulk at the end."""

    def __init__(self, names: Sequence[str]) -> None:
        self.rows: dict[str, dict[int, Row]] = {name: {} for name in names}
        self.appended: dict[str, list[Row]] = {name: [] for name in names if name in APPEND_ONLY}

    def apply(self, ops: Iterable[Op]) -> None:
        for op in ops:
            match op:
                case Insert():
                    if op.table in self.appended:
                        self.appended[op.table].append(op.row)
                    else:
                        self.rows[op.table][op.row[KEYS[op.table]]] = dict(op.row)
                case Update():
                    row = self.rows[op.table].get(op.key)
                    if row is None:
                        continue  # SQL would update nothing either
                    row.update(op.values)
                    for column, delta in op.increments.items():
                        row[column] += delta
                case Delete():
                    self.rows[op.table].pop(op.key, None)

    def take_appended(self) -> dict[str, list[Row]]:
        """Hand over the append-only rows gathered so far (to be written elsewhere)."""
        taken = {name: rows for name, rows in self.appended.items() if rows}
        self.appended = {name: [] for name in self.appended}
        return taken

    def take_rows(self) -> dict[str, list[Row]]:
        """Hand over the keyed rows (the final state of every other table)."""
        taken = {name: list(rows.values()) for name, rows in self.rows.items() if rows}
        self.rows = {name: {} for name in self.rows}
        return taken


async def bulk_insert(conn: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        await _copy(conn, table, rows)
        return
    for start in range(0, len(rows), INSERT_CHUNK):
        await conn.execute(insert(table), list(rows[start : start + INSERT_CHUNK]))


async def _copy(conn: AsyncConnection, table: Table, rows: Sequence[Row]) -> None:
    """PostgreSQL COPY through the transaction's own psycopg connection: the fastest load."""
    columns = [column.name for column in table.columns]
    raw = await conn.get_raw_connection()
    driver: Any = raw.driver_connection
    names = ", ".join(f'"{name}"' for name in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    values = operator.itemgetter(*columns)
    async with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            await copy.write_row(values(row))
