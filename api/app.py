"""The Litestar application factory."""

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar, Request
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin

from api.controllers.auth import AuthController
from api.controllers.bugs import BugController
from api.controllers.comments import CommentController
from api.controllers.events import EventController
from api.controllers.health import HealthController
from api.controllers.projects import ProjectController
from api.controllers.users import UserController
from api.cors import cors_config
from api.deps import provide_actor, provide_context, provide_identified, provide_wiring
from api.errors import EXCEPTION_HANDLERS, envelope_stray_errors
from api.live import Broadcaster, listen_for_notifications
from api.metrics import MetricsController, refresh_gauges
from api.observability import request_logging
from api.web import web_routes
from api.wiring import Wiring, build_wiring
from infrastructure.event_store import EVENTS_CHANNEL
from infrastructure.settings import Settings

JSON_WRITE_METHODS = {"POST", "PUT", "PATCH"}


def create_app(settings: Settings | None = None, wiring: Wiring | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    wiring = wiring or build_wiring(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.wiring = wiring
        tasks = [
            asyncio.create_task(wiring.broadcaster.run_tailer(wiring.store)),
            asyncio.create_task(refresh_gauges(wiring.store, wiring.engine, wiring.broadcaster)),
        ]
        if not settings.is_sqlite:
            tasks.append(
                asyncio.create_task(
                    listen_for_notifications(
                        settings.sync_database_dsn, wiring.broadcaster, EVENTS_CHANNEL
                    )
                )
            )
        _close_streams_on_termination(wiring.broadcaster)
        try:
            yield
        finally:
            wiring.broadcaster.close()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await wiring.close()

    # Hooks are async on purpose: Litestar runs a sync hook in its thread pool, a thread hop
    # on every request (measured in docs/benchmarks.md, "API load").
    async def require_json_body(request: Request[Any, Any, Any]) -> None:
        """415 for a write whose body is not JSON, instead of guessing."""
        if request.method not in JSON_WRITE_METHODS:
            return
        content_type = request.headers.get("content-type", "")
        has_body = request.headers.get("content-length", "0") not in ("", "0") or (
            "transfer-encoding" in request.headers
        )
        media = content_type.split(";")[0].strip().lower()
        if has_body and media != "application/json" and not media.endswith("+json"):
            raise HTTPException(status_code=415)

    async def ring_after_write(request: Request[Any, Any, Any]) -> None:
        if request.method in JSON_WRITE_METHODS or request.method == "DELETE":
            wiring.broadcaster.ring()

    return Litestar(
        route_handlers=[
            MetricsController,
            HealthController,
            AuthController,
            UserController,
            ProjectController,
            BugController,
            CommentController,
            EventController,
            *web_routes(),
        ],
        dependencies={
            "wiring": Provide(provide_wiring, sync_to_thread=False),
            "actor": Provide(provide_actor),
            "identified": Provide(provide_identified),
            "context": Provide(provide_context, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=require_json_body,
        after_response=ring_after_write,
        before_send=[envelope_stray_errors],
        lifespan=[lifespan],
        cors_config=cors_config(settings.cors_origins),
        request_max_body_size=settings.max_request_body_bytes,
        middleware=[request_logging],
        openapi_config=OpenAPIConfig(
            title="Bug tracker API",
            version="1.0.0",
            description="Event-sourced bug tracker. Every response uses the "
            '{"data", "error", "status"} envelope.',
            path="/api/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
        ),
        logging_config=LoggingConfig(
            root={"level": settings.log_level, "handlers": ["queue_listener"]},
            log_exceptions="never",
        ),
        debug=False,
    )


def _close_streams_on_termination(broadcaster: Broadcaster) -> None:
    """On SIGTERM/SIGINT, end every live stream with a "reconnect" event first.

    The server waits for open responses before it shuts the app down, and a live stream never
    ends by itself: without this a deploy would hang until the kill timeout, and clients would
    see a dropped connection instead of a request to reconnect (to another worker).
    """
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(signum)

        def handle(received: int, frame: object, previous: object = previous) -> None:
            loop.call_soon_threadsafe(broadcaster.close)
            if callable(previous):
                previous(received, frame)

        try:
            signal.signal(signum, handle)
        except ValueError:  # not the main thread (e.g. a test client): nothing to hook
            return
