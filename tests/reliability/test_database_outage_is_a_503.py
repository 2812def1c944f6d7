"""With the database unreachable, every endpoint that needs it answers a 503 envelope (never a
500): the read path (the actor lookup of each request, the read models) as well as writes."""

import time
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from litestar.testing import TestClient

from api.app import create_app
from infrastructure.settings import Settings

SECRET = "outage-secret-" + "x" * 40
# Nothing listens on port 9 (discard) on loopback: connections are refused at once.
UNREACHABLE = "postgresql://postgres@127.0.0.1:9/bugtracker"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient[Any]]:
    settings = Settings.from_env(
        {
            "DATABASE_URL": UNREACHABLE,
            "JWT_SECRET_KEY": SECRET,
            "ADMIN_PASSWORD": "outage-admin-password",
        },
        env_file=None,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def token(user_id: int = 1) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "iat": now, "exp": now + 600, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/auth/me", None),
        ("GET", "/api/bugs/1", None),
        ("GET", "/api/bugs", None),
        ("GET", "/api/projects/1/board", None),
        ("GET", "/api/events", None),
        ("POST", "/api/bugs", {"project_id": 1, "title": "t", "description": "d"}),
        ("POST", "/api/bugs/1/comments", {"text": "hello"}),
    ],
)
def test_an_unreachable_database_is_a_503_envelope(
    client: TestClient[Any], method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = client.request(
        method, path, json=body, headers={"Authorization": f"Bearer {token()}"}
    )
    assert response.status_code == 503, response.text
    assert response.json() == {
        "data": None,
        "error": "Service temporarily unavailable: the database cannot be reached",
        "status": 503,
    }
    assert response.headers["retry-after"] == "2"


def test_login_with_the_database_down_is_a_503(client: TestClient[Any]) -> None:
    response = client.post(
        "/api/auth/login", json={"email": "a@example.com", "password": "whatever-password"}
    )
    assert response.status_code == 503, response.text


def test_liveness_does_not_need_the_database_and_readiness_says_it_is_down(
    client: TestClient[Any],
) -> None:
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/ready").status_code == 503
