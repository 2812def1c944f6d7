"""Ports: what the use cases need from the outside world, as Protocols.

Adapters in ``infrastructure`` (and, for read models, ``projections``) implement them; the
composition root in ``api`` wires them together.
"""

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

import msgspec

from domain.catalog import DomainEvent
from domain.users.model import Role


class EventMetadata(msgspec.Struct, frozen=True, kw_only=True):
    """Stored beside every event: who caused it and which command/request it came from."""

    actor_id: int | None
    command_id: str
    correlation_id: str | None = None


class RecordedEvent(msgspec.Struct, frozen=True, kw_only=True):
    """An event as the log holds it: its global position and its version within its stream."""

    position: int
    stream_id: str
    version: int
    event: DomainEvent
    metadata: EventMetadata
    recorded_at: datetime


class StreamHistory(msgspec.Struct, frozen=True, kw_only=True):
    stream_id: str
    version: int
    events: list[RecordedEvent]


class CommandOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a command did; stored under its command id so a retry returns the same answer."""

    stream_id: str
    aggregate_id: int
    version: int
    event_count: int
    replayed: bool = False


class UnitOfWork(Protocol):
    """One database transaction: reads, id allocation, claims and appends commit together.

    Inline projections run inside ``append``, so read models commit with the events.
    """

    async def read_stream(self, stream_id: str) -> StreamHistory: ...

    async def append(
        self,
        stream_id: str,
        events: Sequence[DomainEvent],
        *,
        expected_version: int,
        metadata: EventMetadata,
    ) -> list[RecordedEvent]:
        """Append after ``expected_version``; raise ConcurrencyError if the stream moved on."""
        ...

    async def allocate_id(self, kind: str) -> int:
        """The next integer id for ``kind`` ("bug", "project", "user", "comment"), gap-free."""
        ...

    async def claim(self, scope: str, value: str, owner: str) -> None:
        """Reserve ``value`` in ``scope`` for ``owner``; raise UniqueClaimError if taken."""
        ...

    async def claim_owner(self, scope: str, value: str) -> str | None: ...

    async def find_outcome(self, command_id: str) -> CommandOutcome | None: ...

    async def record_outcome(self, command_id: str, outcome: CommandOutcome) -> None: ...


class EventStore(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[UnitOfWork]: ...

    async def read_stream(self, stream_id: str) -> StreamHistory: ...

    async def read_streams(
        self, stream_ids: Sequence[str], *, until: datetime | None = None
    ) -> list[RecordedEvent]:
        """Events of several streams in global order, recorded at or before ``until``."""
        ...

    async def read_all(
        self, *, after: int = 0, limit: int = 1000, until: datetime | None = None
    ) -> list[RecordedEvent]:
        """Events in global order after ``after``; never skips one that commits late."""
        ...

    async def head_position(self) -> int: ...

    async def claim_owner(self, scope: str, value: str) -> str | None:
        """Who holds a unique value, read without taking any write lock."""
        ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class IdGenerator(Protocol):
    """Opaque unique ids (command ids, token ids)."""

    def new_id(self) -> str: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool: ...


class IssuedToken(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    expires_at: datetime


class TokenIssuer(Protocol):
    def issue(self, user_id: int) -> IssuedToken: ...

    def verify(self, token: str) -> int:
        """The user id the token was issued to; raise AuthenticationError if it is not valid."""
        ...


class ActorRecord(msgspec.Struct, frozen=True, kw_only=True):
    user_id: int
    name: str
    role: Role
    is_blocked: bool


class ActorDirectory(Protocol):
    """Current role and blocked flag of a user, read from the users read model per request."""

    async def find_actor(self, user_id: int) -> ActorRecord | None: ...


class BoardPositions(Protocol):
    """Where cards sit in a column, from the board read model (for placing a dropped card)."""

    async def adjacent_rank(
        self, project_id: int, status: str, rank: str | None, *, below: bool, excluding: int
    ) -> str | None:
        """The rank of the card right below (or above) ``rank`` in the column, or of the
        column's first (last) card when ``rank`` is None; None when there is no such card."""
        ...
