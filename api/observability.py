"""One structured log line per request (method, path, status, duration, request id), and the
same request counted in the Prometheus metrics under its route template."""

import logging
import time
import uuid
from typing import Any

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.metrics import APP_NAME, REQUESTS_IN_PROGRESS, UNMETERED_PATHS, record_request

logger = logging.getLogger("bugtracker.access")
_encoder = msgspec.json.Encoder()

REQUEST_ID_HEADER = b"x-request-id"


def request_logging(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(REQUEST_ID_HEADER, b"").decode("latin-1")
        request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        method = str(scope.get("method", ""))
        route = str(scope.get("path_template") or scope.get("path", ""))
        metered = route not in UNMETERED_PATHS
        if metered:
            REQUESTS_IN_PROGRESS.labels(method, route, APP_NAME).inc()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            if metered:
                REQUESTS_IN_PROGRESS.labels(method, route, APP_NAME).dec()
                record_request(method, route, status, seconds)
            record: dict[str, Any] = {
                "method": method,
                "path": scope.get("path"),
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "request_id": request_id,
            }
            logger.info(_encoder.encode(record).decode())

    return middleware
