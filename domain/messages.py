"""Base classes for every command and every recorded event.

Events are frozen msgspec Structs sharing one tag field, so the whole catalogue is a tagged union
that one decoder reads. Each subclass passes an explicit tag that never changes once shipped and
repeats ``kw_only=True`` (msgspec does not inherit it).
"""

from datetime import datetime

import msgspec


class Event(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """A recorded fact: who caused it and when it was decided."""

    by: int
    at: datetime


class Command(msgspec.Struct, frozen=True, kw_only=True):
    """An intention that is already authenticated and time-stamped by the application."""

    by: int
    at: datetime
