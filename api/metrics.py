"""Prometheus metrics at /metrics: HTTP requests per route, events appended per type,
projection lag, log head and live-feed subscribers."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence

from litestar.plugins.prometheus import PrometheusController
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.live import Broadcaster
from application.ports import EventStore, RecordedEvent
from projections.status import projection_lag

logger = logging.getLogger("bugtracker.metrics")

REFRESH_SECONDS = 5.0

# Module-level: prometheus_client's registry is process-wide, and an app may be built twice.
EVENTS_APPENDED = Counter(
    "bugtracker_events_appended_total", "Events appended by this process, by type", ["type"]
)
PROJECTION_LAG = Gauge(
    "bugtracker_projection_lag_events", "Events a projection has not applied yet", ["projection"]
)
LOG_HEAD = Gauge("bugtracker_log_head_position", "Global position of the newest event")
SSE_SUBSCRIBERS = Gauge("bugtracker_sse_subscribers", "Open live-feed streams in this process")

OnAppend = Callable[[AsyncConnection, Sequence[RecordedEvent]], Awaitable[None]]


# The request metrics keep the names and labels of Litestar's Prometheus middleware, which they
# replace: it cost a fifth of a small request's CPU (docs/benchmarks.md, "API load").
APP_NAME = "bugtracker"
_REQUEST_LABELS = ["method", "path", "status_code", "app_name"]
REQUESTS = Counter("bugtracker_requests_total", "HTTP requests, by route", _REQUEST_LABELS)
REQUEST_ERRORS = Counter(
    "bugtracker_requests_error_total", "HTTP requests answered 5xx, by route", _REQUEST_LABELS
)
REQUEST_TIME = Histogram(
    "bugtracker_request_duration_seconds", "Time to answer, by route", _REQUEST_LABELS
)
REQUESTS_IN_PROGRESS = Gauge(
    "bugtracker_requests_in_progress", "Requests being answered", ["method", "path", "app_name"]
)
UNMETERED_PATHS = frozenset({"/metrics"})


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request under its route template (/api/bugs/{bug_id})."""
    labels = (method, route, str(status), APP_NAME)
    REQUESTS.labels(*labels).inc()
    REQUEST_TIME.labels(*labels).observe(seconds)
    if status >= 500:
        REQUEST_ERRORS.labels(*labels).inc()


def counting(hook: OnAppend) -> OnAppend:
    """Count appended events by type. Counted inside the append transaction: a commit that
    fails afterwards (rare: conflicts are caught before this runs) is still counted."""

    async def run(conn: AsyncConnection, recorded: Sequence[RecordedEvent]) -> None:
        await hook(conn, recorded)
        for event in recorded:
            EVENTS_APPENDED.labels(type=str(event.event.__struct_config__.tag)).inc()

    return run


def count_committed(recorded: Sequence[RecordedEvent]) -> None:
    """Count committed events by type (the PostgreSQL store calls this after its commit)."""
    for event in recorded:
        EVENTS_APPENDED.labels(type=str(event.event.__struct_config__.tag)).inc()


async def refresh_gauges(store: EventStore, engine: AsyncEngine, broadcaster: Broadcaster) -> None:
    while not broadcaster.closing:
        with contextlib.suppress(Exception):
            head = await store.head_position()
            LOG_HEAD.set(head)
            for name, lag in (await projection_lag(engine, head)).items():
                PROJECTION_LAG.labels(projection=name).set(lag)
        SSE_SUBSCRIBERS.set(broadcaster.subscriber_count)
        await asyncio.sleep(REFRESH_SECONDS)


class MetricsController(PrometheusController):
    """/metrics in Prometheus text format; not part of the public API schema."""

    include_in_schema = False
