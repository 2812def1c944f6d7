"""Read models: users, projects, bugs (board + detail), comments, history, and checkpoints.

Hand-written DDL: migrations never import application code, so they stay as they shipped.

Revision ID: 0002_read_models
Revises: 0001_event_store
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_read_models"
down_revision: str | None = "0001_event_store"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROJECTORS = ("users", "projects", "bugs", "comments", "history")


def _ts(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    rank = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
    op.create_table(
        "rm_users",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("is_blocked", sa.Boolean, nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_rm_users_email", "rm_users", ["email"], unique=True)
    op.create_table(
        "rm_projects",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "rm_bugs",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("project_id", sa.BigInteger, nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rank", rank, nullable=False),
        sa.Column("assignee_id", sa.BigInteger, nullable=True),
        sa.Column("resolution_note", sa.Text, nullable=True),
        sa.Column("reporter_id", sa.BigInteger, nullable=False),
        sa.Column("comment_count", sa.Integer, nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_rm_bugs_board", "rm_bugs", ["project_id", "status", "rank", "id"])
    op.create_index("ix_rm_bugs_assignee", "rm_bugs", ["assignee_id"])
    op.create_table(
        "rm_comments",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("bug_id", sa.BigInteger, nullable=False),
        sa.Column("project_id", sa.BigInteger, nullable=False),
        sa.Column("author_id", sa.BigInteger, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("edited", sa.Boolean, nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
    )
    op.create_index("ix_rm_comments_bug", "rm_comments", ["bug_id", "id"])
    op.create_table(
        "rm_history",
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("stream_id", sa.String(100), nullable=False),
        sa.Column("project_id", sa.BigInteger, nullable=True),
        sa.Column("bug_id", sa.BigInteger, nullable=True),
        sa.Column("user_id", sa.BigInteger, nullable=True),
        sa.Column("actor_id", sa.BigInteger, nullable=True),
        _ts("at"),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("field", sa.String(50), nullable=True),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("comment_id", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_rm_history_bug", "rm_history", ["bug_id", "position"])
    op.create_index("ix_rm_history_project", "rm_history", ["project_id", "position"])
    op.create_index("ix_rm_history_actor", "rm_history", ["actor_id", "position"])
    checkpoints = op.create_table(
        "projection_checkpoints",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("position", sa.BigInteger, nullable=False),
        _ts("updated_at", nullable=True),
    )
    op.bulk_insert(checkpoints, [{"name": name, "position": 0} for name in PROJECTORS])


def downgrade() -> None:
    op.drop_table("projection_checkpoints")
    for table in ("rm_history", "rm_comments", "rm_bugs", "rm_projects", "rm_users"):
        op.drop_table(table)
