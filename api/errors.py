"""One table from every error the app can raise to an enveloped HTTP answer.

Nothing reaches a client as an HTML page or a stack trace: unexpected errors are logged with
their traceback and answered with a generic 500 envelope.
"""

import logging
import re
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, cast

import msgspec
from litestar import Request, Response
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    ValidationException,
)
from litestar.types import Message, Scope
from sqlalchemy.exc import DataError, SQLAlchemyError

from api.envelope import Envelope, failure
from api.schemas import PATTERN_MEANINGS
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
from infrastructure.errors import DatabaseUnavailableError, UnstorableValueError, is_unavailable

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


def validation_error(request: Request[Any, Any, Any], exc: ValidationException) -> EnvelopeResponse:
    return failure(400, readable_validation_message(exc, _body_type(request)))


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> EnvelopeResponse:
    status = exc.status_code
    detail = exc.detail
    # Our own raises carry a sentence; the framework's carry only the status phrase.
    if detail and detail.startswith("JSON is malformed"):
        # msgspec's reason ("... (byte 1)") helps the sender find the typo; nothing else leaks.
        message = "Invalid request: body is not valid JSON: " + detail.partition(": ")[2]
    elif detail and detail != _phrase(status):
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


def database_error(request: Request[Any, Any, Any], exc: SQLAlchemyError) -> EnvelopeResponse:
    """Reads (projections/queries.py, the actor lookup of every request) reach the database
    without the event store's translation: a refused or lost connection there is the same 503
    as on the write path. A value the database cannot store (PostgreSQL refuses NUL characters
    in text, which every string field and search parameter would otherwise pass on) is the
    client's 400. Any other database error stays an unexpected 500."""
    if is_unavailable(exc):
        return database_unavailable(request, DatabaseUnavailableError())
    if isinstance(exc, DataError):
        return unstorable_value(request, UnstorableValueError(str(exc)))
    return unexpected_error(request, exc)


def unstorable_value(_: Request[Any, Any, Any], exc: UnstorableValueError) -> EnvelopeResponse:
    return failure(400, "Invalid request: a value cannot be stored (text must not contain NUL)")


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> EnvelopeResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return failure(500, "Internal server error")


def readable_validation_message(exc: ValidationException, body_type: type | None = None) -> str:
    """Name each bad field in plain words; never echo the validator's internals."""
    extra = exc.extra if isinstance(exc.extra, list) else []
    parts = [_explain_item(item, body_type) for item in extra if isinstance(item, dict)]
    if parts:
        return "Invalid request: " + "; ".join(dict.fromkeys(parts))
    detail = exc.detail or ""
    if not detail or detail.startswith("Validation failed for"):
        return "Invalid request"
    return f"Invalid request: {detail}"


def _explain_item(item: dict[str, Any], body_type: type | None) -> str:
    key = str(item.get("key") or "")
    message = str(item.get("message", ""))
    source = item.get("source")
    if source == "query":
        return f"query parameter {key}: {_explain(message, None)}"
    if source == "path":
        return f"path parameter {key}: {_explain(message, None)}"
    if key in ("", "data"):
        return _explain_body(message, body_type)
    return f"{key}: {_explain(message, _field_type(body_type, key))}"


_UNKNOWN_FIELD = re.compile(r"^Object contains unknown field `(?P<name>[^`]*)`")
_MISSING_FIELD = re.compile(r"^Object missing required field `(?P<name>[^`]*)`")
_EXPECTED = re.compile(r"^Expected `(?P<expected>[^`]+)`(?P<rest>.*)$")
_GOT = re.compile(r"^, got `(?P<got>[^`]+)`$")
_BOUND = re.compile(r"^ (?P<op>[<>]=?) (?P<limit>-?[\d.]+)$")
_LENGTH = re.compile(r"^ of length (?P<op>[<>]=?) (?P<limit>\d+)$")
_REGEX = re.compile(r"^ matching regex '(?P<pattern>.*)'$")
_TYPE_WORDS = {
    "int": "an integer",
    "float": "a number",
    "str": "a string",
    "bool": "true or false",
    "object": "a JSON object",
    "array": "an array",
    "null": "null",
    "datetime": "an ISO 8601 date-time",
}


def _explain_body(message: str, body_type: type | None) -> str:
    if match := _UNKNOWN_FIELD.match(message):
        known = _field_names(body_type)
        allowed = f" (allowed: {', '.join(known)})" if known else ""
        return f"{match['name']}: unknown field{allowed}"
    if match := _MISSING_FIELD.match(message):
        return f"{match['name']}: is required"
    if (match := _EXPECTED.match(message)) and (got := _GOT.match(match["rest"])):
        return f"body: must be a JSON object, got {_type_words(got['got'])}"
    return "body: a JSON object is required"


def _explain(message: str, field_type: msgspec.inspect.Type | None) -> str:
    allowed = _allowed_values(field_type)
    if allowed is not None and (message.startswith("Invalid enum value") or "got" in message):
        return f"must be one of {', '.join(allowed)}"
    if message.startswith("Invalid enum value"):
        return "is not one of the allowed values"
    if "datetime" in message:
        return "must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z"
    match = _EXPECTED.match(message)
    if match is None:
        return "is invalid"
    expected, rest = match["expected"], match["rest"]
    if got := _GOT.match(rest):
        return f"must be {_type_words(expected)}, got {_type_words(got['got'])}"
    if bound := _LENGTH.match(rest):
        limit = int(bound["limit"])
        if bound["op"] == ">=":
            return "must not be empty" if limit == 1 else f"must be at least {limit} characters"
        return f"must be at most {limit} characters"
    if bound := _BOUND.match(rest):
        words = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
        return f"must be {words[bound['op']]} {bound['limit']}"
    if regex := _REGEX.match(rest):
        return _pattern_meaning(regex["pattern"])
    return f"must be {_type_words(expected)}"


def _pattern_meaning(quoted: str) -> str:
    # msgspec quotes the pattern as Python's repr does (backslashes doubled).
    for pattern, meaning in PATTERN_MEANINGS.items():
        if quoted in (pattern, repr(pattern)[1:-1]):
            return meaning
    return "has an invalid format"


def _type_words(names: str) -> str:
    words = [_TYPE_WORDS.get(name.strip(), name.strip()) for name in names.split("|")]
    return " or ".join(words)


def _body_type(request: Request[Any, Any, Any]) -> type | None:
    """The request Struct the route decodes its body into, to name allowed fields and values."""
    try:
        parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    except Exception:  # no route (never the case for a validation error)
        return None
    annotation = getattr(parameter, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return annotation
    return None


def _struct_fields(body_type: type | None) -> tuple[msgspec.inspect.Field, ...]:
    if body_type is None:
        return ()
    info = msgspec.inspect.type_info(body_type)
    return info.fields if isinstance(info, msgspec.inspect.StructType) else ()


def _field_names(body_type: type | None) -> list[str]:
    return [field.encode_name for field in _struct_fields(body_type)]


def _field_type(body_type: type | None, key: str) -> msgspec.inspect.Type | None:
    for field in _struct_fields(body_type):
        if field.encode_name == key:
            return field.type
    return None


def _allowed_values(field_type: msgspec.inspect.Type | None) -> list[str] | None:
    candidates = (
        field_type.types if isinstance(field_type, msgspec.inspect.UnionType) else (field_type,)
    )
    for candidate in candidates:
        if isinstance(candidate, msgspec.inspect.EnumType):
            return [str(member.value) for member in candidate.cls]
        if isinstance(candidate, msgspec.inspect.LiteralType):
            return [str(value) for value in candidate.values]
    return None


_STRAY_BODY = "bugtracker.envelope_body"
_STRAY_SENT = "bugtracker.envelope_sent"
PREFLIGHT_REFUSED = "CORS preflight refused: origin, method or headers not allowed"


async def envelope_stray_errors(message: Message, scope: Scope) -> None:
    """A before-send hook: error answers built outside the exception handlers (Litestar's CORS
    middleware refuses a preflight with a plain-text 400) are rewritten into the envelope, so
    no response under /api is ever anything else."""
    state = cast("dict[str, Any]", scope).setdefault("state", {})
    if message["type"] == "http.response.start":
        status = message["status"]
        path = str(scope.get("path", ""))
        if status < 400 or scope.get("method") == "HEAD" or not path.startswith("/api"):
            return
        headers = MutableScopeHeaders.from_message(message)
        if "json" in headers.get("content-type", ""):
            return
        if scope.get("method") == "OPTIONS" and status == 400:
            text = PREFLIGHT_REFUSED
        else:
            text = _GENERIC_MESSAGES.get(status, _phrase(status) or "Request failed")
        body = msgspec.json.encode(Envelope(data=None, error=text, status=status))
        headers["content-type"] = "application/json"
        headers["content-length"] = str(len(body))
        state[_STRAY_BODY] = body
    elif message["type"] == "http.response.body":
        if _STRAY_BODY in state:
            message["body"] = state.pop(_STRAY_BODY)
            state[_STRAY_SENT] = True
        elif state.get(_STRAY_SENT):
            message["body"] = b""


EXCEPTION_HANDLERS: dict[type[Exception] | int, Callable[..., Response[Any]]] = {
    DomainError: domain_error,
    ApplicationError: application_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    DatabaseUnavailableError: database_unavailable,
    UnstorableValueError: unstorable_value,
    SQLAlchemyError: database_error,
    Exception: unexpected_error,
}
