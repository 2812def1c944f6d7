"""Read-model tables. Every row carries project_id where it belongs to a project, so the read
side can later be distributed by project (see docs/architecture.md).

``read_tables(suffix)`` builds the same tables under other names: rebuild and verify replay the
log into such scratch tables and never touch the live ones until the swap.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both databases (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is UTC:  # PostgreSQL sessions run in UTC (see infrastructure.db)
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Ranks compare bytewise ("C" collation, not linguistic order) and are unbounded: keys grow
# slowly when cards are dropped again and again into the same gap.
RANK_TYPE = Text().with_variant(Text(collation="C"), "postgresql")


@dataclass(frozen=True)
class ReadTables:
    metadata: MetaData
    users: Table
    projects: Table
    bugs: Table
    comments: Table
    history: Table

    def all(self) -> tuple[Table, ...]:
        return (self.users, self.projects, self.bugs, self.comments, self.history)


def read_tables(suffix: str = "") -> ReadTables:
    metadata = MetaData()
    users = Table(
        f"rm_users{suffix}",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("name", String(255), nullable=False),
        Column("email", String(320), nullable=False),
        Column("role", String(20), nullable=False),
        Column("is_blocked", Boolean, nullable=False),
        Column("password_hash", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
        Column("version", Integer, nullable=False),
        Index(f"ix_rm_users{suffix}_email", "email", unique=True),
    )
    projects = Table(
        f"rm_projects{suffix}",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("name", String(255), nullable=False),
        Column("description", Text, nullable=True),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
        Column("version", Integer, nullable=False),
    )
    # One row per bug serves both the board (by project, status, rank) and the detail view:
    # they have the same grain, so a second copy would only double the write work.
    bugs = Table(
        f"rm_bugs{suffix}",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("project_id", BigInteger, nullable=False),
        Column("title", String(255), nullable=False),
        Column("description", Text, nullable=False),
        Column("priority", String(20), nullable=False),
        Column("status", String(20), nullable=False),
        Column("rank", RANK_TYPE, nullable=False),
        Column("assignee_id", BigInteger, nullable=True),
        Column("resolution_note", Text, nullable=True),
        Column("reporter_id", BigInteger, nullable=False),
        Column("comment_count", Integer, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
        Column("version", Integer, nullable=False),
        Index(f"ix_rm_bugs{suffix}_board", "project_id", "status", "rank", "id"),
        Index(f"ix_rm_bugs{suffix}_assignee", "assignee_id"),
    )
    comments = Table(
        f"rm_comments{suffix}",
        metadata,
        Column("id", BigInteger, primary_key=True, autoincrement=False),
        Column("bug_id", BigInteger, nullable=False),
        Column("project_id", BigInteger, nullable=False),
        Column("author_id", BigInteger, nullable=False),
        Column("text", Text, nullable=False),
        Column("edited", Boolean, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
        Index(f"ix_rm_comments{suffix}_bug", "bug_id", "id"),
    )
    # One row per recorded change: the audit trail behind history and activity views.
    history = Table(
        f"rm_history{suffix}",
        metadata,
        Column("position", BigInteger, primary_key=True, autoincrement=False),
        Column("stream_id", String(100), nullable=False),
        Column("project_id", BigInteger, nullable=True),
        Column("bug_id", BigInteger, nullable=True),
        Column("user_id", BigInteger, nullable=True),
        Column("actor_id", BigInteger, nullable=True),
        Column("at", UtcDateTime(), nullable=False),
        Column("type", String(100), nullable=False),
        Column("field", String(50), nullable=True),
        Column("old", Text, nullable=True),
        Column("new", Text, nullable=True),
        Column("comment_id", BigInteger, nullable=True),
        Index(f"ix_rm_history{suffix}_bug", "bug_id", "position"),
        Index(f"ix_rm_history{suffix}_project", "project_id", "position"),
        Index(f"ix_rm_history{suffix}_actor", "actor_id", "position"),
    )
    return ReadTables(metadata, users, projects, bugs, comments, history)


LIVE = read_tables()

checkpoint_metadata = MetaData()
projection_checkpoints = Table(
    "projection_checkpoints",
    checkpoint_metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
)
