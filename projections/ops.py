"""Row operations: what a projector wants done to its table for one event.

Projectors are pure functions from a recorded event to operations; two executors carry them out:
SQL statements inside the append transaction (inline), or an in-memory table flushed in bulk
(rebuild and verify). One definition of each read model, whichever way it is built.
"""

from collections.abc import Mapping
from typing import Any, NamedTuple, TypeAlias

Row: TypeAlias = dict[str, Any]


class Insert(NamedTuple):
    table: str
    row: Row


class Update(NamedTuple):
    table: str
    key: int
    values: Mapping[str, Any]
    increments: Mapping[str, int] = {}


class Delete(NamedTuple):
    table: str
    key: int


Op: TypeAlias = Insert | Update | Delete

# The primary-key column of each read table (by ReadTables attribute name).
KEYS: dict[str, str] = {
    "users": "id",
    "projects": "id",
    "bugs": "id",
    "comments": "id",
    "history": "position",
}
