"""Self-registration (off by default), login that reveals nothing, and changing one's password."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import Api
from tests.api.envelopes import assert_envelope, assert_error
from tests.api.support import fresh_api

REGISTER = "/api/auth/register"


@pytest.fixture(scope="module")
def open_api() -> Iterator[Api]:
    """An app with ALLOW_REGISTRATION=true on a database of its own."""
    with fresh_api(ALLOW_REGISTRATION="true") as api:
        yield api


def login(api: Api, email: str, password: str) -> Any:
    return api.client.post("/api/auth/login", json={"email": email, "password": password})


def test_registration_is_off_by_default(api: Api) -> None:
    assert api.settings.allow_registration is False
    body = {"name": "Nia", "email": "nia@example.com", "password": "nia-password-1"}

    response = api.client.post(REGISTER, json=body)

    assert_error(response, 404, "registration is disabled")
    assert_error(login(api, "nia@example.com", "nia-password-1"), 401)


def test_registration_creates_a_member_with_a_normalised_email(open_api: Api) -> None:
    body = {"name": "Reg", "email": "Reg.User@Example.COM", "password": "reg-password-1"}

    response = open_api.client.post(REGISTER, json=body)

    user = assert_envelope(response, 201)["data"]
    assert user["role"] == "member"
    assert user["is_blocked"] is False
    assert user["email"] == "reg.user@example.com"
    assert not {"password", "password_hash"} & set(user)


def test_a_registered_member_can_log_in_with_any_case_of_the_email(open_api: Api) -> None:
    body = {"name": "Kay", "email": "kay@example.com", "password": "kay-password-1"}
    assert_envelope(open_api.client.post(REGISTER, json=body), 201)

    tokens = [
        assert_envelope(login(open_api, email, "kay-password-1"), 200)["data"]
        for email in ("kay@example.com", "KAY@EXAMPLE.COM", "Kay@Example.com")
    ]

    assert {(token["token_type"], token["user"]["role"]) for token in tokens} == {
        ("Bearer", "member")
    }
    access = tokens[-1]["access_token"]
    me = open_api.call(access, "GET", "/api/auth/me")
    assert assert_envelope(me, 200)["data"]["email"] == "kay@example.com"
    assert_error(open_api.call(access, "POST", "/api/projects", json={"name": "P"}), 403)


def test_registration_cannot_choose_a_role(open_api: Api) -> None:
    body = {"name": "Mal", "email": "mal@example.com", "password": "mal-password-1"}

    response = open_api.client.post(REGISTER, json={**body, "role": "admin"})

    assert_error(response, 400, "role", "unknown field")
    assert_error(login(open_api, "mal@example.com", "mal-password-1"), 401)


def test_registering_a_taken_email_in_another_case_is_a_409(open_api: Api) -> None:
    body = {"name": "Dee", "email": "dee@example.com", "password": "dee-password-1"}
    assert_envelope(open_api.client.post(REGISTER, json=body), 201)

    again = open_api.client.post(REGISTER, json={**body, "email": "DEE@example.COM"})

    assert_error(again, 409, "already exists")


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        ({"name": "   "}, ("name", "blank")),
        ({"email": "nobody"}, ("email", "email address")),
        ({"password": "short"}, ("password", "at least 8")),
        ({"password": "p" * 129}, ("password", "at most 128")),
    ],
)
def test_registration_checks_its_fields(
    open_api: Api, change: dict[str, str], fragments: tuple[str, ...]
) -> None:
    body = {"name": "Val", "email": "val@example.com", "password": "val-password-1", **change}

    assert_error(open_api.client.post(REGISTER, json=body), 400, *fragments)


def test_login_does_not_reveal_whether_an_email_exists(api: Api) -> None:
    user = api.create_user("Known")

    unknown = login(api, "nobody-here@example.com", "whatever-1")
    wrong_password = login(api, user["email"], "not-the-password")
    not_even_an_email = login(api, "not-an-email", "whatever-1")

    for response in (unknown, wrong_password, not_even_an_email):
        assert_error(response, 401, "Invalid email or password")
    assert unknown.json() == wrong_password.json() == not_even_an_email.json()
    assert unknown.headers.get("WWW-Authenticate") == wrong_password.headers.get("WWW-Authenticate")


def test_changing_the_password_needs_the_current_one(api: Api) -> None:
    """A wrong current password is refused without a 401: the token is fine, and the web
    client rightly signs out on any 401 (lib/query-client.ts), which would lose the form."""
    user = api.create_user("Pat")

    response = api.call(
        user["token"],
        "POST",
        "/api/auth/password",
        json={"current_password": "wrong-password", "new_password": "brand-new-pass-1"},
    )

    assert_error(response, 422, "Current password is incorrect")
    assert "WWW-Authenticate" not in response.headers
    assert_envelope(api.call(user["token"], "GET", "/api/auth/me"), 200)
    assert_envelope(login(api, user["email"], user["password"]), 200)
    assert_error(login(api, user["email"], "brand-new-pass-1"), 401)


def test_a_new_password_works_for_login_and_the_old_one_does_not(api: Api) -> None:
    user = api.create_user("Sam")

    changed = api.call(
        user["token"],
        "POST",
        "/api/auth/password",
        json={"current_password": user["password"], "new_password": "brand-new-pass-1"},
    )

    assert assert_envelope(changed, 200)["data"]["id"] == user["id"]
    assert_envelope(login(api, user["email"], "brand-new-pass-1"), 200)
    assert_error(login(api, user["email"], user["password"]), 401, "Invalid email or password")


def test_a_too_short_new_password_is_a_400(api: Api) -> None:
    user = api.create_user("Lou")

    response = api.call(
        user["token"],
        "POST",
        "/api/auth/password",
        json={"current_password": user["password"], "new_password": "short"},
    )

    assert_error(response, 400, "new_password", "at least 8")
