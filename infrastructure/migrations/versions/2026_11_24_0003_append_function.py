"""PostgreSQL: the append as one server-side call (lock, version check, insert).

A command's writes are sent to the server with its COMMIT as one query (see infrastructure/
pg_event_store.py); with the check and the insert in a function, nothing in it has to wait
for Python while the global append lock is held. SQLite needs nothing: BEGIN IMMEDIATE
already serialises writers, and its store keeps doing the check itself.

Revision ID: 0003_append_function
Revises: 0002_read_models
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003_append_function"
down_revision: str | None = "0002_read_models"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The events come as one JSON array of {"type", "data"} (one value to bind, parsed once by the
# server). The SQLSTATE raised when the stream is not at the expected version is a class of
# our own, so it can never be confused with a PostgreSQL error.
APPEND_FUNCTION = """
CREATE FUNCTION append_events(
    p_stream_id text,
    p_expected_version integer,
    p_events jsonb,
    p_metadata jsonb,
    p_recorded_at timestamptz,
    p_lock_key bigint,
    p_lock_timeout text
) RETURNS SETOF bigint
LANGUAGE plpgsql AS $$
DECLARE
    current_version integer;
    recorded timestamptz;
BEGIN
    -- Positions are drawn in commit order under this lock (see SqlEventStore.lock_appends).
    PERFORM set_config('lock_timeout', p_lock_timeout, true);
    PERFORM pg_advisory_xact_lock(p_lock_key);
    -- A new snapshot per statement: every append that held the lock before is visible here.
    SELECT coalesce(max(version), 0) INTO current_version
        FROM events WHERE stream_id = p_stream_id;
    IF current_version <> p_expected_version THEN
        RAISE EXCEPTION 'stream % is at version %, not %',
            p_stream_id, current_version, p_expected_version
            USING ERRCODE = 'BTC01';
    END IF;
    -- recorded_at never goes backwards along the log, whatever the callers' clocks said.
    SELECT greatest(p_recorded_at, (SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1))
        INTO recorded;
    RETURN QUERY
        INSERT INTO events (stream_id, version, type, data, metadata, recorded_at)
        SELECT p_stream_id, p_expected_version + t.ord::integer, t.event->>'type',
               t.event->'data', p_metadata, recorded
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS t(event, ord)
        ORDER BY t.ord
        RETURNING position;
END;
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(APPEND_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS append_events"
            "(text, integer, jsonb, jsonb, timestamptz, bigint, text)"
        )
