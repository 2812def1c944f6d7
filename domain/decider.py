"""The decider shape every aggregate follows: decide, evolve and an initial state."""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

C = TypeVar("C")
S = TypeVar("S")
E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class Decider(Generic[C, S, E]):
    decide: Callable[[C, S], Sequence[E]]
    evolve: Callable[[S, E], S]
    initial: S

    def fold(self, events: Iterable[E], state: S) -> S:
        return functools.reduce(self.evolve, events, state)

    def replay(self, events: Iterable[E]) -> S:
        return self.fold(events, self.initial)
