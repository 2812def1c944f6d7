"""Inline projections as SQL text for the PostgreSQL command path.

The same projectors and row operations as ``executors.execute``, rendered as psycopg
statements that are queued behind the append and sent with the COMMIT in one query (see
``infrastructure/pg_event_store.py``). The events' positions are drawn by the server in that
same query, so a column holding the log position of the event being projected is filled in
by looking the event up by its stream and version.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

from application.ports import RecordedEvent
from projections.ops import KEYS, Delete, Insert, Op, Update
from projections.registry import PROJECTORS, operations
from projections.tables import LIVE, ReadTables, projection_checkpoints

Statement = tuple[str, Sequence[Any]]

# Columns that hold the log position of the event that wrote the row.
POSITION_COLUMNS: dict[str, str] = {"history": "position"}
EVENT_POSITION = "(SELECT position FROM events WHERE stream_id = %s AND version = %s)"


class InlineSql:
    """Turns appended events into the statements that keep every read model current."""

    def __init__(self, tables: ReadTables = LIVE, names: Sequence[str] | None = None) -> None:
        self._tables = tables
        self._names = list(names if names is not None else PROJECTORS)
        self._checkpoints = (
            f'UPDATE "{projection_checkpoints.name}" SET position = '
            "(SELECT max(position) FROM events), updated_at = %s WHERE name = ANY(%s)"
        )

    def __call__(self, recorded: Sequence[RecordedEvent]) -> list[Statement]:
        if not recorded:
            return []
        statements = [
            self._statement(op, event)
            for event in recorded
            for op in operations(event, self._names)
        ]
        statements.append((self._checkpoints, (recorded[-1].recorded_at, self._names)))
        return statements

    def _statement(self, op: Op, event: RecordedEvent) -> Statement:
        table = getattr(self._tables, op.table).name
        match op:
            case Insert():
                columns = tuple(op.row)
                position_column = POSITION_COLUMNS.get(op.table)
                params: list[Any] = []
                for column in columns:
                    if column == position_column:
                        params.extend((event.stream_id, event.version))
                    else:
                        params.append(op.row[column])
                return _insert_sql(table, columns, position_column), params
            case Update():
                values = tuple(op.values)
                increments = tuple(op.increments)
                update_params = [*op.values.values(), *op.increments.values(), op.key]
                return _update_sql(table, values, increments, KEYS[op.table]), update_params
            case Delete():
                return f'DELETE FROM "{table}" WHERE "{KEYS[op.table]}" = %s', (op.key,)


# The same few shapes recur for every command: the SQL text is built once per shape, and
# psycopg prepares it on the server once it has run a couple of times.
@cache
def _insert_sql(table: str, columns: tuple[str, ...], position_column: str | None) -> str:
    names = ", ".join(f'"{column}"' for column in columns)
    values = ", ".join(EVENT_POSITION if column == position_column else "%s" for column in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({values})'


@cache
def _update_sql(table: str, values: tuple[str, ...], increments: tuple[str, ...], key: str) -> str:
    assignments = [f'"{column}" = %s' for column in values]
    assignments += [f'"{column}" = "{column}" + %s' for column in increments]
    return f'UPDATE "{table}" SET {", ".join(assignments)} WHERE "{key}" = %s'
