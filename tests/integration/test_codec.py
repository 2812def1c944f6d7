"""Every event type survives the trip to JSON and back, through the codec and the database."""

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import msgspec
import pytest

from application.ports import EventMetadata
from domain.catalog import EVENT_TAGS, DomainEvent
from domain.projects.model import ProjectCreated, ProjectRenamed
from infrastructure.codec import (
    Upcaster,
    decode_event,
    decode_event_json,
    encode_event,
    json_dumps,
    json_loads,
    register_upcaster,
)
from infrastructure.errors import EventDecodeError
from infrastructure.event_store import SqlEventStore
from tests.integration.support import SAMPLE_EVENTS, T0

pytestmark = [pytest.mark.integration, pytest.mark.anyio]


def test_the_samples_cover_every_event_tag_in_the_catalogue() -> None:
    assert set(SAMPLE_EVENTS) == EVENT_TAGS


@pytest.mark.parametrize("tag", sorted(SAMPLE_EVENTS))
def test_an_event_round_trips_through_json(tag: str) -> None:
    event = SAMPLE_EVENTS[tag]

    stored_tag, data = encode_event(event)
    decoded = decode_event(stored_tag, json_loads(json_dumps(data)))

    assert stored_tag == tag
    assert "type" not in data
    assert decoded == event


@pytest.mark.parametrize("tag", sorted(SAMPLE_EVENTS))
@pytest.mark.parametrize("spacing", ["compact", "postgres"])
def test_an_event_decodes_straight_from_its_stored_json_text(tag: str, spacing: str) -> None:
    stored_tag, data = encode_event(SAMPLE_EVENTS[tag])
    text = json_dumps(data)
    if spacing == "postgres":  # jsonb::text writes `{"a": 1, "b": 2}`
        text = json.dumps(json.loads(text), separators=(", ", ": "))

    assert decode_event_json(stored_tag, text) == SAMPLE_EVENTS[tag]


def test_a_stored_json_text_with_a_wrong_shape_is_a_decode_error() -> None:
    with pytest.raises(EventDecodeError, match=r"project\.renamed"):
        decode_event_json("project.renamed", '{"project_id": "not a number"}')


def test_timestamps_are_stored_as_iso_8601_utc() -> None:
    paris = timezone(timedelta(hours=1))
    event = ProjectCreated(
        by=1, at=datetime(2026, 1, 2, 13, 0, tzinfo=paris), project_id=1, name="W"
    )

    _, data = encode_event(event)

    assert data["at"] == "2026-01-02T12:00:00Z"
    assert decode_event("project.created", data).at == datetime(2026, 1, 2, 12, 0, tzinfo=UTC)


def test_a_naive_timestamp_is_refused() -> None:
    event = ProjectCreated(by=1, at=datetime(2026, 1, 2), project_id=1, name="W")  # noqa: DTZ001

    with pytest.raises(ValueError, match="naive"):
        encode_event(event)


def test_an_unknown_tag_is_a_decode_error() -> None:
    with pytest.raises(EventDecodeError, match=re.escape("project.exploded")):
        decode_event("project.exploded", {"by": 1, "at": "2026-01-01T00:00:00Z"})


def test_an_upcaster_rewrites_an_old_shape_before_decoding() -> None:
    # Pretend "project.titled" was the old name of project.renamed, with "title" for "name".
    def titled_to_renamed(tag: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        data = dict(data)
        data["name"] = data.pop("title")
        return "project.renamed", data

    registry: dict[str, Upcaster] = {}
    register_upcaster("project.titled", titled_to_renamed, registry=registry)
    old = {"by": 1, "at": "2026-01-01T00:00:00Z", "project_id": 4, "title": "New"}

    event = decode_event("project.titled", {**old, "previous_name": "Old"}, upcasters=registry)

    assert event == ProjectRenamed(
        by=1, at=datetime(2026, 1, 1, tzinfo=UTC), project_id=4, name="New", previous_name="Old"
    )


def test_upcasters_chain_and_one_that_keeps_its_tag_runs_once() -> None:
    calls: list[str] = []

    def v1_to_v2(tag: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        calls.append(tag)
        return "project.renamed", {**data, "previous_name": "unknown"}

    def fill_defaults(tag: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        calls.append(tag)
        return tag, {"name": "?", **data}

    registry: dict[str, Upcaster] = {"project.renamed_v1": v1_to_v2}
    register_upcaster("project.renamed", fill_defaults, registry=registry)
    data = {"by": 1, "at": "2026-01-01T00:00:00Z", "project_id": 4}

    event = decode_event("project.renamed_v1", data, upcasters=registry)

    assert calls == ["project.renamed_v1", "project.renamed"]
    assert isinstance(event, ProjectRenamed)
    assert (event.name, event.previous_name) == ("?", "unknown")


def test_an_upcaster_cycle_is_reported() -> None:
    registry: dict[str, Upcaster] = {
        "a": lambda _tag, data: ("b", data),
        "b": lambda _tag, data: ("a", data),
    }

    with pytest.raises(EventDecodeError, match="cycle"):
        decode_event("a", {}, upcasters=registry)


def test_registering_two_upcasters_for_one_tag_is_refused() -> None:
    registry: dict[str, Upcaster] = {}
    register_upcaster("x", lambda tag, data: (tag, data), registry=registry)

    with pytest.raises(ValueError, match="already registered"):
        register_upcaster("x", lambda tag, data: (tag, data), registry=registry)


async def test_every_event_type_round_trips_through_the_database(
    event_store: SqlEventStore,
) -> None:
    samples: list[DomainEvent] = [SAMPLE_EVENTS[tag] for tag in sorted(SAMPLE_EVENTS)]
    metadata = EventMetadata(actor_id=None, command_id="golden", correlation_id=None)
    async with event_store.transaction() as uow:
        await uow.append("golden-1", samples, expected_version=0, metadata=metadata)

    history = await event_store.read_stream("golden-1")

    assert [r.event for r in history.events] == samples
    assert all(r.metadata == metadata for r in history.events)
    assert msgspec.json.decode(msgspec.json.encode([r.event for r in history.events])) == [
        msgspec.to_builtins(event) for event in samples
    ]
    assert all(r.event.at == T0 for r in history.events)
