"""Idempotency-Key makes a retried POST harmless; ETag and If-Match guard against lost updates."""

import uuid
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error


def head(api: Api) -> int:
    """The global position of the last event in the log."""
    response = api.as_admin("GET", "/api/events?limit=1")
    assert_envelope(response, 200)
    return int(response.headers["X-Head-Position"])


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"retry-{uuid.uuid4()}"}


@pytest.fixture(scope="module")
def project_id(api: Api) -> int:
    created = api.as_admin("POST", "/api/projects", json={"name": "Retries"})
    value: int = created.json()["data"]["id"]
    return value


@pytest.fixture
def bug(api: Api, project_id: int) -> dict[str, Any]:
    body = {"project_id": project_id, "title": "Guarded", "description": "d"}
    data: dict[str, Any] = api.as_admin("POST", "/api/bugs", json=body).json()["data"]
    return data


def test_a_retried_bug_report_returns_the_first_bug_and_appends_nothing(
    api: Api, project_id: int
) -> None:
    body = {"project_id": project_id, "title": "Only once", "description": "Retried"}
    headers = key()

    first = api.as_admin("POST", "/api/bugs", json=body, headers=headers)
    position = head(api)
    retry = api.as_admin("POST", "/api/bugs", json=body, headers=headers)

    assert assert_envelope(first, 201)["data"]["id"] == assert_envelope(retry, 201)["data"]["id"]
    assert retry.json()["data"]["version"] == first.json()["data"]["version"]
    assert head(api) == position
    listed = api.as_admin("GET", f"/api/bugs?project_id={project_id}&q=Only once").json()
    assert len(listed["data"]) == 1


def test_a_retried_comment_returns_the_first_comment_and_appends_nothing(
    api: Api, bug: dict[str, Any]
) -> None:
    headers = key()
    path = f"/api/bugs/{bug['id']}/comments"

    first = api.as_admin("POST", path, json={"text": "Seen it"}, headers=headers)
    position = head(api)
    retry = api.as_admin("POST", path, json={"text": "Seen it"}, headers=headers)

    assert assert_envelope(first, 201)["data"]["id"] == assert_envelope(retry, 201)["data"]["id"]
    assert head(api) == position
    assert api.as_admin("GET", path).headers["X-Total-Count"] == "1"


def test_without_a_key_each_post_is_a_new_write(api: Api, bug: dict[str, Any]) -> None:
    path = f"/api/bugs/{bug['id']}/comments"

    first = api.as_admin("POST", path, json={"text": "Twice"})
    second = api.as_admin("POST", path, json={"text": "Twice"})

    assert first.json()["data"]["id"] != second.json()["data"]["id"]


def test_the_same_key_from_two_users_does_not_collide(api: Api, bug: dict[str, Any]) -> None:
    ann, bob = api.create_user("Ann"), api.create_user("Bob")
    shared = {"Idempotency-Key": "my-first-comment"}
    path = f"/api/bugs/{bug['id']}/comments"

    from_ann = api.call(ann["token"], "POST", path, json={"text": "Ann's"}, headers=shared)
    from_bob = api.call(bob["token"], "POST", path, json={"text": "Bob's"}, headers=shared)

    ann_comment = assert_envelope(from_ann, 201)["data"]
    bob_comment = assert_envelope(from_bob, 201)["data"]
    assert ann_comment["id"] != bob_comment["id"]
    assert (ann_comment["author_id"], bob_comment["author_id"]) == (ann["id"], bob["id"])
    assert bob_comment["text"] == "Bob's"


def test_the_same_key_from_two_admins_reports_two_bugs(api: Api, project_id: int) -> None:
    other_admin = api.create_user("Otto", role="admin")
    shared = {"Idempotency-Key": "report-1"}
    body = {"project_id": project_id, "title": "Same key", "description": "d"}

    mine = api.as_admin("POST", "/api/bugs", json=body, headers=shared)
    theirs = api.call(other_admin["token"], "POST", "/api/bugs", json=body, headers=shared)

    assert assert_envelope(mine, 201)["data"]["id"] != assert_envelope(theirs, 201)["data"]["id"]


def test_a_key_reused_on_another_endpoint_does_not_replay_the_first_result(
    api: Api, project_id: int, bug: dict[str, Any]
) -> None:
    reused = key()
    body = {"project_id": project_id, "title": "Keyed", "description": "d"}

    reported = api.as_admin("POST", "/api/bugs", json=body, headers=reused)
    commented = api.as_admin(
        "POST", f"/api/bugs/{bug['id']}/comments", json={"text": "hi"}, headers=reused
    )

    assert assert_envelope(reported, 201)["data"]["title"] == "Keyed"
    assert assert_envelope(commented, 201)["data"]["text"] == "hi"


@pytest.mark.parametrize("value", ["", "   ", "k" * 201])
def test_an_empty_or_over_long_key_is_a_400(api: Api, project_id: int, value: str) -> None:
    body = {"project_id": project_id, "title": "Bad key", "description": "d"}

    response = api.as_admin("POST", "/api/bugs", json=body, headers={"Idempotency-Key": value})

    assert_error(response, 400, "Idempotency-Key")


def test_a_long_key_within_the_limit_works(api: Api, project_id: int) -> None:
    body = {"project_id": project_id, "title": "Long key", "description": "d"}
    headers = {"Idempotency-Key": "k" * 200}

    first = api.as_admin("POST", "/api/bugs", json=body, headers=headers)
    retry = api.as_admin("POST", "/api/bugs", json=body, headers=headers)

    assert assert_envelope(first, 201)["data"]["id"] == assert_envelope(retry, 201)["data"]["id"]


def test_the_etag_of_a_bug_is_its_version(api: Api, bug: dict[str, Any]) -> None:
    response = api.as_admin("GET", f"/api/bugs/{bug['id']}")

    assert response.headers["ETag"] == f'"{assert_envelope(response, 200)["data"]["version"]}"'


def test_the_etag_of_a_project_is_its_version(api: Api, project_id: int) -> None:
    response = api.as_admin("GET", f"/api/projects/{project_id}")

    assert response.headers["ETag"] == f'"{assert_envelope(response, 200)["data"]["version"]}"'


def test_a_stale_if_match_is_a_412_with_the_current_etag_and_changes_nothing(
    api: Api, bug: dict[str, Any]
) -> None:
    path = f"/api/bugs/{bug['id']}"
    api.as_admin("PUT", path, json={"title": "Someone else's edit"})
    position = head(api)

    stale = api.as_admin(
        "PUT", path, json={"title": "Mine"}, headers={"If-Match": f'"{bug["version"]}"'}
    )

    assert_error(stale, 412, "reload")
    assert stale.headers["ETag"] == f'"{bug["version"] + 1}"'
    assert head(api) == position
    assert api.as_admin("GET", path).json()["data"]["title"] == "Someone else's edit"


@pytest.mark.parametrize("form", ['"{v}"', 'W/"{v}"', "{v}", "*"])
def test_a_current_if_match_succeeds_and_returns_the_new_etag(
    api: Api, bug: dict[str, Any], form: str
) -> None:
    path = f"/api/bugs/{bug['id']}"
    current = api.as_admin("GET", path).headers["ETag"].strip('"')

    response = api.as_admin(
        "PUT", path, json={"title": "Mine"}, headers={"If-Match": form.format(v=current)}
    )

    assert assert_envelope(response, 200)["data"]["title"] == "Mine"
    assert response.headers["ETag"] == f'"{int(current) + 1}"'


def test_if_match_guards_transitions_too(api: Api, bug: dict[str, Any]) -> None:
    path = f"/api/bugs/{bug['id']}/transition"
    version = bug["version"]
    api.as_admin("PUT", f"/api/bugs/{bug['id']}", json={"priority": "high"})

    stale = api.as_admin(
        "POST", path, json={"status": "closed"}, headers={"If-Match": f'"{version}"'}
    )

    assert_error(stale, 412)
    assert api.as_admin("GET", f"/api/bugs/{bug['id']}").json()["data"]["status"] == "open"
