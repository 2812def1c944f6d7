"""Request-scoped values handed to handlers: the wiring, the acting user, the command context."""

import hashlib
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.exceptions import ClientException

from api.wiring import Wiring
from application.context import Actor, CommandContext
from application.errors import AuthenticationError
from application.policy import require_actor

IDEMPOTENCY_KEY_MAX = 200


def provide_wiring(state: State) -> Wiring:
    wiring: Wiring = state.wiring
    return wiring


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("Authorization header must be 'Bearer <token>'")
        return token.strip()
    return None


async def provide_actor(request: Request[Any, Any, Any], wiring: NamedDependency[Wiring]) -> Actor:
    """The authenticated, non-blocked caller; role and blocked flag are read fresh each time."""
    token = bearer_token(request)
    if token is None:
        raise AuthenticationError("Missing Authorization header")
    actor = await wiring.auth.authenticate(token)
    return require_actor(actor)


async def provide_identified(
    request: Request[Any, Any, Any], wiring: NamedDependency[Wiring]
) -> Actor:
    """Like provide_actor but lets blocked users through (for /auth/me to tell them so)."""
    token = bearer_token(request)
    if token is None:
        raise AuthenticationError("Missing Authorization header")
    return await wiring.auth.authenticate(token)


def request_id(request: Request[Any, Any, Any]) -> str:
    value = request.scope.get("state", {}).get("request_id")
    return str(value) if value else ""


def provide_context(
    request: Request[Any, Any, Any],
    actor: NamedDependency[Actor],
    wiring: NamedDependency[Wiring],
) -> CommandContext:
    key = request.headers.get("idempotency-key")
    if key is not None:
        key = key.strip()
        if not key or len(key) > IDEMPOTENCY_KEY_MAX:
            raise ClientException(
                detail=f"Idempotency-Key must be 1-{IDEMPOTENCY_KEY_MAX} characters"
            )
        # Keys are per user and per endpoint: two people picking the same key never collide, and
        # a key reused on another resource never replays the first one's outcome. Hashing bounds
        # the stored id's length whatever the client sends.
        scope = f"{actor.user_id}:{request.method}:{request.url.path}:{key}"
        digest = hashlib.sha256(scope.encode()).hexdigest()[:48]
        command_id = f"key:{digest}"
    else:
        command_id = wiring.ids.new_id()
    return CommandContext(
        actor=actor,
        command_id=command_id,
        correlation_id=request_id(request) or None,
        expected_version=parse_if_match(request.headers.get("if-match")),
        retryable=key is not None,
    )


def parse_if_match(header: str | None) -> int | None:
    if header is None or header.strip() == "*":
        return None
    raw = header.strip().removeprefix("W/").strip('"')
    try:
        version = int(raw)
    except ValueError:
        raise ClientException(detail='If-Match must be a version ETag such as "3"') from None
    if version < 0:
        raise ClientException(detail='If-Match must be a version ETag such as "3"')
    return version
