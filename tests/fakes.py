"""In-memory adapters for the application's ports, honouring the SQL adapters' contracts.

``InMemoryEventStore`` behaves like the SQL event store as far as a use case can tell:

* a transaction buffers everything (events, claims, ids, outcomes) and applies it on commit;
  an exception inside ``async with store.transaction()`` discards it all;
* streams start at version 0 and the first event gets version 1; an append whose expected version
  is not the stream's current one raises ``ConcurrencyError``, and so does a commit when another
  transaction appended to the same stream first (the unique (stream, version) index);
* ids are gap-free per kind: allocation holds a per-kind lock until the transaction ends, as the
  counter row lock does in SQL, and a rolled-back allocation is handed out again;
* claims and command outcomes are unique: a clash raises ``UniqueClaimError`` or
  ``DuplicateCommandError``, at the call or, for a concurrent twin, at commit;
* positions come from a global sequence that a rollback does not rewind (like an identity
  column), and ``read_all`` never returns a position above one still in flight, so a reader
  never skips an event that commits late;
* events are stored through a msgspec JSON round trip, so what is read back is what a JSON
  column would give back, and an event that cannot be encoded fails here as it would there.
"""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

import anyio
import msgspec

from application.auth import AuthService
from application.bugs import BugService
from application.errors import (
    AuthenticationError,
    ConcurrencyError,
    DuplicateCommandError,
    UniqueClaimError,
)
from application.handling import fold
from application.ports import (
    ActorRecord,
    Clock,
    CommandOutcome,
    EventMetadata,
    IssuedToken,
    RecordedEvent,
    StreamHistory,
)
from application.projects import ProjectService
from application.users import UserService
from domain.catalog import DomainEvent
from domain.ids import user_stream
from domain.users.model import user_decider

EPOCH = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

_EVENT_DECODER: msgspec.json.Decoder[DomainEvent] = msgspec.json.Decoder(DomainEvent)
_OUTCOME_DECODER = msgspec.json.Decoder(CommandOutcome)


def _through_json(event: DomainEvent) -> DomainEvent:
    return _EVENT_DECODER.decode(msgspec.json.encode(event))


class FixedClock:
    """A clock that only moves when told to (or by ``tick`` after every reading)."""

    def __init__(self, at: datetime = EPOCH, *, tick: timedelta | None = None) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = at
        self._tick = tick

    def now(self) -> datetime:
        current = self._now
        if self._tick is not None:
            self._now += self._tick
        return current

    def set(self, at: datetime) -> None:
        self._now = at

    def advance(self, delta: timedelta = timedelta(seconds=1)) -> datetime:
        self._now += delta
        return self._now


class InMemoryEventStore:
    """The application's EventStore port over dicts and lists (see the module docstring)."""

    def __init__(self, clock: Clock | None = None) -> None:
        self._clock = clock
        self._events: list[RecordedEvent] = []
        self._versions: dict[str, int] = {}
        self._claims: dict[tuple[str, str], str] = {}
        self._counters: dict[str, int] = {}
        self._outcomes: dict[str, bytes] = {}
        self._id_locks: dict[str, anyio.Lock] = {}
        self._positions = count(1)
        self._in_flight: dict[int, int] = {}  # transaction serial -> lowest reserved position
        self._serials = count(1)
        self.commits = 0
        self.rollbacks = 0

    # -- the EventStore port -------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator["InMemoryUnitOfWork"]:
        uow = InMemoryUnitOfWork(self, next(self._serials))
        try:
            yield uow
        except BaseException:
            self._end(uow, committed=False)
            raise
        try:
            self._commit(uow)
        finally:
            self._end(uow, committed=uow.committed)

    async def read_stream(self, stream_id: str) -> StreamHistory:
        return StreamHistory(
            stream_id=stream_id,
            version=self._versions.get(stream_id, 0),
            events=[recorded for recorded in self._events if recorded.stream_id == stream_id],
        )

    async def read_streams(
        self, stream_ids: Sequence[str], *, until: datetime | None = None
    ) -> list[RecordedEvent]:
        wanted = set(stream_ids)
        return [
            recorded
            for recorded in self._events
            if recorded.stream_id in wanted and (until is None or recorded.recorded_at <= until)
        ]

    async def read_all(
        self, *, after: int = 0, limit: int = 1000, until: datetime | None = None
    ) -> list[RecordedEvent]:
        horizon = self._visible_horizon()
        selected: list[RecordedEvent] = []
        for recorded in self._events:
            if recorded.position <= after or recorded.position >= horizon:
                continue
            if until is not None and recorded.recorded_at > until:
                continue
            selected.append(recorded)
            if len(selected) == limit:
                break
        return selected

    async def head_position(self) -> int:
        horizon = self._visible_horizon()
        visible = [recorded.position for recorded in self._events if recorded.position < horizon]
        return max(visible, default=0)

    # -- test helpers (not part of the port) ---------------------------------------------------

    @property
    def events(self) -> list[RecordedEvent]:
        """Every committed event in global order, whatever is in flight."""
        return list(self._events)

    def stream_events(self, stream_id: str) -> list[DomainEvent]:
        return [recorded.event for recorded in self._events if recorded.stream_id == stream_id]

    async def claim_owner(self, scope: str, value: str) -> str | None:
        return self._claims.get((scope, value))

    # -- internals -----------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock.now() if self._clock is not None else datetime.now(UTC)

    def _visible_horizon(self) -> int:
        """Positions at or above the lowest one reserved by an open transaction stay hidden."""
        return min(self._in_flight.values(), default=2**63)

    def _reserve_position(self, uow: "InMemoryUnitOfWork") -> int:
        position = next(self._positions)
        self._in_flight.setdefault(uow.serial, position)
        return position

    def _id_lock(self, kind: str) -> anyio.Lock:
        return self._id_locks.setdefault(kind, anyio.Lock())

    def _commit(self, uow: "InMemoryUnitOfWork") -> None:
        # Validate everything first, so a failed commit applies nothing.
        for stream_id, base in uow.base_versions.items():
            actual = self._versions.get(stream_id, 0)
            if actual != base:
                raise ConcurrencyError(stream_id, base, actual)
        for key, owner in uow.claims.items():
            taken_by = self._claims.get(key)
            if taken_by is not None and taken_by != owner:
                raise UniqueClaimError(f"{key[0]} {key[1]!r} is already taken")
        for command_id in uow.outcomes:
            if command_id in self._outcomes:
                raise DuplicateCommandError(f"Command {command_id} was already recorded")
        self._events.extend(uow.pending)
        self._events.sort(key=lambda recorded: recorded.position)
        for recorded in uow.pending:
            self._versions[recorded.stream_id] = recorded.version
        self._claims.update(uow.claims)
        self._counters.update(uow.counters)
        self._outcomes.update(uow.outcomes)
        uow.committed = True

    def _end(self, uow: "InMemoryUnitOfWork", *, committed: bool) -> None:
        self._in_flight.pop(uow.serial, None)
        for lock in uow.held_locks:
            lock.release()
        uow.held_locks.clear()
        uow.closed = True
        if committed:
            self.commits += 1
        else:
            self.rollbacks += 1


class InMemoryUnitOfWork:
    """One transaction on an ``InMemoryEventStore``: sees committed state plus its own writes."""

    def __init__(self, store: InMemoryEventStore, serial: int) -> None:
        self._store = store
        self.serial = serial
        self.pending: list[RecordedEvent] = []
        self.base_versions: dict[str, int] = {}
        self.claims: dict[tuple[str, str], str] = {}
        self.counters: dict[str, int] = {}
        self.outcomes: dict[str, bytes] = {}
        self.held_locks: list[anyio.Lock] = []
        self.committed = False
        self.closed = False

    def _check_open(self) -> None:
        if self.closed:
            raise RuntimeError("This unit of work has ended")

    def _version(self, stream_id: str) -> int:
        own = [recorded.version for recorded in self.pending if recorded.stream_id == stream_id]
        if own:
            return own[-1]
        return self._store._versions.get(stream_id, 0)

    async def read_stream(self, stream_id: str) -> StreamHistory:
        self._check_open()
        committed = await self._store.read_stream(stream_id)
        own = [recorded for recorded in self.pending if recorded.stream_id == stream_id]
        return StreamHistory(
            stream_id=stream_id,
            version=self._version(stream_id),
            events=[*committed.events, *own],
        )

    async def append(
        self,
        stream_id: str,
        events: Sequence[DomainEvent],
        *,
        expected_version: int,
        metadata: EventMetadata,
    ) -> list[RecordedEvent]:
        self._check_open()
        current = self._version(stream_id)
        if expected_version != current:
            raise ConcurrencyError(stream_id, expected_version, current)
        self.base_versions.setdefault(stream_id, self._store._versions.get(stream_id, 0))
        recorded_at = self._store._now()
        recorded = [
            RecordedEvent(
                position=self._store._reserve_position(self),
                stream_id=stream_id,
                version=current + offset,
                event=_through_json(event),
                metadata=metadata,
                recorded_at=recorded_at,
            )
            for offset, event in enumerate(events, start=1)
        ]
        self.pending.extend(recorded)
        return recorded

    async def allocate_id(self, kind: str) -> int:
        self._check_open()
        if kind not in self.counters:
            lock = self._store._id_lock(kind)
            await lock.acquire()
            self.held_locks.append(lock)
            self.counters[kind] = self._store._counters.get(kind, 0)
        self.counters[kind] += 1
        return self.counters[kind]

    async def claim(self, scope: str, value: str, owner: str) -> None:
        self._check_open()
        taken_by = await self.claim_owner(scope, value)
        if taken_by is not None and taken_by != owner:
            raise UniqueClaimError(f"{scope} {value!r} is already taken")
        self.claims[(scope, value)] = owner

    async def claim_owner(self, scope: str, value: str) -> str | None:
        self._check_open()
        key = (scope, value)
        return self.claims.get(key, self._store._claims.get(key))

    async def find_outcome(self, command_id: str) -> CommandOutcome | None:
        self._check_open()
        stored = self.outcomes.get(command_id, self._store._outcomes.get(command_id))
        return None if stored is None else _OUTCOME_DECODER.decode(stored)

    async def record_outcome(self, command_id: str, outcome: CommandOutcome) -> None:
        self._check_open()
        if command_id in self.outcomes or command_id in self._store._outcomes:
            raise DuplicateCommandError(f"Command {command_id} was already recorded")
        self.outcomes[command_id] = msgspec.json.encode(outcome)


class FakeHasher:
    """Deterministic and readable: ``hash("pw") == "hashed:pw"``. Counts verifications."""

    PREFIX = "hashed:"

    def __init__(self) -> None:
        self.verifications = 0

    def hash(self, password: str) -> str:
        return self.PREFIX + password

    def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return password_hash == self.PREFIX + password

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(self.PREFIX)


class FakeTokenIssuer:
    """Tokens are ``token-<n>``; only tokens issued here (and not revoked) verify."""

    def __init__(self, clock: Clock, lifetime: timedelta = timedelta(hours=2)) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._issued: dict[str, tuple[int, datetime]] = {}
        self._serials = count(1)

    def issue(self, user_id: int) -> IssuedToken:
        token = f"token-{next(self._serials)}"
        expires_at = self._clock.now() + self._lifetime
        self._issued[token] = (user_id, expires_at)
        return IssuedToken(token=token, expires_at=expires_at)

    def verify(self, token: str) -> int:
        issued = self._issued.get(token)
        if issued is None:
            raise AuthenticationError("Invalid token")
        user_id, expires_at = issued
        if self._clock.now() >= expires_at:
            raise AuthenticationError("Token has expired")
        return user_id

    def revoke(self, token: str) -> None:
        self._issued.pop(token, None)


class FakeActorDirectory:
    """Role and blocked flag per user, read fresh on every lookup.

    Backed by the store's user streams when given one (so a block recorded through the
    UserService shows on the next lookup, as the users read model would), with explicit
    records taking precedence.
    """

    def __init__(self, store: InMemoryEventStore | None = None) -> None:
        self._store = store
        self.records: dict[int, ActorRecord] = {}
        self.lookups = 0

    def put(self, record: ActorRecord) -> None:
        self.records[record.user_id] = record

    async def find_actor(self, user_id: int) -> ActorRecord | None:
        self.lookups += 1
        if user_id in self.records:
            return self.records[user_id]
        if self._store is None:
            return None
        user = fold(user_decider, await self._store.read_stream(user_stream(user_id)))
        if user is None:
            return None
        return ActorRecord(
            user_id=user.id, name=user.name, role=user.role, is_blocked=user.is_blocked
        )


@dataclass(frozen=True)
class FakeApp:
    """The use cases wired to the fakes above, as the composition root wires the real ones."""

    clock: FixedClock
    store: InMemoryEventStore
    hasher: FakeHasher
    tokens: FakeTokenIssuer
    directory: FakeActorDirectory
    bugs: BugService
    projects: ProjectService
    users: UserService
    auth: AuthService

    @classmethod
    def create(cls, clock: FixedClock | None = None) -> "FakeApp":
        clock = clock if clock is not None else FixedClock()
        store = InMemoryEventStore(clock)
        hasher = FakeHasher()
        tokens = FakeTokenIssuer(clock)
        directory = FakeActorDirectory(store)
        users = UserService(store, clock, hasher)
        return cls(
            clock=clock,
            store=store,
            hasher=hasher,
            tokens=tokens,
            directory=directory,
            bugs=BugService(store, clock),
            projects=ProjectService(store, clock),
            users=users,
            auth=AuthService(users, hasher, tokens, directory),
        )
