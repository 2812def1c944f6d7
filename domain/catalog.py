"""The whole event catalogue: one tagged union, decodable in a single pass."""

from typing import TypeAlias, get_args

from domain.bugs.events import BugEvent
from domain.messages import Event
from domain.projects.model import ProjectEvent
from domain.users.model import UserEvent

DomainEvent: TypeAlias = BugEvent | ProjectEvent | UserEvent

EVENT_TYPES: tuple[type[Event], ...] = (
    *get_args(BugEvent),
    *get_args(ProjectEvent),
    *get_args(UserEvent),
)

EVENT_TAGS: frozenset[str] = frozenset(
    str(event_type.__struct_config__.tag) for event_type in EVENT_TYPES
)
