"""The original system's end-to-end smoke test, against the event-sourced API."""

from tests.api.conftest import ADMIN_EMAIL, Api


def test_the_seed_smoke_flow_works_end_to_end(api: Api) -> None:
    client = api.client
    assert client.get("/api/health").json() == {
        "data": {"status": "ok"},
        "error": None,
        "status": 200,
    }

    assert client.get("/api/users").status_code == 401
    users = api.as_admin("GET", "/api/users")
    assert users.status_code == 200
    assert set(users.json()) == {"data", "error", "status"}
    me = api.as_admin("GET", "/api/auth/me").json()["data"]
    assert me["email"] == ADMIN_EMAIL
    assert me["role"] == "admin"

    body = {"name": "Grace", "email": "grace@example.com", "password": "grace-pass-1"}
    created = api.as_admin("POST", "/api/users", json=body)
    assert created.status_code == 201
    assert "password" not in created.json()["data"]
    assert "credential_password" not in created.json()["data"]
    duplicate = api.as_admin("POST", "/api/users", json={**body, "email": "GRACE@example.com"})
    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "User with email grace@example.com already exists"

    project = api.as_admin("POST", "/api/projects", json={"name": "Apollo", "description": "d"})
    assert project.status_code == 201
    project_id = project.json()["data"]["id"]
    assert api.as_admin("GET", f"/api/projects/{project_id}").status_code == 200
    assert api.as_admin("GET", "/api/projects").status_code == 200

    bug = api.as_admin(
        "POST",
        "/api/bugs",
        json={"project_id": project_id, "title": "Crash", "description": "On save"},
    )
    assert bug.status_code == 201
    bug_data = bug.json()["data"]
    bug_id = bug_data["id"]
    assert (bug_data["status"], bug_data["priority"], bug_data["assignee_id"]) == (
        "open",
        "medium",
        None,
    )
    assert bug_data["created_at"].endswith("Z") or "+00:00" in bug_data["created_at"]
    listed = api.as_admin("GET", f"/api/bugs?project_id={project_id}")
    assert [item["id"] for item in listed.json()["data"]] == [bug_id]
    assert listed.headers["X-Total-Count"] == "1"
    detail = api.as_admin("GET", f"/api/bugs/{bug_id}")
    assert detail.json()["data"]["comments"] == []
    assert detail.headers["ETag"] == '"1"'

    def transition(status: str) -> tuple[int, str | None]:
        response = api.as_admin("POST", f"/api/bugs/{bug_id}/transition", json={"status": status})
        return response.status_code, response.json()["error"]

    assert transition("in_progress") == (
        422,
        "Assignee required before transitioning to in_progress",
    )
    grace_id = created.json()["data"]["id"]
    assert (
        api.as_admin("PUT", f"/api/bugs/{bug_id}", json={"assignee_id": grace_id}).status_code
        == 200
    )
    assert transition("in_progress") == (200, None)
    assert transition("resolved") == (
        422,
        "Resolution note required before transitioning to resolved",
    )
    assert (
        api.as_admin(
            "PUT", f"/api/bugs/{bug_id}", json={"resolution_note": "Fixed the save path"}
        ).status_code
        == 200
    )
    assert transition("resolved") == (200, None)
    assert transition("closed") == (200, None)
    assert transition("open") == (422, "Cannot transition from closed to open")

    comment = api.as_admin("POST", f"/api/bugs/{bug_id}/comments", json={"text": "Done"})
    assert comment.status_code == 422  # closed bugs take no more comments
    assert api.as_admin("GET", f"/api/bugs/{bug_id}/comments").status_code == 200
    assert (
        api.as_admin("POST", f"/api/bugs/{bug_id}/comments", json={"text": ""}).status_code == 400
    )

    member = api.create_user("Mel")
    for path in ("/api/users", "/api/projects", "/api/bugs", f"/api/bugs/{bug_id}"):
        assert api.call(member["token"], "GET", path).status_code == 200
    assert api.as_admin("PATCH", f"/api/users/{member['id']}/block").json()["data"]["is_blocked"]
    blocked = api.call(member["token"], "GET", "/api/bugs")
    assert (blocked.status_code, blocked.json()["error"]) == (403, "User is blocked")

    history = api.as_admin("GET", f"/api/bugs/{bug_id}/history").json()["data"]
    assert [entry["type"] for entry in history] == [
        "bug.reported",
        "bug.assigned",
        "bug.status_changed",
        "bug.resolution_noted",
        "bug.status_changed",
        "bug.status_changed",
    ]
    assert history[2]["summary"] == f"Ada Admin moved Bug #{bug_id} from open to in_progress"


def test_the_board_pages_each_column_and_can_show_a_single_column(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Paging"}).json()["data"]["id"]
    ids = [
        api.as_admin(
            "POST", "/api/bugs", json={"project_id": project, "title": f"B{n}", "description": "d"}
        ).json()["data"]["id"]
        for n in range(5)
    ]
    path = f"/api/projects/{project}/board"
    first = api.as_admin("GET", f"{path}?limit=2").json()["data"]["columns"][0]
    second = api.as_admin("GET", f"{path}?limit=2&offset=2&status=open").json()["data"]["columns"]
    assert first["count"] == 5
    assert [card["id"] for card in first["cards"]] == ids[::-1][:2]  # newest on top
    assert [column["status"] for column in second] == ["open"]
    assert [card["id"] for card in second[0]["cards"]] == ids[::-1][2:4]


def test_a_card_dropped_below_one_neighbour_lands_right_under_it(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Drops"}).json()["data"]["id"]
    top, middle, bottom = [
        api.as_admin(
            "POST", "/api/bugs", json={"project_id": project, "title": title, "description": "d"}
        ).json()["data"]["id"]
        for title in ("bottom", "middle", "top")  # newest on top
    ][::-1]
    # The client only loaded "top" and drops "bottom" right under it.
    moved = api.as_admin(
        "POST", f"/api/bugs/{bottom}/move", json={"status": "open", "after_id": top}
    )
    assert moved.status_code == 200
    cards = api.as_admin("GET", f"/api/projects/{project}/board").json()["data"]["columns"][0]
    assert [card["id"] for card in cards["cards"]] == [top, bottom, middle]


def test_a_card_moved_to_another_column_without_neighbours_goes_to_the_top(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Tops"}).json()["data"]["id"]
    member = api.create_user("Topper")
    ids = []
    for title in ("first", "second"):
        bug = api.as_admin(
            "POST", "/api/bugs", json={"project_id": project, "title": title, "description": "d"}
        ).json()["data"]["id"]
        api.as_admin("PUT", f"/api/bugs/{bug}", json={"assignee_id": member["id"]})
        ids.append(bug)
    for bug in ids:
        response = api.as_admin("POST", f"/api/bugs/{bug}/move", json={"status": "in_progress"})
        assert response.status_code == 200
    column = api.as_admin("GET", f"/api/projects/{project}/board").json()["data"]["columns"][1]
    assert [card["id"] for card in column["cards"]] == ids[::-1]


def test_past_instants_without_an_offset_are_read_as_utc(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Naive"}).json()["data"]["id"]
    bug = api.as_admin(
        "POST", "/api/bugs", json={"project_id": project, "title": "T", "description": "d"}
    ).json()["data"]["id"]
    for path in (
        f"/api/bugs/{bug}?as_of=2100-01-01T00:00:00",
        f"/api/projects/{project}/board?as_of=2100-01-01T00:00:00",
        f"/api/projects/{project}/activity?since=2000-01-01T00:00:00",
        "/api/users/1/activity?until=2100-01-01T00:00:00",
    ):
        assert api.as_admin("GET", path).status_code == 200, path
    assert api.as_admin("GET", f"/api/bugs/{bug}?as_of=2000-01-01T00:00:00Z").status_code == 404
