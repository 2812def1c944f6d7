"""Events <-> stored JSON: a type tag column plus the event's fields without the tag.

Stored shapes are frozen. When an event's shape changes, register an upcaster for the old tag
that rewrites old data into a shape the catalogue decodes; stored rows are never rewritten.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeAlias

import msgspec

from application.ports import CommandOutcome, EventMetadata
from domain.catalog import DomainEvent
from infrastructure.errors import EventDecodeError

TAG_FIELD = "type"

EventData: TypeAlias = dict[str, Any]
Upcaster: TypeAlias = Callable[[str, EventData], tuple[str, EventData]]

# tag -> upcaster. Empty while every stored shape is still current.
UPCASTERS: dict[str, Upcaster] = {}

_json_encoder = msgspec.json.Encoder()
_json_decoder = msgspec.json.Decoder()


def register_upcaster(
    tag: str, upcaster: Upcaster, *, registry: dict[str, Upcaster] = UPCASTERS
) -> None:
    if tag in registry:
        raise ValueError(f"an upcaster for {tag!r} is already registered")
    registry[tag] = upcaster


def encode_event(event: DomainEvent) -> tuple[str, EventData]:
    """``(tag, data)``: JSON-ready fields without the tag, datetimes as ISO 8601 UTC."""
    data: EventData = msgspec.to_builtins(_in_utc(event))
    tag = data.pop(TAG_FIELD)
    return str(tag), data


def decode_event(
    tag: str, data: Mapping[str, Any], *, upcasters: Mapping[str, Upcaster] = UPCASTERS
) -> DomainEvent:
    tag, current = upcast(tag, dict(data), upcasters)
    try:
        event: DomainEvent = msgspec.convert({**current, TAG_FIELD: tag}, DomainEvent)
    except msgspec.ValidationError as error:
        raise EventDecodeError(f"cannot decode a {tag!r} event: {error}") from error
    return event


_event_decoder = msgspec.json.Decoder(DomainEvent)
_metadata_decoder = msgspec.json.Decoder(EventMetadata)


def decode_event_json(
    tag: str, data_json: str, *, upcasters: Mapping[str, Upcaster] = UPCASTERS
) -> DomainEvent:
    """Decode a stored event straight from its JSON text: one C-level pass, no dicts.

    The tag lives in its own column, so it is spliced in as the first member of the object.
    Tags with upcasters go through the dict path, where the upcasters work.
    """
    if tag in upcasters:
        return decode_event(tag, _json_decoder.decode(data_json), upcasters=upcasters)
    body = data_json.strip()
    rest = body[1:].lstrip()
    separator = "" if rest.startswith("}") else ","
    document = f'{{"{TAG_FIELD}":{_json_encoder.encode(tag).decode()}{separator}{rest}'
    try:
        event: DomainEvent = _event_decoder.decode(document)
    except msgspec.ValidationError as error:
        raise EventDecodeError(f"cannot decode a {tag!r} event: {error}") from error
    return event


def decode_metadata_json(metadata_json: str) -> EventMetadata:
    return _metadata_decoder.decode(metadata_json)


def upcast(tag: str, data: EventData, upcasters: Mapping[str, Upcaster]) -> tuple[str, EventData]:
    """Apply upcasters until the tag has none; one that keeps its tag ends the chain."""
    seen: set[str] = set()
    while tag in upcasters:
        if tag in seen:
            raise EventDecodeError(f"upcasters for {tag!r} form a cycle")
        seen.add(tag)
        new_tag, data = upcasters[tag](tag, data)
        if new_tag == tag:
            break
        tag = new_tag
    return tag, data


def encode_metadata(metadata: EventMetadata) -> EventData:
    result: EventData = msgspec.to_builtins(metadata)
    return result


def decode_metadata(data: Mapping[str, Any]) -> EventMetadata:
    return msgspec.convert(data, EventMetadata)


def encode_outcome(outcome: CommandOutcome) -> EventData:
    # ``replayed`` describes one answer, not the outcome: never store it as True.
    result: EventData = msgspec.to_builtins(msgspec.structs.replace(outcome, replayed=False))
    return result


def decode_outcome(data: Mapping[str, Any]) -> CommandOutcome:
    return msgspec.convert(data, CommandOutcome)


def json_dumps(value: Any) -> str:
    """The engines' JSON serializer: msgspec is several times faster than the stdlib."""
    return _json_encoder.encode(value).decode()


def json_loads(value: str | bytes) -> Any:
    return _json_decoder.decode(value)


def _in_utc(event: DomainEvent) -> DomainEvent:
    changes: dict[str, datetime] = {}
    # __struct_fields__, not msgspec.structs.fields(): that inspects annotations on every call,
    # which was a tenth of an append's time.
    for name in event.__struct_fields__:
        value = getattr(event, name)
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"{type(event).__name__}.{name} is a naive datetime")
            if value.utcoffset():
                changes[name] = value.astimezone(UTC)
    return msgspec.structs.replace(event, **changes) if changes else event
