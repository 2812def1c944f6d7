"""Event store: the append-only log, id counters, unique claims and command outcomes.

Hand-written DDL that works on PostgreSQL and SQLite. Never import application code here:
a migration must keep doing what it did when it shipped.

Revision ID: 0001_event_store
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_event_store"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# PostgreSQL only: the log is append-only, whoever connects. Statement-level triggers fire even
# when no row matches, so the attempt itself fails loudly.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Correct a past event by appending a new one.';
END
$$
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()
"""


def _json() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "position",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=True),
            primary_key=True,
        ),
        sa.Column("stream_id", sa.String(100), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("data", _json(), nullable=False),
        sa.Column("metadata", _json(), nullable=False),
        _timestamp("recorded_at"),
        sa.UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_events_recorded_at", "events", ["recorded_at"])
    op.create_table(
        "id_counters",
        sa.Column("kind", sa.String(50), primary_key=True),
        sa.Column("last_id", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "unique_claims",
        sa.Column("scope", sa.String(100), nullable=False),
        sa.Column("value", sa.String(320), nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("scope", "value", name="pk_unique_claims"),
    )
    op.create_table(
        "command_outcomes",
        sa.Column("command_id", sa.String(100), primary_key=True),
        sa.Column("stream_id", sa.String(100), nullable=False),
        sa.Column("outcome", _json(), nullable=False),
        _timestamp("recorded_at"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)
    else:
        # SQLite has no TRUNCATE; UPDATE and DELETE are refused the same way.
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{verb.lower()} BEFORE {verb} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    op.drop_table("command_outcomes")
    op.drop_table("unique_claims")
    op.drop_table("id_counters")
    op.drop_index("ix_events_recorded_at", table_name="events")
    op.drop_table("events")
