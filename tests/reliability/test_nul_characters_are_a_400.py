"""PostgreSQL cannot store NUL in text: a body or query carrying one is the client's 400, not
a 500 (found by schemathesis: POST /api/projects with a NUL in the name)."""

from collections.abc import Iterator

import pytest

from tests.api.conftest import Api, create_database, drop_database, running_api

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    name, url = create_database()
    try:
        yield from running_api(url)
    finally:
        drop_database(name)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/projects", {"name": "Apollo\u0000"}),
        ("GET", "/api/bugs?q=cr%00ash", None),
        ("POST", "/api/auth/login", {"email": "a\u0000@example.com", "password": "whatever-1"}),
    ],
)
def test_a_nul_character_is_a_400_envelope(
    api: Api, method: str, path: str, body: dict[str, str] | None
) -> None:
    response = api.as_admin(method, path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["status"] == 400
    assert "NUL" in response.json()["error"]


def test_a_nul_character_in_a_board_filter_is_a_400_envelope(api: Api) -> None:
    project = api.as_admin("POST", "/api/projects", json={"name": "Nul board"}).json()["data"]

    response = api.as_admin("GET", f"/api/projects/{project['id']}/board?q=cr%00ash")

    assert response.status_code == 400, response.text
    assert "NUL" in response.json()["error"]
