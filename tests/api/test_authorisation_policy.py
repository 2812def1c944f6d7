"""Who may call what. The TABLE below is the access policy: one row per endpoint and state,
one expected status per role. A change to the rules must change this table."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.conftest import Api

ROLES = ("anonymous", "blocked", "member", "admin")


@dataclass
class World:
    api: Api
    project_id: int
    member: dict[str, Any]
    blocked: dict[str, Any]
    other_member: dict[str, Any]

    def token(self, role: str) -> str | None:
        tokens: dict[str, str | None] = {
            "anonymous": None,
            "blocked": self.blocked["token"],
            "member": self.member["token"],
            "admin": self.api.admin_token,
        }
        return tokens[role]

    def bug(self, status: str = "open", *, assigned: bool = False, noted: bool = False) -> int:
        api = self.api
        created = api.as_admin(
            "POST",
            "/api/bugs",
            json={"project_id": self.project_id, "title": "Policy bug", "description": "d"},
        )
        bug_id: int = created.json()["data"]["id"]
        path = f"/api/bugs/{bug_id}"
        steps = ["in_progress", "resolved", "closed"]
        target = steps.index(status) + 1 if status in steps else 0
        if assigned or target:
            api.as_admin("PUT", path, json={"assignee_id": self.member["id"]})
        if noted or target >= 2:
            api.as_admin("PUT", path, json={"resolution_note": "Root cause fixed"})
        for step in steps[:target]:
            response = api.as_admin("POST", f"{path}/transition", json={"status": step})
            assert response.status_code == 200, response.text
        return bug_id

    def comment(self, bug_id: int, author_token: str) -> int:
        response = self.api.call(
            author_token, "POST", f"/api/bugs/{bug_id}/comments", json={"text": "hello"}
        )
        assert response.status_code == 201, response.text
        comment_id: int = response.json()["data"]["id"]
        return comment_id


@pytest.fixture(scope="module")
def world(api: Api) -> World:
    project = api.as_admin("POST", "/api/projects", json={"name": "Policy"}).json()["data"]
    member = api.create_user("Member")
    blocked = api.create_user("Blocked")
    other = api.create_user("Other")
    assert api.as_admin("PATCH", f"/api/users/{blocked['id']}/block").status_code == 200
    return World(api, project["id"], member, blocked, other)


Request = tuple[str, str, dict[str, Any] | None]
Case = Callable[[World, str], Request]


def fixed(method: str, path: str, body: dict[str, Any] | None = None) -> Case:
    return lambda world, role: (method, path.format(p=world.project_id, m=world.member["id"]), body)


def on_bug(method: str, suffix: str, body: dict[str, Any] | None = None, **state: Any) -> Case:
    def build(world: World, role: str) -> Request:
        return method, f"/api/bugs/{world.bug(**state)}{suffix}", body

    return build


def on_fresh_member(method: str, suffix: str, body: dict[str, Any] | None = None) -> Case:
    def build(world: World, role: str) -> Request:
        target = world.api.create_user("Target")
        return method, f"/api/users/{target['id']}{suffix}", body

    return build


def own_comment(method: str, body: dict[str, Any] | None = None) -> Case:
    def build(world: World, role: str) -> Request:
        bug_id = world.bug()
        token = world.token(role) if role in ("member", "admin") else world.member["token"]
        assert token is not None
        return method, f"/api/bugs/{bug_id}/comments/{world.comment(bug_id, token)}", body

    return build


def others_comment(method: str, body: dict[str, Any] | None = None) -> Case:
    def build(world: World, role: str) -> Request:
        bug_id = world.bug()
        comment_id = world.comment(bug_id, world.other_member["token"])
        return method, f"/api/bugs/{bug_id}/comments/{comment_id}", body

    return build


def change_own_password(world: World, role: str) -> Request:
    password = {"member": world.member["password"], "blocked": world.blocked["password"]}.get(
        role, "admin-password-1"
    )
    return "POST", "/api/auth/password", {"current_password": password, "new_password": password}


# Each row: (case, request builder, expected status for anonymous, blocked, member, admin).
POLICY: list[tuple[str, Case, tuple[int, int, int, int]]] = [
    ("who am I", fixed("GET", "/api/auth/me"), (401, 403, 200, 200)),
    ("change own password", change_own_password, (401, 403, 200, 200)),
    ("list users", fixed("GET", "/api/users"), (401, 403, 200, 200)),
    ("read a user", fixed("GET", "/api/users/{m}"), (401, 403, 200, 200)),
    ("a user's activity", fixed("GET", "/api/users/{m}/activity"), (401, 403, 200, 200)),
    (
        "create a user",
        lambda w, r: (
            "POST",
            "/api/users",
            {"name": "New", "email": f"new-{r}@example.com", "password": "password-1"},
        ),
        (401, 403, 403, 201),
    ),
    ("block a user", on_fresh_member("PATCH", "/block"), (401, 403, 403, 200)),
    ("unblock a user", on_fresh_member("PATCH", "/unblock"), (401, 403, 403, 200)),
    ("change a role", on_fresh_member("PATCH", "/role", {"role": "admin"}), (401, 403, 403, 200)),
    ("list projects", fixed("GET", "/api/projects"), (401, 403, 200, 200)),
    ("read a project", fixed("GET", "/api/projects/{p}"), (401, 403, 200, 200)),
    ("read the board", fixed("GET", "/api/projects/{p}/board"), (401, 403, 200, 200)),
    ("project activity", fixed("GET", "/api/projects/{p}/activity"), (401, 403, 200, 200)),
    ("create a project", fixed("POST", "/api/projects", {"name": "P2"}), (401, 403, 403, 201)),
    (
        "edit a project",
        fixed("PATCH", "/api/projects/{p}", {"name": "Renamed"}),
        (401, 403, 403, 200),
    ),
    (
        "report a bug",
        lambda w, r: (
            "POST",
            "/api/bugs",
            {"project_id": w.project_id, "title": "t", "description": "d"},
        ),
        (401, 403, 403, 201),
    ),
    ("list bugs", fixed("GET", "/api/bugs"), (401, 403, 200, 200)),
    ("read a bug", on_bug("GET", ""), (401, 403, 200, 200)),
    ("read a bug's history", on_bug("GET", "/history"), (401, 403, 200, 200)),
    ("list a bug's comments", on_bug("GET", "/comments"), (401, 403, 200, 200)),
    ("edit a bug's title", on_bug("PUT", "", {"title": "New title"}), (401, 403, 403, 200)),
    (
        "assign a bug",
        lambda w, r: ("PUT", f"/api/bugs/{w.bug()}", {"assignee_id": w.member["id"]}),
        (401, 403, 403, 200),
    ),
    (
        "note an in_progress bug",
        on_bug("PUT", "", {"resolution_note": "n"}, status="in_progress"),
        (401, 403, 200, 200),
    ),
    ("note an open bug", on_bug("PUT", "", {"resolution_note": "n"}), (401, 403, 403, 200)),
    (
        "start a bug",
        on_bug("POST", "/transition", {"status": "in_progress"}, assigned=True),
        (401, 403, 403, 200),
    ),
    (
        "resolve a bug",
        on_bug("POST", "/transition", {"status": "resolved"}, status="in_progress", noted=True),
        (401, 403, 200, 200),
    ),
    (
        "close a bug",
        on_bug("POST", "/transition", {"status": "closed"}, status="resolved"),
        (401, 403, 403, 200),
    ),
    ("unassign a bug", on_bug("POST", "/unassign", assigned=True), (401, 403, 403, 200)),
    ("reorder within a column", on_bug("POST", "/move", {"status": "open"}), (401, 403, 403, 200)),
    (
        "drag to resolved",
        on_bug("POST", "/move", {"status": "resolved"}, status="in_progress", noted=True),
        (401, 403, 200, 200),
    ),
    (
        "drag to closed",
        on_bug("POST", "/move", {"status": "closed"}, status="resolved"),
        (401, 403, 403, 200),
    ),
    ("comment on a bug", on_bug("POST", "/comments", {"text": "hi"}), (401, 403, 201, 201)),
    ("edit own comment", own_comment("PATCH", {"text": "edited"}), (401, 403, 200, 200)),
    ("delete own comment", own_comment("DELETE"), (401, 403, 200, 200)),
    ("edit someone else's comment", others_comment("PATCH", {"text": "x"}), (401, 403, 403, 403)),
    ("delete someone else's comment", others_comment("DELETE"), (401, 403, 403, 200)),
    ("read the raw event log", fixed("GET", "/api/events"), (401, 403, 403, 200)),
]


@pytest.mark.parametrize(
    ("case", "role", "expected"),
    [
        pytest.param(case, role, statuses[index], id=f"{name} as {role}")
        for name, case, statuses in POLICY
        for index, role in enumerate(ROLES)
    ],
)
def test_each_role_gets_exactly_what_the_policy_allows(
    world: World, case: Case, role: str, expected: int
) -> None:
    method, path, body = case(world, role)
    response = world.api.call(world.token(role), method, path, json=body)
    assert response.status_code == expected, response.text
    payload = response.json()
    assert set(payload) == {"data", "error", "status"}
    assert payload["status"] == expected
    if expected >= 400:
        assert payload["data"] is None
        assert payload["error"]
    if role == "blocked":
        assert payload["error"] == "User is blocked"
