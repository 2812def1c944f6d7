"""Property: whatever sequence of appends (some at wrong versions), the log equals a model."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.errors import ConcurrencyError
from application.ports import EventMetadata
from domain.catalog import DomainEvent
from infrastructure.event_store import SqlEventStore
from tests.integration.support import renamed

pytestmark = [pytest.mark.integration, pytest.mark.anyio]

# (stream number, expected version or None for "the right one", number of events)
Append = tuple[int, int | None, int]
appends = st.lists(
    st.tuples(st.integers(0, 3), st.none() | st.integers(0, 5), st.integers(1, 3)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=appends)
async def test_the_log_holds_exactly_the_accepted_appends_in_order(
    event_store: SqlEventStore, plan: list[Append]
) -> None:
    # The database outlives examples: each example writes to streams of its own.
    run = uuid.uuid4().hex[:8]
    start = await event_store.head_position()
    versions: dict[str, int] = {}
    accepted: list[tuple[str, int, DomainEvent]] = []

    for number, (stream_number, wrong_version, count) in enumerate(plan):
        stream_id = f"model{run}-{stream_number}"
        current = versions.get(stream_id, 0)
        expected = current if wrong_version is None else wrong_version
        batch = [renamed(stream_number, f"{number}.{n}") for n in range(count)]
        metadata = EventMetadata(actor_id=None, command_id=f"{run}-{number}")
        if expected == current:
            async with event_store.transaction() as uow:
                await uow.append(stream_id, batch, expected_version=expected, metadata=metadata)
            accepted.extend(
                (stream_id, current + offset, event) for offset, event in enumerate(batch, 1)
            )
            versions[stream_id] = current + count
        else:
            with pytest.raises(ConcurrencyError):
                async with event_store.transaction() as uow:
                    await uow.append(stream_id, batch, expected_version=expected, metadata=metadata)

    log = await event_store.read_all(after=start, limit=10_000)
    assert [(r.stream_id, r.version, r.event) for r in log] == accepted
    for stream_id, version in versions.items():
        assert (await event_store.read_stream(stream_id)).version == version
