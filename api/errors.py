"""One table from every error the app can raise to an enveloped HTTP answer.

Nothing reaches a client as an HTML page or a stack trace: unexpected errors are logged with
their traceback and answered with a generic 500 envelope.
"""

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    ValidationException,
)

from api.envelope import Envelope, failure
from application.errors import (
    ApplicationError,
    AuthenticationError,
    BoardChangedError,
    ConcurrencyError,
    DuplicateCommandError,
    PermissionDeniedError,
    PreconditionFailedError,
    UniqueClaimError,
)
from domain.errors import AlreadyExistsError, DomainError, NotFoundError
from infrastructure.errors import DatabaseUnavailableError

logger = logging.getLogger("bugtracker.api")

_APPLICATION_STATUS: dict[type[ApplicationError], int] = {
    AuthenticationError: 401,
    PermissionDeniedError: 403,
    ConcurrencyError: 409,
    BoardChangedError: 409,
    DuplicateCommandError: 409,
    UniqueClaimError: 409,
    PreconditionFailedError: 412,
}

_GENERIC_MESSAGES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request body too large",
    415: "Unsupported media type: send application/json",
    429: "Too many requests: slow down and retry later",
}

EnvelopeResponse = Response[Envelope[None]]


def domain_error(_: Request[Any, Any, Any], exc: DomainError) -> EnvelopeResponse:
    if isinstance(exc, NotFoundError):
        return failure(404, exc.message)
    if isinstance(exc, AlreadyExistsError):
        return failure(409, exc.message)
    return failure(422, exc.message)


def application_error(_: Request[Any, Any, Any], exc: ApplicationError) -> EnvelopeResponse:
    for error_type, status in _APPLICATION_STATUS.items():
        if isinstance(exc, error_type):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            if isinstance(exc, PreconditionFailedError):
                headers = {"ETag": f'"{exc.actual_version}"'}
            return failure(status, exc.message, headers)
    return failure(400, exc.message)


def validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> EnvelopeResponse:
    return failure(400, readable_validation_message(exc))


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> EnvelopeResponse:
    status = exc.status_code
    detail = exc.detail
    # Our own raises carry a sentence; the framework's carry only the status phrase.
    if detail and detail != _phrase(status):
        message = detail
    else:
        message = _GENERIC_MESSAGES.get(status, _phrase(status) or "Request failed")
    headers = dict(exc.headers or {})
    if isinstance(exc, NotAuthorizedException):
        headers.setdefault("WWW-Authenticate", "Bearer")
    return failure(status, message, headers or None)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def database_unavailable(
    _: Request[Any, Any, Any], exc: DatabaseUnavailableError
) -> EnvelopeResponse:
    logger.warning("database unavailable: %s", exc)
    return failure(
        503, "Service temporarily unavailable: the database cannot be reached", {"Retry-After": "2"}
    )


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> EnvelopeResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return failure(500, "Internal server error")


def readable_validation_message(exc: ValidationException) -> str:
    """Name each bad field in plain words; never echo the validator's internals."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    parts = []
    for item in extra:
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        message = str(item.get("message", "is invalid"))
        source = item.get("source")
        label = f"{key}" if key else "body"
        if source == "query":
            label = f"query parameter {key}"
        elif source == "path":
            label = f"path parameter {key}"
        parts.append(f"{label}: {_tidy(message)}")
    if parts:
        return "Invalid request: " + "; ".join(parts)
    detail = exc.detail
    return "Invalid request" + (f": {_tidy(detail)}" if detail else "")


def _tidy(message: str) -> str:
    # msgspec says "Expected `int`, got `str` - at `$.project_id`"; keep the first half.
    return message.split(" - at `")[0].replace("`", "")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Callable[..., Response[Any]]] = {
    DomainError: domain_error,
    ApplicationError: application_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    DatabaseUnavailableError: database_unavailable,
    Exception: unexpected_error,
}
