"""The hottest reads on PostgreSQL as hand-written SQL over psycopg, returning the same views.

``ReadModels`` answers every query through SQLAlchemy on both databases; on PostgreSQL it
hands these few (the actor behind every request, a project, a bug, its detail, a comment, the
board) to this class, because SQLAlchemy's async layer costs more CPU than the query itself.
Each is one statement, its rows built positionally into views; a detail's assignee and
comments come back as JSON, decoded by msgspec. tests/integration/test_pg_queries.py holds
both paths to the same answers.
"""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import msgspec

from application.ports import ActorRecord
from domain.users.model import Role
from projections.views import (
    BoardView,
    BugDetailView,
    BugView,
    CardView,
    ColumnView,
    CommentView,
    ProjectView,
    UserView,
)

Query = tuple[str, Sequence[Any]]
# Runs queries in one round trip and returns each one's rows (PgPool.fetch).
Fetch = Callable[[Sequence[Query]], Awaitable[list[list[tuple[Any, ...]]]]]

BUG_FIELDS = BugView.__struct_fields__
CARD_FIELDS = CardView.__struct_fields__
COMMENT_FIELDS = CommentView.__struct_fields__


def _bug_column(field: str) -> str:
    return "a.name" if field == "assignee_name" else f"b.{field}"


def _json_object(fields: Sequence[str], column: Callable[[str], str]) -> str:
    return "json_build_object(" + ", ".join(f"'{f}', {column(f)}" for f in fields) + ")"


_BUG_SELECT = (
    "SELECT "
    + ", ".join(_bug_column(field) for field in BUG_FIELDS)
    + " FROM rm_bugs b LEFT JOIN rm_users a ON a.id = b.assignee_id"
)
_COMMENT_JSON = _json_object(COMMENT_FIELDS, lambda f: "u.name" if f == "author_name" else f"c.{f}")
_USER_JSON = _json_object(UserView.__struct_fields__, lambda f: f"a.{f}")
GET_BUG = _BUG_SELECT + " WHERE b.id = %s"
GET_BUG_DETAIL = (
    "SELECT "
    + ", ".join(_bug_column(field) for field in BUG_FIELDS)
    + f", CASE WHEN a.id IS NULL THEN NULL ELSE {_USER_JSON}::text END"
    + f", (SELECT coalesce(json_agg({_COMMENT_JSON} ORDER BY c.id), '[]')::text"
    " FROM rm_comments c LEFT JOIN rm_users u ON u.id = c.author_id WHERE c.bug_id = b.id)"
    " FROM rm_bugs b LEFT JOIN rm_users a ON a.id = b.assignee_id WHERE b.id = %s"
)
GET_COMMENT = (
    "SELECT "
    + ", ".join("u.name" if f == "author_name" else f"c.{f}" for f in COMMENT_FIELDS)
    + " FROM rm_comments c LEFT JOIN rm_users u ON u.id = c.author_id WHERE c.id = %s"
)
FIND_ACTOR = "SELECT id, name, role, is_blocked FROM rm_users WHERE id = %s"
PROJECT_FIELDS = ProjectView.__struct_fields__
GET_PROJECT = f"SELECT {', '.join(PROJECT_FIELDS)} FROM rm_projects WHERE id = %s"
_CARD_COLUMNS = ", ".join(_bug_column(field) for field in CARD_FIELDS)
_CARD_STATUS = CARD_FIELDS.index("status")

_comments = msgspec.json.Decoder(list[CommentView])
_user = msgspec.json.Decoder(UserView)


class BoardFilter(msgspec.Struct, frozen=True, kw_only=True):
    priority: str | None = None
    assignee_id: int | str | None = None  # an id, or "none" for unassigned bugs
    q: str | None = None


class PgQueries:
    def __init__(self, fetch: Fetch) -> None:
        self._fetch = fetch

    async def _one(self, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        [rows] = await self._fetch([(sql, params)])
        return rows[0] if rows else None

    async def find_actor(self, user_id: int) -> ActorRecord | None:
        row = await self._one(FIND_ACTOR, (user_id,))
        if row is None:
            return None
        found_id, name, role, is_blocked = row
        return ActorRecord(user_id=found_id, name=name, role=Role(role), is_blocked=is_blocked)

    async def get_project(self, project_id: int) -> ProjectView | None:
        row = await self._one(GET_PROJECT, (project_id,))
        return None if row is None else ProjectView(**dict(zip(PROJECT_FIELDS, row, strict=True)))

    async def get_bug(self, bug_id: int) -> BugView | None:
        row = await self._one(GET_BUG, (bug_id,))
        return None if row is None else BugView(**dict(zip(BUG_FIELDS, row, strict=True)))

    async def get_bug_detail(self, bug_id: int) -> BugDetailView | None:
        row = await self._one(GET_BUG_DETAIL, (bug_id,))
        if row is None:
            return None
        *bug, assignee, comments = row
        return BugDetailView(
            **dict(zip(BUG_FIELDS, bug, strict=True)),
            assignee=None if assignee is None else _user.decode(assignee),
            comments=_comments.decode(comments),
        )

    async def get_comment(self, comment_id: int) -> CommentView | None:
        row = await self._one(GET_COMMENT, (comment_id,))
        return None if row is None else CommentView(**dict(zip(COMMENT_FIELDS, row, strict=True)))

    async def board(
        self,
        project: ProjectView,
        filters: BoardFilter,
        *,
        limit_per_column: int,
        offset: int,
        statuses: Sequence[str],
    ) -> BoardView:
        """Each column's count, then every column's page of cards in rank order: one index
        range scan per column on (project_id, status, rank, id), the pages glued together.
        Cards come back as plain tuples, built into views positionally."""
        conditions, params = _conditions(project.id, filters)
        where = " AND ".join(conditions)
        counts_sql = f"SELECT b.status, count(*) FROM rm_bugs b WHERE {where} GROUP BY b.status"
        page = (
            f"(SELECT {_CARD_COLUMNS} FROM rm_bugs b LEFT JOIN rm_users a ON a.id = b.assignee_id"
            f" WHERE {where} AND b.status = %s ORDER BY b.rank, b.id LIMIT %s OFFSET %s)"
        )
        cards_sql = (
            "SELECT * FROM (" + " UNION ALL ".join([page] * len(statuses)) + ") cards"
            " ORDER BY rank, id"
        )
        cards_params: list[Any] = []
        for status in statuses:
            cards_params += [*params, status, limit_per_column, offset]
        count_rows, rows = await self._fetch([(counts_sql, params), (cards_sql, cards_params)])
        counts: dict[str, int] = dict(count_rows)
        by_status: dict[str, list[CardView]] = {status: [] for status in statuses}
        for row in rows:
            by_status[row[_CARD_STATUS]].append(CardView(*row))
        columns = [
            ColumnView(status=status, count=counts.get(status, 0), cards=by_status[status])
            for status in statuses
        ]
        return BoardView(project=project, as_of=None, columns=columns)


def _conditions(project_id: int, filters: BoardFilter) -> tuple[list[str], list[Any]]:
    conditions = ["b.project_id = %s"]
    params: list[Any] = [project_id]
    if filters.priority is not None:
        conditions.append("b.priority = %s")
        params.append(filters.priority)
    if filters.assignee_id == "none":
        conditions.append("b.assignee_id IS NULL")
    elif filters.assignee_id is not None:
        conditions.append("b.assignee_id = %s")
        params.append(filters.assignee_id)
    if filters.q:
        escaped = filters.q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append("lower(b.title) LIKE %s ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return conditions, params
