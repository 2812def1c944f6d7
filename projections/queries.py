"""Queries over the read tables. Every GET endpoint reads through here, never by folding streams."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import Select, and_, bindparam, func, select, union_all
from sqlalchemy.engine import Result
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from application.ports import ActorRecord
from domain.bugs.state import Status
from domain.users.model import Role
from projections.pg_queries import BoardFilter, PgQueries
from projections.summaries import HistoryFacts, summarise
from projections.tables import LIVE, ReadTables
from projections.views import (
    BoardView,
    BugDetailView,
    BugView,
    CardView,
    ColumnView,
    CommentView,
    HistoryEntryView,
    ProjectView,
    UserView,
)

V = TypeVar("V", bound=msgspec.Struct)
Record = dict[str, Any]

UNASSIGNED = "none"
STATUS_ORDER = [status.value for status in Status]


class BugFilters(msgspec.Struct, frozen=True, kw_only=True):
    project_id: int | None = None
    status: str | None = None
    priority: str | None = None
    assignee_id: int | str | None = None  # an id, or "none" for unassigned bugs
    q: str | None = None


class ActivityFilters(msgspec.Struct, frozen=True, kw_only=True):
    project_id: int | None = None
    actor_id: int | None = None
    subject_user_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None


class ReadModels:
    def __init__(
        self, engine: AsyncEngine, tables: ReadTables = LIVE, *, fast: PgQueries | None = None
    ) -> None:
        self._engine = engine
        self._t = tables
        # PostgreSQL, live tables: the hottest queries skip SQLAlchemy (see pg_queries).
        self._fast = fast if tables is LIVE else None
        users = tables.users
        self._actor_query = select(
            users.c.id, users.c.name, users.c.role, users.c.is_blocked
        ).where(users.c.id == bindparam("user_id"))

    # -- users -------------------------------------------------------------------------------

    async def find_actor(self, user_id: int) -> ActorRecord | None:
        """Runs on every authenticated request: the statement is built once, per instance."""
        if self._fast is not None:
            return await self._fast.find_actor(user_id)
        async with self._engine.connect() as conn:
            row = (await conn.execute(self._actor_query, {"user_id": user_id})).first()
        if row is None:
            return None
        found_id, name, role, is_blocked = tuple(row)
        return ActorRecord(user_id=found_id, name=name, role=Role(role), is_blocked=is_blocked)

    async def get_user(self, user_id: int) -> UserView | None:
        users = self._t.users
        rows = await self._fetch(select(*self._user_columns()).where(users.c.id == user_id))
        return _view(rows[0], UserView) if rows else None

    async def list_users(
        self, *, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[UserView], int]:
        users = self._t.users
        condition = _contains(users.c.name, q) | _contains(users.c.email, q) if q else None
        query = select(*self._user_columns()).order_by(users.c.id)
        if condition is not None:
            query = query.where(condition)
        rows, total = await self._page(query, limit, offset)
        return [_view(row, UserView) for row in rows], total

    def _user_columns(self) -> list[Any]:
        users = self._t.users
        return [
            users.c.id,
            users.c.name,
            users.c.email,
            users.c.role,
            users.c.is_blocked,
            users.c.created_at,
            users.c.updated_at,
        ]

    # -- projects ----------------------------------------------------------------------------

    async def get_project(self, project_id: int) -> ProjectView | None:
        if self._fast is not None:
            return await self._fast.get_project(project_id)
        projects = self._t.projects
        rows = await self._fetch(select(projects).where(projects.c.id == project_id))
        return _view(rows[0], ProjectView) if rows else None

    async def list_projects(
        self, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[ProjectView], int]:
        projects = self._t.projects
        rows, total = await self._page(select(projects).order_by(projects.c.id), limit, offset)
        return [_view(row, ProjectView) for row in rows], total

    # -- bugs --------------------------------------------------------------------------------

    def _bug_query(self) -> Select[Any]:
        bugs, users = self._t.bugs, self._t.users
        return select(bugs, users.c.name.label("assignee_name")).select_from(
            bugs.outerjoin(users, users.c.id == bugs.c.assignee_id)
        )

    async def get_bug(self, bug_id: int) -> BugView | None:
        if self._fast is not None:
            return await self._fast.get_bug(bug_id)
        rows = await self._fetch(self._bug_query().where(self._t.bugs.c.id == bug_id))
        return _view(rows[0], BugView) if rows else None

    async def list_bugs(
        self, filters: BugFilters, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[BugView], int]:
        bugs = self._t.bugs
        query = self._bug_query().where(*self._bug_conditions(filters)).order_by(bugs.c.id)
        rows, total = await self._page(query, limit, offset)
        return [_view(row, BugView) for row in rows], total

    def _bug_conditions(self, filters: BugFilters) -> list[Any]:
        bugs = self._t.bugs
        conditions: list[Any] = []
        if filters.project_id is not None:
            conditions.append(bugs.c.project_id == filters.project_id)
        if filters.status is not None:
            conditions.append(bugs.c.status == filters.status)
        if filters.priority is not None:
            conditions.append(bugs.c.priority == filters.priority)
        if filters.assignee_id == UNASSIGNED:
            conditions.append(bugs.c.assignee_id.is_(None))
        elif filters.assignee_id is not None:
            conditions.append(bugs.c.assignee_id == filters.assignee_id)
        if filters.q:
            conditions.append(_contains(bugs.c.title, filters.q))
        return conditions

    async def get_bug_detail(self, bug_id: int) -> BugDetailView | None:
        """The bug, its assignee and its comments: three queries on one connection."""
        if self._fast is not None:
            return await self._fast.get_bug_detail(bug_id)
        users, comments = self._t.users, self._t.comments
        bugs = self._t.bugs
        async with self._engine.connect() as conn:
            row = _first(await conn.execute(self._bug_query().where(bugs.c.id == bug_id)))
            if row is None:
                return None
            bug = _view(row, BugView)
            assignee = None
            if bug.assignee_id is not None:
                query = select(*self._user_columns()).where(users.c.id == bug.assignee_id)
                found = _first(await conn.execute(query))
                assignee = _view(found, UserView) if found is not None else None
            by_bug = self._comment_query().where(comments.c.bug_id == bug_id)
            comment_rows = _rows(await conn.execute(by_bug.order_by(comments.c.id)))
        return BugDetailView(
            **msgspec.structs.asdict(bug),
            assignee=assignee,
            comments=[_view(comment, CommentView) for comment in comment_rows],
        )

    # -- comments ----------------------------------------------------------------------------

    def _comment_query(self) -> Select[Any]:
        comments, users = self._t.comments, self._t.users
        columns = [
            comments.c[field] for field in CommentView.__struct_fields__ if field in comments.c
        ]
        return select(*columns, users.c.name.label("author_name")).select_from(
            comments.outerjoin(users, users.c.id == comments.c.author_id)
        )

    async def list_comments(
        self, bug_id: int, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[CommentView], int]:
        comments = self._t.comments
        query = self._comment_query().where(comments.c.bug_id == bug_id).order_by(comments.c.id)
        rows, total = await self._page(query, limit, offset)
        return [_view(row, CommentView) for row in rows], total

    async def get_comment(self, comment_id: int) -> CommentView | None:
        if self._fast is not None:
            return await self._fast.get_comment(comment_id)
        comments = self._t.comments
        rows = await self._fetch(self._comment_query().where(comments.c.id == comment_id))
        return _view(rows[0], CommentView) if rows else None

    # -- board -------------------------------------------------------------------------------

    async def board(
        self,
        project: ProjectView,
        filters: BugFilters,
        *,
        limit_per_column: int = 100,
        offset: int = 0,
        statuses: Sequence[str] = STATUS_ORDER,
    ) -> BoardView:
        """The columns in lifecycle order: each one's total count after filters, and one page
        of its cards in rank order (`offset`/`limit_per_column` apply to every column)."""
        if self._fast is not None:
            fast_filters = BoardFilter(
                priority=filters.priority, assignee_id=filters.assignee_id, q=filters.q
            )
            return await self._fast.board(
                project,
                fast_filters,
                limit_per_column=limit_per_column,
                offset=offset,
                statuses=statuses,
            )
        bugs, users = self._t.bugs, self._t.users
        scoped = msgspec.structs.replace(filters, project_id=project.id, status=None)
        conditions = self._bug_conditions(scoped)
        counts_query = (
            select(bugs.c.status, func.count().label("n"))
            .where(*conditions)
            .group_by(bugs.c.status)
        )
        # One index range scan per column on (project_id, status, rank, id), glued together:
        # far cheaper than numbering every card of the project to keep the first hundred.
        pages = [
            select(bugs.c.id)
            .where(*conditions, bugs.c.status == status)
            .order_by(bugs.c.rank, bugs.c.id)
            .limit(limit_per_column)
            .offset(offset)
            .subquery()
            for status in statuses
        ]
        page_ids = union_all(*(select(page.c.id) for page in pages)).subquery()
        cards_query = (
            select(
                bugs.c.id,
                bugs.c.project_id,
                bugs.c.title,
                bugs.c.priority,
                bugs.c.status,
                bugs.c.rank,
                bugs.c.assignee_id,
                bugs.c.comment_count,
                bugs.c.created_at,
                bugs.c.updated_at,
                bugs.c.version,
                users.c.name.label("assignee_name"),
            )
            .select_from(
                bugs.join(page_ids, page_ids.c.id == bugs.c.id).outerjoin(
                    users, users.c.id == bugs.c.assignee_id
                )
            )
            .order_by(bugs.c.rank, bugs.c.id)
        )
        async with self._engine.connect() as conn:
            counts = {row.status: row.n for row in await conn.execute(counts_query)}
            rows = _rows(await conn.execute(cards_query))
        by_status: dict[str, list[CardView]] = {status: [] for status in statuses}
        for row in rows:
            by_status[row["status"]].append(_view(row, CardView))
        columns = [
            ColumnView(status=status, count=counts.get(status, 0), cards=by_status[status])
            for status in statuses
        ]
        return BoardView(project=project, as_of=None, columns=columns)

    # -- history and activity ----------------------------------------------------------------

    async def bug_history(self, bug_id: int) -> list[HistoryEntryView]:
        history = self._t.history
        query = select(history).where(history.c.bug_id == bug_id).order_by(history.c.position)
        return await self._history(query)

    async def activity(
        self, filters: ActivityFilters, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[HistoryEntryView], int]:
        history = self._t.history
        conditions: list[Any] = []
        if filters.project_id is not None:
            conditions.append(history.c.project_id == filters.project_id)
        if filters.actor_id is not None:
            conditions.append(history.c.actor_id == filters.actor_id)
        if filters.since is not None:
            conditions.append(history.c.at >= filters.since)
        if filters.until is not None:
            conditions.append(history.c.at <= filters.until)
        query = select(history).where(and_(True, *conditions)).order_by(history.c.position.desc())
        async with self._engine.connect() as conn:
            total = await _count(conn, query)
            rows = _rows(await conn.execute(query.limit(limit).offset(offset)))
            entries = await self._summarised(conn, rows)
        return entries, total

    async def _history(self, query: Select[Any]) -> list[HistoryEntryView]:
        async with self._engine.connect() as conn:
            rows = _rows(await conn.execute(query))
            return await self._summarised(conn, rows)

    async def _summarised(
        self, conn: AsyncConnection, rows: list[Record]
    ) -> list[HistoryEntryView]:
        names = await self._names(conn, _mentioned_users(rows))
        entries = []
        for row in rows:
            facts = HistoryFacts(
                type=row["type"],
                field=row["field"],
                old=row["old"],
                new=row["new"],
                bug_id=row["bug_id"],
                project_id=row["project_id"],
                user_id=row["user_id"],
                comment_id=row["comment_id"],
            )
            actor_name = names.get(row["actor_id"]) if row["actor_id"] is not None else None
            entries.append(
                HistoryEntryView(
                    position=row["position"],
                    at=row["at"],
                    actor_id=row["actor_id"],
                    actor_name=actor_name,
                    type=row["type"],
                    field=row["field"],
                    old=row["old"],
                    new=row["new"],
                    old_display=_display(row["field"], row["old"], names),
                    new_display=_display(row["field"], row["new"], names),
                    comment_id=row["comment_id"],
                    bug_id=row["bug_id"],
                    project_id=row["project_id"],
                    user_id=row["user_id"],
                    summary=summarise(facts, actor_name or "someone", names),
                )
            )
        return entries

    async def _names(self, conn: AsyncConnection, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        users = self._t.users
        query = select(users.c.id, users.c.name).where(users.c.id.in_(sorted(user_ids)))
        return {row.id: row.name for row in await conn.execute(query)}

    async def adjacent_rank(
        self, project_id: int, status: str, rank: str | None, *, below: bool, excluding: int
    ) -> str | None:
        bugs = self._t.bugs
        query = select(bugs.c.rank).where(
            bugs.c.project_id == project_id, bugs.c.status == status, bugs.c.id != excluding
        )
        if rank is not None:
            query = query.where(bugs.c.rank > rank if below else bugs.c.rank < rank)
        query = query.order_by(bugs.c.rank.asc() if below else bugs.c.rank.desc()).limit(1)
        async with self._engine.connect() as conn:
            found: str | None = await conn.scalar(query)
        return found

    async def user_names(self, user_ids: set[int]) -> dict[int, str]:
        async with self._engine.connect() as conn:
            return await self._names(conn, user_ids)

    async def bug_ids_of_project(self, project_id: int) -> list[int]:
        bugs = self._t.bugs
        query = select(bugs.c.id).where(bugs.c.project_id == project_id).order_by(bugs.c.id)
        async with self._engine.connect() as conn:
            return [row.id for row in await conn.execute(query)]

    # -- helpers -----------------------------------------------------------------------------

    async def _fetch(self, query: Select[Any]) -> list[Record]:
        async with self._engine.connect() as conn:
            rows: list[Record] = _rows(await conn.execute(query))
        return rows

    async def _page(self, query: Select[Any], limit: int, offset: int) -> tuple[list[Record], int]:
        async with self._engine.connect() as conn:
            total = await _count(conn, query)
            rows = _rows(await conn.execute(query.limit(limit).offset(offset)))
        return rows, total


async def _count(conn: AsyncConnection, query: Select[Any]) -> int:
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int((await conn.execute(counted)).scalar_one())


def _contains(column: Any, text: str) -> Any:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _display(field: str | None, value: str | None, names: dict[int, str]) -> str | None:
    """Values as people read them: assignees by name rather than by id."""
    if value is None or field != "assignee":
        return value
    return names.get(int(value), f"user {value}")


def _mentioned_users(rows: Iterable[Record]) -> set[int]:
    ids: set[int] = set()
    for row in rows:
        if row["actor_id"] is not None:
            ids.add(row["actor_id"])
        if row["user_id"] is not None:
            ids.add(row["user_id"])
        if row["field"] == "assignee":
            ids.update(int(value) for value in (row["old"], row["new"]) if value is not None)
    return ids


def _rows(result: Result[Any]) -> list[Record]:
    """Rows as plain dicts keyed by column name: much cheaper than SQLAlchemy's RowMapping."""
    keys = [str(key) for key in result.keys()]  # noqa: SIM118 - a Result, not a dict
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


def _first(result: Result[Any]) -> Record | None:
    rows = _rows(result)
    return rows[0] if rows else None


def _view(row: Record, view: type[V]) -> V:
    """A read-model row as its view: each selected column is a field of the same name."""
    return view(**row)
