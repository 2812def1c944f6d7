"""Who is acting, and under which command id: passed explicitly to every use case."""

import msgspec

from domain.users.model import Role


class Actor(msgspec.Struct, frozen=True, kw_only=True):
    user_id: int
    name: str
    role: Role
    is_blocked: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


class CommandContext(msgspec.Struct, frozen=True, kw_only=True):
    """``command_id`` makes a retried request idempotent; ``expected_version`` is If-Match.

    ``retryable`` is False when the command id was made up for this one request (no client
    key): no retry can ever carry it, so there is no outcome to look up or keep.
    """

    actor: Actor | None
    command_id: str
    correlation_id: str | None = None
    expected_version: int | None = None
    retryable: bool = True

    @property
    def actor_id(self) -> int | None:
        return self.actor.user_id if self.actor else None
