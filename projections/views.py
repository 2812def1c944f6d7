"""Read shapes returned by queries and served as they are by the API (snake_case JSON)."""

from datetime import datetime

import msgspec


class UserView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    email: str | None
    role: str
    is_blocked: bool
    created_at: datetime
    updated_at: datetime


class ProjectView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime
    version: int


class BugView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    project_id: int
    title: str
    description: str
    priority: str
    status: str
    assignee_id: int | None
    assignee_name: str | None
    resolution_note: str | None
    reporter_id: int
    rank: str
    comment_count: int
    created_at: datetime
    updated_at: datetime
    version: int


class CommentView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    bug_id: int
    author_id: int
    author_name: str | None
    text: str
    created_at: datetime
    updated_at: datetime
    edited: bool


class BugDetailView(BugView, frozen=True, kw_only=True):
    """A bug with its assignee and comments (GET /api/bugs/{id})."""

    assignee: UserView | None
    comments: list[CommentView]


class CardView(msgspec.Struct, frozen=True):
    """Positional as well as by keyword: a board builds a thousand of these from row tuples."""

    id: int
    project_id: int
    title: str
    priority: str
    status: str
    rank: str
    assignee_id: int | None
    assignee_name: str | None
    comment_count: int
    created_at: datetime
    updated_at: datetime
    version: int


class ColumnView(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    count: int
    cards: list[CardView]


class BoardView(msgspec.Struct, frozen=True, kw_only=True):
    project: ProjectView
    as_of: datetime | None
    columns: list[ColumnView]


class HistoryEntryView(msgspec.Struct, frozen=True, kw_only=True):
    position: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    type: str
    field: str | None
    old: str | None
    new: str | None
    old_display: str | None
    new_display: str | None
    comment_id: int | None
    bug_id: int | None
    project_id: int | None
    user_id: int | None
    summary: str


class Page(msgspec.Struct, frozen=True, kw_only=True):
    total: int
    limit: int
    offset: int
