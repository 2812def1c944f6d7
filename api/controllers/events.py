"""The raw event log for integrations (admin) and the live SSE feed (any active user)."""

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from api import openapi
from api.envelope import Envelope, ok
from api.live import FeedItem, feed_item
from api.schemas import Position
from api.wiring import Wiring
from application.context import Actor
from application.errors import AuthenticationError
from application.policy import require_actor, require_admin
from application.ports import RecordedEvent

KEEPALIVE_SECONDS = 15.0
MAX_POSITION = 2**63 - 1
REPLAY_BATCH = 500
REDACTED_FIELDS = ("password_hash",)


class EventView(msgspec.Struct, kw_only=True):
    position: int
    stream_id: str
    version: int
    type: str
    data: dict[str, Any]
    metadata: dict[str, Any]
    recorded_at: str


def event_view(recorded: RecordedEvent) -> EventView:
    data = msgspec.to_builtins(recorded.event)
    event_type = data.pop("type")
    for field in REDACTED_FIELDS:
        if field in data:
            data[field] = "[redacted]"
    return EventView(
        position=recorded.position,
        stream_id=recorded.stream_id,
        version=recorded.version,
        type=event_type,
        data=data,
        metadata=msgspec.to_builtins(recorded.metadata),
        recorded_at=recorded.recorded_at.isoformat().replace("+00:00", "Z"),
    )


def _message(item: FeedItem) -> ServerSentEventMessage:
    return ServerSentEventMessage(
        id=item.position, event=item.type, data=msgspec.json.encode(item).decode()
    )


class EventController(Controller):
    path = "/api/events"
    tags = ["events"]

    @get("/", operation_id="readLog", responses=openapi.READS)
    async def read_log(
        self,
        actor: NamedDependency[Actor],
        wiring: NamedDependency[Wiring],
        after: Position = 0,
        limit: Annotated[int, QueryParameter(ge=1, le=1000)] = 100,
    ) -> Response[Envelope[list[EventView]]]:
        require_admin(actor)
        events = await wiring.store.read_all(after=after, limit=limit)
        headers = {"X-Head-Position": str(await wiring.store.head_position())}
        return ok([event_view(recorded) for recorded in events], headers=headers)

    @get("/stream", operation_id="streamEvents", responses=openapi.READS)
    async def stream(
        self,
        request: Request[Any, Any, Any],
        wiring: NamedDependency[Wiring],
        access_token: FromQuery[str | None] = None,
    ) -> ServerSentEvent:
        actor = await _stream_actor(request, wiring, access_token)
        resume = _last_event_id(request)
        return ServerSentEvent(_feed(wiring, actor, resume))


async def _stream_actor(
    request: Request[Any, Any, Any], wiring: Wiring, access_token: str | None
) -> Actor:
    header = request.headers.get("authorization", "")
    token = header.partition(" ")[2].strip() if header.lower().startswith("bearer ") else None
    token = token or access_token
    if not token:
        raise AuthenticationError("Missing Authorization header or access_token")
    return require_actor(await wiring.auth.authenticate(token))


def _last_event_id(request: Request[Any, Any, Any]) -> int | None:
    raw = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_POSITION:
        raise ValidationException(detail="Last-Event-ID must be an event position")
    return int(raw)


async def _feed(
    wiring: Wiring, actor: Actor, resume: int | None
) -> AsyncIterator[ServerSentEventMessage]:
    broadcaster = wiring.broadcaster
    async with broadcaster.subscribe() as subscription:
        # Subscribe first, then replay: nothing published in between can be missed, and
        # anything seen twice is dropped by position.
        cursor = broadcaster.position if resume is None else resume
        yield ServerSentEventMessage(comment="connected", data=None, retry=2000)
        if resume is not None:
            while True:
                batch = await wiring.store.read_all(after=cursor, limit=REPLAY_BATCH)
                for recorded in batch:
                    yield _message(feed_item(recorded))
                    cursor = recorded.position
                if len(batch) < REPLAY_BATCH:
                    break
        while not subscription.closed.is_set():
            getter = asyncio.ensure_future(subscription.queue.get())
            closer = asyncio.ensure_future(subscription.closed.wait())
            done, _ = await asyncio.wait(
                {getter, closer}, timeout=KEEPALIVE_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
            closer.cancel()
            if getter not in done:
                getter.cancel()
                if not done:
                    # Keep proxies from closing an idle stream, and apply a block promptly.
                    record = await wiring.reads.find_actor(actor.user_id)
                    if record is None or record.is_blocked:
                        yield ServerSentEventMessage(event="revoked", data="{}")
                        return
                    yield ServerSentEventMessage(comment="keepalive", data=None)
                continue
            item = getter.result()
            if item.position > cursor:
                cursor = item.position
                yield _message(item)
        # Overflow or shutdown: ask the client to reconnect; it resumes from Last-Event-ID.
        yield ServerSentEventMessage(event="reconnect", data="{}", retry=1000)
