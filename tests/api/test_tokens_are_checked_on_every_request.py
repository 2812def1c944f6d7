"""Bearer tokens over HTTP: every forged, broken or stale token is a 401 with a Bearer challenge,
and what a valid token may do is decided by the users read model on each request."""

import base64
import json
import time
from typing import Any

import jwt
import pytest

from tests.api.conftest import JWT_SECRET, Api
from tests.api.envelopes import assert_envelope, assert_error

ME = "/api/auth/me"


def claims(sub: int | str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": str(sub), "iat": now, "exp": now + 600, "jti": "test-jti", **changes}


def signed(payload: dict[str, Any], key: str = JWT_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unsigned(payload: dict[str, Any]) -> str:
    return f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(payload)}."


def with_payload(token: str, **changes: Any) -> str:
    """The same header and signature around an edited payload."""
    header, payload, signature = token.split(".")
    padded = payload + "=" * (-len(payload) % 4)
    data = json.loads(base64.urlsafe_b64decode(padded))
    return f"{header}.{b64({**data, **changes})}.{signature}"


@pytest.fixture(scope="module")
def member(api: Api) -> dict[str, Any]:
    return api.create_user("Tom")


def assert_unauthorised(response: Any) -> None:
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_valid_token_works(api: Api, member: dict[str, Any]) -> None:
    assert assert_envelope(api.call(member["token"], "GET", ME), 200)["data"]["id"] == member["id"]


def test_the_bearer_scheme_is_case_insensitive(api: Api, member: dict[str, Any]) -> None:
    response = api.client.get(ME, headers={"Authorization": f"bearer {member['token']}"})

    assert_envelope(response, 200)


FORGERIES = {
    "alg none": lambda user_id: unsigned(claims(user_id)),
    "alg none claiming the admin": lambda user_id: unsigned(claims(1)),
    "wrong key": lambda user_id: signed(claims(user_id), key="another-secret-" + "y" * 40),
    "HS512 with the right key": lambda user_id: signed(claims(user_id), algorithm="HS512"),
    "expired": lambda user_id: signed(
        claims(user_id, iat=int(time.time()) - 7200, exp=int(time.time()) - 3600)
    ),
    "issued in the future": lambda user_id: signed(claims(user_id, iat=int(time.time()) + 3600)),
    "no exp": lambda user_id: signed({"sub": str(user_id), "iat": int(time.time())}),
    "no sub": lambda user_id: signed({"iat": int(time.time()), "exp": int(time.time()) + 60}),
    "sub not a number": lambda user_id: signed(claims("admin")),
    "sub negative": lambda user_id: signed(claims("-1")),
    "user that does not exist": lambda user_id: signed(claims(987_654)),
    # Correctly signed, but the subject would overflow the database's integer.
    "huge user id": lambda user_id: signed(claims(str(2**70))),
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize(
    "forgery",
    list(FORGERIES),
)
def test_a_forged_or_stale_token_is_a_401(api: Api, member: dict[str, Any], forgery: str) -> None:
    token = FORGERIES[forgery](member["id"])

    assert_unauthorised(api.call(token, "GET", ME))
    assert_unauthorised(api.call(token, "GET", "/api/bugs"))


@pytest.mark.parametrize(
    "change", [{"sub": "1"}, {"exp": 4_102_444_800}, {"role": "admin"}, {"jti": "other"}]
)
def test_a_tampered_payload_is_a_401(
    api: Api, member: dict[str, Any], change: dict[str, Any]
) -> None:
    assert_unauthorised(api.call(with_payload(member["token"], **change), "GET", ME))


def test_a_tampered_signature_is_a_401(api: Api, member: dict[str, Any]) -> None:
    header, payload, signature = member["token"].split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]

    assert_unauthorised(api.call(f"{header}.{payload}.{flipped}", "GET", ME))


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer    ",
        "Bearer garbage",
        "Bearer a.b.c",
        "Bearer ....",
        "Bearer " + "x" * 4000,
        "Bearer eyJhbGciOiJIUzI1NiJ9",
        "Basic YWRtaW46YWRtaW4=",
        "Token abc",
        "JWT abc",
        "abc",
    ],
)
def test_a_malformed_authorization_header_is_a_401(api: Api, header: str) -> None:
    assert_unauthorised(api.client.get(ME, headers={"Authorization": header}))


def test_a_non_bearer_scheme_with_a_valid_token_is_still_a_401(
    api: Api, member: dict[str, Any]
) -> None:
    response = api.client.get(ME, headers={"Authorization": f"Token {member['token']}"})

    assert_unauthorised(response)


def test_a_demoted_admin_is_treated_as_a_member_on_the_next_request(api: Api) -> None:
    boss = api.create_user("Boss", role="admin")
    create = {"name": "Boss's project"}
    assert_envelope(api.call(boss["token"], "POST", "/api/projects", json=create), 201)

    demoted = api.as_admin("PATCH", f"/api/users/{boss['id']}/role", json={"role": "member"})
    assert assert_envelope(demoted, 200)["data"]["role"] == "member"

    assert_error(api.call(boss["token"], "POST", "/api/projects", json=create), 403)
    assert assert_envelope(api.call(boss["token"], "GET", ME), 200)["data"]["role"] == "member"
    assert_envelope(api.call(boss["token"], "GET", "/api/projects"), 200)

    api.as_admin("PATCH", f"/api/users/{boss['id']}/role", json={"role": "admin"})
    assert_envelope(api.call(boss["token"], "POST", "/api/projects", json=create), 201)


def test_a_promoted_member_gets_admin_rights_with_the_same_token(api: Api) -> None:
    riser = api.create_user("Riser")
    create = {"name": "Riser's project"}
    assert_error(api.call(riser["token"], "POST", "/api/projects", json=create), 403)

    api.as_admin("PATCH", f"/api/users/{riser['id']}/role", json={"role": "admin"})

    assert_envelope(api.call(riser["token"], "POST", "/api/projects", json=create), 201)


def test_a_blocked_users_token_stops_working_and_works_again_after_unblock(api: Api) -> None:
    user = api.create_user("Blocky")
    assert_envelope(api.call(user["token"], "GET", "/api/bugs"), 200)

    api.as_admin("PATCH", f"/api/users/{user['id']}/block")

    for method, path in (("GET", "/api/bugs"), ("GET", "/api/projects"), ("GET", ME)):
        assert_error(api.call(user["token"], method, path), 403, "User is blocked")
    blocked_login = api.client.post(
        "/api/auth/login", json={"email": user["email"], "password": user["password"]}
    )
    assert_error(blocked_login, 403, "User is blocked")

    api.as_admin("PATCH", f"/api/users/{user['id']}/unblock")

    assert_envelope(api.call(user["token"], "GET", "/api/bugs"), 200)
