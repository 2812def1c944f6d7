"""The event store's tables (SQLAlchemy Core). Migrations own the DDL; these mirror it."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect

metadata = MetaData()

# JSONB on PostgreSQL (indexable, compact), JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both databases (SQLite stores and returns naive values)."""

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
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        if value.tzinfo is UTC:  # PostgreSQL sessions run in UTC (see infrastructure.db)
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


events = Table(
    "events",
    metadata,
    # Identity on PostgreSQL; INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (never reused).
    Column(
        "position",
        BigInteger().with_variant(Integer(), "sqlite"),
        Identity(always=True),
        primary_key=True,
    ),
    Column("stream_id", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(100), nullable=False),
    Column("data", Json, nullable=False),
    Column("metadata", Json, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
    UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
    Index("ix_events_recorded_at", "recorded_at"),
    sqlite_autoincrement=True,
)

id_counters = Table(
    "id_counters",
    metadata,
    Column("kind", String(50), primary_key=True),
    Column("last_id", BigInteger, nullable=False),
)

unique_claims = Table(
    "unique_claims",
    metadata,
    Column("scope", String(100), nullable=False),
    Column("value", String(320), nullable=False),
    Column("owner", String(100), nullable=False),
    PrimaryKeyConstraint("scope", "value", name="pk_unique_claims"),
)

command_outcomes = Table(
    "command_outcomes",
    metadata,
    Column("command_id", String(100), primary_key=True),
    Column("stream_id", String(100), nullable=False),
    Column("outcome", Json, nullable=False),
    Column("recorded_at", UtcDateTime, nullable=False),
)
