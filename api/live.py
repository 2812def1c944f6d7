"""Live feed: tail the event log and fan each committed event out to SSE subscribers.

The log is the only source: a tailer reads `read_all(after=position)` whenever a doorbell rings
(after a local write, or a PostgreSQL NOTIFY from another process) and at least once a second.
Each subscriber has a bounded queue; one that falls behind is told to reconnect and resumes from
the log with Last-Event-ID, so a slow client never slows writers or other clients.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import msgspec

from application.ports import EventStore, RecordedEvent

logger = logging.getLogger("bugtracker.live")

QUEUE_SIZE = 1000
POLL_SECONDS = 1.0
BATCH = 500


class FeedItem(msgspec.Struct, frozen=True, kw_only=True):
    position: int
    type: str
    stream_id: str
    project_id: int | None
    bug_id: int | None
    actor_id: int | None
    at: str


def feed_item(recorded: RecordedEvent) -> FeedItem:
    event = recorded.event
    project_id = getattr(event, "project_id", None)
    bug_id = getattr(event, "bug_id", None)
    return FeedItem(
        position=recorded.position,
        type=str(event.__struct_config__.tag),
        stream_id=recorded.stream_id,
        project_id=project_id if isinstance(project_id, int) else None,
        bug_id=bug_id if isinstance(bug_id, int) else None,
        actor_id=event.by,
        at=recorded.recorded_at.isoformat().replace("+00:00", "Z"),
    )


class Subscription:
    def __init__(self) -> None:
        self.queue: asyncio.Queue[FeedItem] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False
        self.closed = asyncio.Event()


class Broadcaster:
    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._doorbell = asyncio.Event()
        self.position = 0
        self._closing = False
        # The log's head as announced by PostgreSQL NOTIFY payloads (None: no announcements).
        self._announced_head: int | None = None

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @property
    def closing(self) -> bool:
        return self._closing

    def ring(self) -> None:
        self._doorbell.set()

    def announcements_lost(self) -> None:
        """Without NOTIFY the announced head goes stale: read the log on every doorbell again."""
        self._announced_head = None

    def announce(self, head: int) -> None:
        """A NOTIFY said the log now reaches ``head``: ring, and remember how far it goes."""
        self._announced_head = max(head, self._announced_head or 0)
        self._doorbell.set()

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        self._subscribers.add(subscription)
        try:
            yield subscription
        finally:
            self._subscribers.discard(subscription)

    def publish(self, items: list[FeedItem]) -> None:
        for subscription in list(self._subscribers):
            for item in items:
                try:
                    subscription.queue.put_nowait(item)
                except asyncio.QueueFull:
                    subscription.overflowed = True
                    subscription.closed.set()
                    break

    def close(self) -> None:
        """On shutdown: every open stream is told to reconnect (to another worker)."""
        self._closing = True
        for subscription in self._subscribers:
            subscription.closed.set()

    async def run_tailer(self, store: EventStore) -> None:
        self.position = await store.head_position()
        while not self._closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._doorbell.wait(), POLL_SECONDS)
            self._doorbell.clear()
            if not self._subscribers and self._announced_head is not None:
                # Nobody to tell: skip reading the events, only keep up with the head, so a
                # stream opened later starts from now (its own replay covers Last-Event-ID).
                self.position = max(self.position, self._announced_head)
                continue
            try:
                await self._catch_up(store)
            except Exception:  # the feed must outlive a database hiccup
                logger.exception("live feed tailer failed; retrying")
                await asyncio.sleep(POLL_SECONDS)

    async def _catch_up(self, store: EventStore) -> None:
        while True:
            batch = await store.read_all(after=self.position, limit=BATCH)
            if not batch:
                return
            self.publish([feed_item(recorded) for recorded in batch])
            self.position = batch[-1].position
            if len(batch) < BATCH:
                return


async def listen_for_notifications(dsn: str, broadcaster: Broadcaster, channel: str) -> None:
    """PostgreSQL only: ring the doorbell on NOTIFY from any process appending events."""
    import psycopg

    while not broadcaster.closing:
        try:
            async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
                await conn.execute(f"LISTEN {channel}")
                async for notification in conn.notifies():
                    if notification.payload.isdigit():
                        broadcaster.announce(int(notification.payload))
                    else:
                        broadcaster.ring()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.warning("LISTEN connection lost; reconnecting", exc_info=True)
            broadcaster.announcements_lost()
            await asyncio.sleep(POLL_SECONDS)
