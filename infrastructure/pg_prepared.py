"""Server-side prepared statements, ours rather than psycopg's.

A command's writes travel as one simple query (``BEGIN; ...; COMMIT``) with their values bound
client-side, and a simple query is parsed and planned in full every time: for a command's
five to ten small statements that was most of the server's work. Each distinct statement is
therefore PREPAREd once per connection (the first time it is needed, in a round trip of its
own) and sent as ``EXECUTE name(values)``, which reuses the plan.

psycopg's own automatic preparing stays off on these connections (``prepare_threshold=None``):
it answers a ROLLBACK it sees with DEALLOCATE ALL, which would drop these too (although
PREPARE is not transactional and every statement survives a rollback), and commands roll back
whenever they conflict. Reads, which never roll back, run on a pool of their own with
psycopg's preparing on: its protocol-level prepared statements cost less Python per query.
"""

import weakref
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg


class PreparedStatements:
    """Names, per process, for our statements; which of them each connection holds."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._held: weakref.WeakKeyDictionary[psycopg.AsyncConnection[Any], set[str]] = (
            weakref.WeakKeyDictionary()
        )

    def name(self, sql: str) -> str:
        found = self._names.get(sql)
        if found is None:
            found = self._names[sql] = f"bt_write_{len(self._names) + 1}"
        return found

    def holds(self, conn: psycopg.AsyncConnection[Any], sql: str) -> bool:
        return self.name(sql) in self._held.get(conn, ())

    async def prepare(
        self, writer: psycopg.AsyncClientCursor[Any], statements: Iterable[str]
    ) -> None:
        """PREPARE, in one round trip, whichever of ``statements`` the connection lacks.

        Only outside a transaction: parse analysis locks the tables a statement names until the
        transaction ends, and a command holding a read table's lock while it waits for the
        append lock deadlocks with a rebuild, which holds the append lock while it swaps the
        read tables. (PREPARE is not transactional: a rollback would not undo it either.)
        """
        held = self._held.setdefault(writer.connection, set())
        missing = {self.name(sql): sql for sql in statements if self.name(sql) not in held}
        if missing:
            await writer.execute(
                "; ".join(f"PREPARE {name} AS {numbered(sql)}" for name, sql in missing.items())
            )
            held.update(missing)

    def render(
        self, writer: psycopg.AsyncClientCursor[Any], sql: str, params: Sequence[Any]
    ) -> str:
        """``EXECUTE`` of ``sql``'s prepared statement if the connection holds it, else ``sql``
        itself; either way with ``params`` bound as literals."""
        if not self.holds(writer.connection, sql):
            return writer.mogrify(sql, params)
        name = self.name(sql)
        if not params:
            return f"EXECUTE {name}"
        placeholders = ", ".join(["%s"] * len(params))
        return writer.mogrify(f"EXECUTE {name}({placeholders})", params)


def numbered(sql: str) -> str:
    """psycopg's ``%s`` placeholders as PostgreSQL's ``$1, $2, ...``."""
    if "%%" in sql or "%(" in sql:
        raise ValueError(f"only plain %s placeholders can be prepared: {sql}")
    first, *rest = sql.split("%s")
    return first + "".join(f"${index}{part}" for index, part in enumerate(rest, start=1))
