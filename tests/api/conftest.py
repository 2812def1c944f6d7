"""The real app, in-process, on a fresh PostgreSQL database per test module."""

import asyncio
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from argon2.profiles import CHEAPEST
from litestar.testing import TestClient

from api.app import create_app
from api.bootstrap import bootstrap_admin
from api.wiring import build_wiring
from infrastructure.migrate import upgrade
from infrastructure.security import Argon2PasswordHasher
from infrastructure.settings import Settings

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-1"
JWT_SECRET = "test-secret-" + "x" * 40


@dataclass
class Api:
    client: TestClient[Any]
    admin_token: str
    settings: Settings

    def headers(self, token: str | None, **extra: str) -> dict[str, str]:
        headers = dict(extra)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def login(self, email: str, password: str) -> str:
        response = self.client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.text
        token: str = response.json()["data"]["access_token"]
        return token

    def as_admin(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(self.admin_token, method, path, **kwargs)

    def call(self, token: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = self.headers(token, **kwargs.pop("headers", {}))
        return self.client.request(method, path, headers=headers, **kwargs)

    def create_user(
        self, name: str, role: str = "member", password: str = "member-pass-1"
    ) -> dict[str, Any]:
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
        response = self.as_admin(
            "POST",
            "/api/users",
            json={"name": name, "email": email, "password": password, "role": role},
        )
        assert response.status_code == 201, response.text
        user: dict[str, Any] = response.json()["data"]
        user["token"] = self.login(email, password)
        user["password"] = password
        return user


def create_database() -> tuple[str, str]:
    name = f"bt_api_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    return name, f"{base}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def settings_for(database_url: str, **overrides: str) -> Settings:
    environ = {
        "DATABASE_URL": database_url,
        "JWT_SECRET_KEY": JWT_SECRET,
        "ADMIN_NAME": "Ada Admin",
        "ADMIN_EMAIL": ADMIN_EMAIL,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "LOGIN_ATTEMPTS_PER_MINUTE": "1000",
        "CORS_ORIGINS": "http://localhost:5173,https://*.example.org",
        **overrides,
    }
    return Settings.from_env(environ, env_file=None)


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    name, url = create_database()
    try:
        yield from running_api(url)
    finally:
        drop_database(name)


def running_api(url: str, **overrides: str) -> Iterator[Api]:
    settings = settings_for(url, **overrides)
    upgrade(settings.database_url)
    asyncio.run(bootstrap_admin(settings))
    wiring = build_wiring(settings, hasher=Argon2PasswordHasher(profile=CHEAPEST))
    app = create_app(settings, wiring)
    with TestClient(app) as client:
        response = client.post(
            "/api/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}
        )
        assert response.status_code == 200, response.text
        yield Api(
            client=client, admin_token=response.json()["data"]["access_token"], settings=settings
        )
