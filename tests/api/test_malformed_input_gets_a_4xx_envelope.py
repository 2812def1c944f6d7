"""Every class of malformed input is answered with the right 4xx status in the envelope.

Never an HTML page, never the validator's raw dump, never a 500: each message is a sentence
that names the bad field (or the body) so a client developer can fix the request.
"""

from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error
from tests.api.support import fresh_api

HUGE = "99999999999999999999999"
BUG_FIELDS = "allowed: project_id, title, description, priority"


@pytest.fixture(scope="module")
def ids(api: Api) -> dict[str, int]:
    project = api.as_admin("POST", "/api/projects", json={"name": "Malformed"})
    project_id = project.json()["data"]["id"]
    bug = api.as_admin(
        "POST",
        "/api/bugs",
        json={"project_id": project_id, "title": "Target", "description": "For bad input"},
    )
    return {"project": project_id, "bug": bug.json()["data"]["id"]}


def send(api: Api, method: str, path: str, ids: dict[str, int], **kwargs: Any) -> Any:
    return api.as_admin(method, path.format(**ids), **kwargs)


def bug_body(ids: dict[str, int], **changes: Any) -> dict[str, Any]:
    return {"project_id": ids["project"], "title": "T", "description": "D", **changes}


JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("content", "content_type", "status", "fragment"),
    [
        (b"title=x", "application/x-www-form-urlencoded", 415, "application/json"),
        (b"hello", "text/plain", 415, "application/json"),
        (b"<bug/>", "application/xml", 415, "application/json"),
        (b"{bad json", "application/json", 400, "not valid JSON"),
        (b'{"title": "x",}', "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 400, "must be a JSON object, got an array"),
        (b"42", "application/json", 400, "must be a JSON object, got an integer"),
        (b'"text"', "application/json", 400, "must be a JSON object, got a string"),
        (b"true", "application/json", 400, "must be a JSON object"),
        (b"null", "application/json", 400, "must be a JSON object"),
        (b"", "application/json", 400, "a JSON object is required"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    api: Api, content: bytes, content_type: str, status: int, fragment: str
) -> None:
    response = api.as_admin(
        "POST", "/api/bugs", content=content, headers={"content-type": content_type}
    )

    assert_error(response, status, fragment)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/api/bugs"),
        ("POST", "/api/bugs/{bug}/transition"),
        ("POST", "/api/bugs/{bug}/comments"),
        ("POST", "/api/projects"),
        ("POST", "/api/users"),
        ("PATCH", "/api/users/1/role"),
    ],
)
def test_an_empty_body_on_a_write_that_needs_one_is_a_400(
    api: Api, ids: dict[str, int], method: str, path: str
) -> None:
    assert_error(send(api, method, path, ids), 400, "body", "JSON object")


@pytest.mark.parametrize(
    ("method", "path", "body", "fragments"),
    [
        ("POST", "/api/bugs", {"project_id": "one"}, ("project_id", "integer", "string")),
        ("POST", "/api/bugs", {"project_id": True}, ("project_id", "integer")),
        ("POST", "/api/bugs", {"project_id": 1.5}, ("project_id", "integer")),
        ("POST", "/api/bugs", {"title": 5}, ("title", "must be a string")),
        ("POST", "/api/bugs", {"description": {"a": 1}}, ("description", "string")),
        ("PUT", "/api/bugs/{bug}", {"assignee_id": "ada"}, ("assignee_id", "integer")),
        ("PUT", "/api/bugs/{bug}", {"title": ["x"]}, ("title", "string")),
        ("POST", "/api/bugs/{bug}/comments", {"text": 7}, ("text", "string")),
        ("POST", "/api/projects", {"name": None}, ("name", "string")),
    ],
)
def test_a_field_of_the_wrong_type_is_named(
    api: Api,
    ids: dict[str, int],
    method: str,
    path: str,
    body: dict[str, Any],
    fragments: tuple[str, ...],
) -> None:
    payload = {**bug_body(ids), **body} if path == "/api/bugs" else body
    assert_error(send(api, method, path, ids, json=payload), 400, *fragments)


def test_an_unknown_field_is_named_with_the_allowed_ones(api: Api, ids: dict[str, int]) -> None:
    response = send(api, "POST", "/api/bugs", ids, json=bug_body(ids, severity="high"))

    assert_error(response, 400, "severity", "unknown field", BUG_FIELDS)


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PUT", "/api/bugs/{bug}", {"status": "closed"}, "status"),
        ("POST", "/api/bugs/{bug}/transition", {"status": "open", "force": True}, "force"),
        ("POST", "/api/projects", {"name": "P", "owner": 1}, "owner"),
        ("POST", "/api/auth/login", {"email": "a@b.co", "password": "x", "otp": 1}, "otp"),
        ("POST", "/api/bugs/{bug}/comments", {"text": "hi", "author_id": 1}, "author_id"),
    ],
)
def test_unknown_fields_are_refused_on_every_write(
    api: Api, ids: dict[str, int], method: str, path: str, body: dict[str, Any], field: str
) -> None:
    assert_error(send(api, method, path, ids, json=body), 400, field, "unknown field")


@pytest.mark.parametrize("blank", ["", " ", "   ", "\t\n ", "\u00a0"])
@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("POST", "/api/bugs", "title"),
        ("POST", "/api/bugs", "description"),
        ("PUT", "/api/bugs/{bug}", "title"),
        ("POST", "/api/bugs/{bug}/comments", "text"),
        ("POST", "/api/projects", "name"),
    ],
)
def test_a_blank_required_string_is_refused(
    api: Api, ids: dict[str, int], method: str, path: str, field: str, blank: str
) -> None:
    body = bug_body(ids, **{field: blank}) if path == "/api/bugs" else {field: blank}

    message = assert_error(send(api, method, path, ids, json=body), 400, field)

    assert "blank" in message or "empty" in message


def test_a_missing_required_field_is_named(api: Api, ids: dict[str, int]) -> None:
    body = bug_body(ids)
    del body["title"]

    assert_error(send(api, "POST", "/api/bugs", ids, json=body), 400, "title", "required")


@pytest.mark.parametrize(
    ("method", "path", "field", "limit"),
    [
        ("POST", "/api/bugs", "title", 255),
        ("POST", "/api/bugs", "description", 20_000),
        ("PUT", "/api/bugs/{bug}", "resolution_note", 20_000),
        ("POST", "/api/bugs/{bug}/comments", "text", 20_000),
        ("POST", "/api/projects", "name", 255),
        ("POST", "/api/projects", "description", 20_000),
        ("POST", "/api/auth/login", "email", 254),
    ],
)
def test_an_over_long_string_is_refused_with_its_limit(
    api: Api, ids: dict[str, int], method: str, path: str, field: str, limit: int
) -> None:
    too_long = "x" * (limit + 1)
    if path == "/api/bugs":
        body = bug_body(ids, **{field: too_long})
    elif path == "/api/projects":
        body = {"name": "P", field: too_long}
    elif path == "/api/auth/login":
        body = {"email": too_long, "password": "whatever"}
    else:
        body = {field: too_long}

    response = send(api, method, path, ids, json=body)

    assert_error(response, 400, field, f"at most {limit} characters")


def test_an_exactly_maximal_title_is_accepted(api: Api, ids: dict[str, int]) -> None:
    response = send(api, "POST", "/api/bugs", ids, json=bug_body(ids, title="x" * 255))

    assert assert_envelope(response, 201)["data"]["title"] == "x" * 255


@pytest.mark.parametrize(
    ("body", "fragments"),
    [
        ({"password": "short"}, ("password", "at least 8 characters")),
        ({"email": "not-an-email"}, ("email", "email address")),
        ({"email": "two@@example.com"}, ("email", "email address")),
        ({"role": "root"}, ("role", "admin, member")),
    ],
)
def test_account_fields_are_checked(
    api: Api, body: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    payload = {"name": "Val", "email": "val@example.com", "password": "long-enough-1", **body}

    assert_error(api.as_admin("POST", "/api/users", json=payload), 400, *fragments)


def test_a_body_over_the_size_limit_is_a_413(api: Api) -> None:
    limit = api.settings.max_request_body_bytes
    content = b'{"title": "' + b"x" * (limit + 1) + b'"}'

    response = api.as_admin("POST", "/api/bugs", content=content, headers=JSON)

    assert_error(response, 413, "too large")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/bugs/-1"),
        ("GET", "/api/bugs/0"),
        ("GET", f"/api/bugs/{HUGE}"),
        ("GET", f"/api/bugs/{2**63}"),
        ("GET", f"/api/bugs/{2**62}"),
        ("PUT", f"/api/bugs/{HUGE}"),
        ("POST", f"/api/bugs/{HUGE}/transition"),
        ("POST", f"/api/bugs/{HUGE}/comments"),
        ("GET", f"/api/bugs/{HUGE}/comments"),
        ("GET", f"/api/bugs/{HUGE}/history"),
        ("PATCH", "/api/bugs/{bug}/comments/" + HUGE),
        ("DELETE", "/api/bugs/{bug}/comments/-5"),
        ("GET", f"/api/projects/{HUGE}"),
        ("GET", f"/api/projects/{HUGE}/board"),
        ("GET", f"/api/users/{HUGE}"),
        ("PATCH", f"/api/users/{HUGE}/block"),
        ("GET", "/api/bugs/abc"),
        ("GET", "/api/bugs/1.5"),
        ("GET", "/api/bugs/%20"),
        ("GET", "/api/projects/abc/board"),
    ],
)
def test_a_bad_id_in_a_path_is_a_4xx_never_a_500(
    api: Api, ids: dict[str, int], method: str, path: str
) -> None:
    kwargs: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH"):
        kwargs["json"] = {"status": "in_progress"} if "transition" in path else {"text": "x"}
        if method == "PUT":
            kwargs["json"] = {"title": "x"}

    response = send(api, method, path, ids, **kwargs)

    assert response.status_code in (400, 404), response.text
    assert_error(response, response.status_code)


def test_a_well_formed_id_that_does_not_exist_is_a_404_naming_it(api: Api) -> None:
    assert_error(api.as_admin("GET", "/api/bugs/987654"), 404, "Bug 987654 not found")


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"),
    [
        ("POST", "/api/bugs", {"priority": "urgent"}, "low, medium, high, critical"),
        ("POST", "/api/bugs", {"priority": 3}, "low, medium, high, critical"),
        ("PUT", "/api/bugs/{bug}", {"priority": "URGENT"}, "low, medium, high, critical"),
        (
            "POST",
            "/api/bugs/{bug}/transition",
            {"status": "done"},
            "open, in_progress, resolved, closed",
        ),
        (
            "POST",
            "/api/bugs/{bug}/move",
            {"status": "In Progress"},
            "open, in_progress, resolved, closed",
        ),
        ("PATCH", "/api/users/1/role", {"role": "superuser"}, "admin, member"),
    ],
)
def test_a_bad_enum_value_in_a_body_lists_the_allowed_values(
    api: Api, ids: dict[str, int], method: str, path: str, body: dict[str, Any], allowed: str
) -> None:
    payload = bug_body(ids, **body) if path == "/api/bugs" else body
    field = next(iter(body))

    assert_error(send(api, method, path, ids, json=payload), 400, field, allowed)


@pytest.mark.parametrize(
    ("query", "fragments"),
    [
        ("status=done", ("status", "open, in_progress, resolved, closed")),
        ("priority=urgent", ("priority", "low, medium, high, critical")),
        ("assignee_id=someone", ("assignee_id", "'none'")),
        ("assignee_id=-3", ("assignee_id",)),
        ("project_id=abc", ("project_id", "integer")),
        (f"project_id={HUGE}", ("project_id", "at most")),
        ("limit=0", ("limit", "at least 1")),
        ("limit=501", ("limit", "at most 500")),
        ("limit=ten", ("limit", "integer")),
        ("offset=-1", ("offset", "at least 0")),
        ("q=" + "x" * 256, ("q", "at most 255 characters")),
        ("foo=1", ("foo", "unknown query parameter", "allowed: project_id")),
        ("statuses=open&sort=id", ("sort, statuses", "unknown query parameters")),
    ],
)
def test_bad_query_parameters_on_the_bug_list_are_a_400(
    api: Api, query: str, fragments: tuple[str, ...]
) -> None:
    assert_error(api.as_admin("GET", f"/api/bugs?{query}"), 400, *fragments)


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/{project}/board?priority=urgent",
        "/api/projects/{project}/board?colour=red",
        "/api/projects/{project}/board?as_of=yesterday",
        "/api/bugs/{bug}?as_of=not-a-time",
        "/api/projects/{project}/activity?since=soon",
        f"/api/events?after={HUGE}",
        "/api/events?limit=100000",
        "/api/users?q=" + "y" * 256,
    ],
)
def test_bad_query_parameters_elsewhere_are_a_400(api: Api, ids: dict[str, int], path: str) -> None:
    assert_error(send(api, "GET", path, ids), 400, "query parameter")


@pytest.mark.parametrize(
    "query", ["status=", "status=&priority=", "priority=", "assignee_id=", "q="]
)
def test_an_empty_filter_means_no_filter(api: Api, ids: dict[str, int], query: str) -> None:
    everything = assert_envelope(api.as_admin("GET", "/api/bugs?limit=500"), 200)["data"]

    filtered = assert_envelope(api.as_admin("GET", f"/api/bugs?{query}&limit=500"), 200)["data"]

    assert filtered == everything
    assert any(bug["id"] == ids["bug"] for bug in filtered)


@pytest.mark.parametrize(
    "path", ["/api/nope", "/api/bugs/1/nope", "/api", "/api/", "/api/v2/bugs", "/api/users/me/x"]
)
@pytest.mark.parametrize("token", ["admin", None])
def test_an_unknown_path_under_api_is_a_404_envelope(
    api: Api, path: str, token: str | None
) -> None:
    response = api.call(api.admin_token if token else None, "GET", path)

    assert_error(response, 404, "Not found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/api/bugs"),
        ("PATCH", "/api/bugs/{bug}"),
        ("DELETE", "/api/bugs/{bug}"),
        ("GET", "/api/auth/login"),
        ("PUT", "/api/auth/login"),
        ("POST", "/api/health"),
        ("PUT", "/api/projects/{project}"),
    ],
)
def test_a_wrong_method_is_a_405_envelope(
    api: Api, ids: dict[str, int], method: str, path: str
) -> None:
    response = send(api, method, path, ids, json={})

    assert_error(response, 405, "Method not allowed")
    assert "allow" in {name.lower() for name in response.headers}


def test_a_missing_token_is_a_401_envelope_with_a_bearer_challenge(api: Api) -> None:
    response = api.client.get("/api/bugs")

    assert_error(response, 401, "Authorization")
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_role_that_may_not_act_is_a_403_envelope(api: Api, ids: dict[str, int]) -> None:
    member = api.create_user("Fay")

    response = api.call(member["token"], "POST", "/api/bugs", json=bug_body(ids))

    assert_error(response, 403)


def test_a_duplicate_email_is_a_409_envelope(api: Api) -> None:
    body = {"name": "Dup", "email": "dup@example.com", "password": "long-enough-1"}
    assert api.as_admin("POST", "/api/users", json=body).status_code == 201

    again = api.as_admin("POST", "/api/users", json={**body, "email": "DUP@Example.com"})

    assert_error(again, 409, "already exists")


def test_a_stale_if_match_is_a_412_envelope_and_a_garbled_one_a_400(
    api: Api, ids: dict[str, int]
) -> None:
    stale = send(
        api, "PUT", "/api/bugs/{bug}", ids, json={"title": "x"}, headers={"If-Match": '"0"'}
    )
    garbled = send(
        api, "PUT", "/api/bugs/{bug}", ids, json={"title": "x"}, headers={"If-Match": "v1"}
    )

    assert_error(stale, 412, "reload")
    assert_error(garbled, 400, "If-Match")


def test_a_domain_rule_refusal_is_a_422_envelope(api: Api, ids: dict[str, int]) -> None:
    response = send(api, "POST", "/api/bugs/{bug}/transition", ids, json={"status": "in_progress"})

    assert_error(response, 422, "Assignee required before transitioning to in_progress")


def test_an_unexpected_error_is_a_generic_500_envelope_without_internals(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = api.client.app.state.wiring.reads

    async def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail: password=hunter2 at /srv/app/projections/queries.py")

    monkeypatch.setattr(reads, "list_projects", explode)

    response = api.as_admin("GET", "/api/projects")

    assert_error(response, 500)
    assert response.json()["error"] == "Internal server error"
    for leak in ("secret", "hunter2", "RuntimeError", "queries.py", "Traceback"):
        assert leak not in response.text


def login(api: Api, email: str, password: str) -> Any:
    return api.client.post("/api/auth/login", json={"email": email, "password": password})


def test_login_is_throttled_with_a_429_after_too_many_failures() -> None:
    with fresh_api(LOGIN_ATTEMPTS_PER_MINUTE="3") as api:
        member = api.create_user("Quick")  # hashed with the cheap test profile: fast logins
        # Successful logins do not count against the client's limit.
        for _ in range(5):
            assert_envelope(login(api, member["email"], member["password"]), 200)

        failures = [login(api, "eve@example.com", f"guess-{n}") for n in range(3)]
        refused = login(api, "eve@example.com", "guess-4")
        right_password_too = login(api, member["email"], member["password"])

    assert [response.status_code for response in failures] == [401, 401, 401]
    assert_error(refused, 429, "Too many login attempts")
    assert int(refused.headers["Retry-After"]) in range(1, 62)
    assert_error(right_password_too, 429)  # the same client is over its limit
