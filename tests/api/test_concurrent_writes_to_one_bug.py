"""Many clients writing the same bug at once over HTTP: exactly one write wins per version,
every other one is told why (409 or 412, or 422 once the winner's change is visible), nothing
is a 500, and the bug's stream holds exactly one event per successful write."""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error

WRITERS = 20


def stream_events(api: Api, stream_id: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    after = 0
    while True:
        page = assert_envelope(api.as_admin("GET", f"/api/events?after={after}&limit=1000"), 200)
        batch = page["data"]
        events.extend(event for event in batch if event["stream_id"] == stream_id)
        if len(batch) < 1000:
            return events
        after = batch[-1]["position"]


def all_at_once(call: Callable[[int], Any], count: int = WRITERS) -> list[Any]:
    """Run ``call(i)`` on ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(index: int) -> Any:
        barrier.wait()
        return call(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def bug(api: Api) -> dict[str, Any]:
    """A fresh open bug with an assignee, so it may move to in_progress."""
    project = api.as_admin("POST", "/api/projects", json={"name": "Race"}).json()["data"]
    dev = api.create_user("Dev")
    body = {"project_id": project["id"], "title": "Contended", "description": "Everyone edits"}
    created = assert_envelope(api.as_admin("POST", "/api/bugs", json=body), 201)["data"]
    assigned = api.as_admin("PUT", f"/api/bugs/{created['id']}", json={"assignee_id": dev["id"]})
    data: dict[str, Any] = assert_envelope(assigned, 200)["data"]
    return data


def outcome(responses: list[Any]) -> Counter[int]:
    for response in responses:
        assert response.status_code != 500, response.text
        assert_envelope(response, response.status_code)
    return Counter(response.status_code for response in responses)


def test_concurrent_edits_with_the_same_if_match_let_exactly_one_win(
    api: Api, bug: dict[str, Any]
) -> None:
    stream = f"bug-{bug['id']}"
    before = len(stream_events(api, stream))
    version = bug["version"]

    responses = all_at_once(
        lambda i: api.as_admin(
            "PUT",
            f"/api/bugs/{bug['id']}",
            json={"title": f"Title from writer {i}"},
            headers={"If-Match": f'"{version}"'},
        )
    )

    statuses = outcome(responses)
    assert statuses[200] == 1, statuses
    assert set(statuses) <= {200, 409, 412}, statuses
    for response in responses:
        if response.status_code in (409, 412):
            assert_error(response, response.status_code)
    winner = next(response for response in responses if response.status_code == 200)
    after = stream_events(api, stream)
    assert len(after) - before == statuses[200]
    current = assert_envelope(api.as_admin("GET", f"/api/bugs/{bug['id']}"), 200)["data"]
    assert current["title"] == winner.json()["data"]["title"]
    assert current["version"] == version + 1


def test_concurrent_transitions_with_the_same_if_match_let_exactly_one_win(
    api: Api, bug: dict[str, Any]
) -> None:
    stream = f"bug-{bug['id']}"
    before = len(stream_events(api, stream))

    responses = all_at_once(
        lambda i: api.as_admin(
            "POST",
            f"/api/bugs/{bug['id']}/transition",
            json={"status": "in_progress"},
            headers={"If-Match": f'"{bug["version"]}"'},
        )
    )

    statuses = outcome(responses)
    assert statuses[200] == 1, statuses
    assert set(statuses) <= {200, 409, 412}, statuses
    assert len(stream_events(api, stream)) - before == 1
    current = api.as_admin("GET", f"/api/bugs/{bug['id']}").json()["data"]
    assert current["status"] == "in_progress"


def test_concurrent_transitions_without_if_match_still_let_exactly_one_win(
    api: Api, bug: dict[str, Any]
) -> None:
    """Without If-Match a loser either collides on append (409) or, having read the winner's
    change, is refused by the lifecycle (422): never two status changes."""
    stream = f"bug-{bug['id']}"
    before = len(stream_events(api, stream))

    responses = all_at_once(
        lambda i: api.as_admin(
            "POST", f"/api/bugs/{bug['id']}/transition", json={"status": "in_progress"}
        )
    )

    statuses = outcome(responses)
    assert statuses[200] == 1, statuses
    assert set(statuses) <= {200, 409, 422}, statuses
    changes = stream_events(api, stream)[before:]
    assert [event["type"] for event in changes] == ["bug.status_changed"]


def test_concurrent_edits_of_different_fields_each_append_one_event_per_success(
    api: Api, bug: dict[str, Any]
) -> None:
    """No If-Match: writers that collide get 409 and nothing is half-applied."""
    stream = f"bug-{bug['id']}"
    before = len(stream_events(api, stream))

    responses = all_at_once(
        lambda i: api.as_admin("PUT", f"/api/bugs/{bug['id']}", json={"title": f"Edit {i}"})
    )

    statuses = outcome(responses)
    assert statuses[200] >= 1, statuses
    assert set(statuses) <= {200, 409}, statuses
    appended = stream_events(api, stream)[before:]
    assert len(appended) == statuses[200]
    assert [event["version"] for event in appended] == list(
        range(bug["version"] + 1, bug["version"] + 1 + statuses[200])
    )
