"""The live feed's tailer: reads the log only when someone listens, never replays the past."""

import asyncio
from datetime import UTC, datetime

import pytest

from api.live import Broadcaster
from application.ports import EventMetadata, RecordedEvent
from domain.projects.model import ProjectCreated

pytestmark = pytest.mark.anyio

AT = datetime(2026, 11, 24, tzinfo=UTC)


def created(position: int) -> RecordedEvent:
    return RecordedEvent(
        position=position,
        stream_id=f"project-{position}",
        version=1,
        event=ProjectCreated(by=1, at=AT, project_id=position, name=f"P{position}"),
        metadata=EventMetadata(actor_id=1, command_id=f"c{position}"),
        recorded_at=AT,
    )


class Log:
    """The part of the event store the tailer uses, counting its reads."""

    def __init__(self) -> None:
        self.events: list[RecordedEvent] = []
        self.reads = 0

    def append(self) -> int:
        self.events.append(created(len(self.events) + 1))
        return len(self.events)

    async def head_position(self) -> int:
        return len(self.events)

    async def read_all(self, *, after: int = 0, limit: int = 1000) -> list[RecordedEvent]:
        self.reads += 1
        return self.events[after : after + limit]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_with_no_one_listening_announced_appends_are_not_read() -> None:
    log, broadcaster = Log(), Broadcaster()
    tailer = asyncio.create_task(broadcaster.run_tailer(log))  # type: ignore[arg-type]
    await settle()
    for _ in range(3):
        broadcaster.announce(log.append())
        await settle()

    assert log.reads == 0
    assert broadcaster.position == 3
    broadcaster.close()
    tailer.cancel()


async def test_a_stream_opened_later_gets_only_what_comes_after() -> None:
    log, broadcaster = Log(), Broadcaster()
    tailer = asyncio.create_task(broadcaster.run_tailer(log))  # type: ignore[arg-type]
    await settle()
    broadcaster.announce(log.append())
    await settle()

    async with broadcaster.subscribe() as subscription:
        broadcaster.announce(log.append())
        await settle()
        received = [subscription.queue.get_nowait().position]

    assert received == [2]
    assert subscription.queue.empty()
    broadcaster.close()
    tailer.cancel()


async def test_without_announcements_every_doorbell_reads_the_log() -> None:
    log, broadcaster = Log(), Broadcaster()  # SQLite: no NOTIFY, so no announced head
    tailer = asyncio.create_task(broadcaster.run_tailer(log))  # type: ignore[arg-type]
    await settle()
    log.append()
    broadcaster.ring()
    await settle()

    assert log.reads >= 1
    assert broadcaster.position == 1
    broadcaster.close()
    tailer.cancel()


async def test_once_announcements_stop_the_log_is_read_again() -> None:
    log, broadcaster = Log(), Broadcaster()
    tailer = asyncio.create_task(broadcaster.run_tailer(log))  # type: ignore[arg-type]
    await settle()
    broadcaster.announce(log.append())
    await settle()
    broadcaster.announcements_lost()  # the LISTEN connection dropped
    log.append()
    broadcaster.ring()
    await settle()

    assert log.reads >= 1
    assert broadcaster.position == 2
    broadcaster.close()
    tailer.cancel()
