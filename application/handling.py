"""The one generic command handler: load stream -> fold -> authorise -> decide -> append."""

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import msgspec

from application.context import CommandContext
from application.errors import DuplicateCommandError, PreconditionFailedError
from application.ports import (
    CommandOutcome,
    EventMetadata,
    EventStore,
    StreamHistory,
    UnitOfWork,
)
from domain.catalog import DomainEvent
from domain.decider import Decider

C = TypeVar("C")
S = TypeVar("S")
E = TypeVar("E", bound=DomainEvent)


def fold(decider: Decider[Any, S, E], history: StreamHistory) -> S:
    # A stream only ever holds its own aggregate's events; the cast happens in the codec.
    return decider.replay(recorded.event for recorded in history.events)  # type: ignore[misc]


async def load(uow: UnitOfWork, decider: Decider[Any, S, E], stream_id: str) -> tuple[S, int]:
    history = await uow.read_stream(stream_id)
    return fold(decider, history), history.version


async def handle(
    uow: UnitOfWork,
    decider: Decider[C, S, E],
    stream_id: str,
    commands: Sequence[C],
    context: CommandContext,
    *,
    aggregate_id: int,
    authorise: Callable[[S], None] | None = None,
) -> CommandOutcome:
    """Decide ``commands`` in order against the stream's state and append what they decided.

    Several commands (one PUT changing three fields) make one append: all or nothing. The
    caller's transaction makes it atomic; a concurrent writer on the same stream makes the
    append raise ConcurrencyError instead of silently interleaving.
    """
    history = await uow.read_stream(stream_id)
    if context.expected_version is not None and context.expected_version != history.version:
        raise PreconditionFailedError(stream_id, context.expected_version, history.version)
    state = fold(decider, history)
    if authorise is not None:
        authorise(state)
    new_events: list[E] = []
    for command in commands:
        decided = decider.decide(command, state)
        state = decider.fold(decided, state)
        new_events.extend(decided)
    if not new_events:
        return CommandOutcome(
            stream_id=stream_id, aggregate_id=aggregate_id, version=history.version, event_count=0
        )
    recorded = await uow.append(
        stream_id,
        new_events,
        expected_version=history.version,
        metadata=EventMetadata(
            actor_id=context.actor_id,
            command_id=context.command_id,
            correlation_id=context.correlation_id,
        ),
    )
    return CommandOutcome(
        stream_id=stream_id,
        aggregate_id=aggregate_id,
        version=recorded[-1].version,
        event_count=len(recorded),
    )


class CommandRunner:
    """Runs a use case body in one transaction, once per command id.

    A retry carrying the same command id gets the first outcome back and appends nothing.
    """

    def __init__(self, store: EventStore) -> None:
        self._store = store

    async def run(
        self, context: CommandContext, body: Callable[[UnitOfWork], Awaitable[CommandOutcome]]
    ) -> CommandOutcome:
        try:
            return await self._run_once(context, body)
        except DuplicateCommandError:
            # A concurrent twin committed first; its outcome is now readable.
            return await self._run_once(context, body)

    async def _run_once(
        self, context: CommandContext, body: Callable[[UnitOfWork], Awaitable[CommandOutcome]]
    ) -> CommandOutcome:
        async with self._store.transaction() as uow:
            if not context.retryable:
                return await body(uow)
            previous = await uow.find_outcome(context.command_id)
            if previous is not None:
                return msgspec.structs.replace(previous, replayed=True)
            outcome = await body(uow)
            await uow.record_outcome(context.command_id, outcome)
            return outcome
