"""Token attacks and login brute force, against any httpx-compatible client.

    uv run python -m bench.reliability.attacks

The functions take an ``httpx.Client`` (Litestar's TestClient is one), so the same set runs
against a real server here and in-process in tests/reliability. Every refusal must be the
envelope; nothing may be a 5xx.
"""

import base64
import json
import sys
import time
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from bench.api_load.server import JWT_SECRET
from bench.reliability.harness import scratch_server

ADMIN_ONLY = "/api/events"  # any admin-only read
ANY_USER = "/api/auth/me"


@dataclass
class Outcome:
    name: str
    expected: int
    status: int
    enveloped: bool

    @property
    def ok(self) -> bool:
        return self.status == self.expected and self.enveloped


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: str = "") -> str:
    def encode(part: dict[str, Any]) -> str:
        return _b64(json.dumps(part, separators=(",", ":")).encode())

    return f"{encode(header)}.{encode(claims)}.{signature}"


def _claims(sub: Any, **extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": sub, "iat": now, "exp": now + 600, "jti": uuid.uuid4().hex, **extra}


def attack_set(
    secret: str, admin_id: int, member_id: int, member_token: str
) -> list[tuple[str, str, str, int]]:
    """(name, Authorization header value, path, expected status)."""
    now = int(time.time())
    head, payload, signature = member_token.split(".")
    member_claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    as_admin = _b64(json.dumps({**member_claims, "sub": str(admin_id)}).encode())
    with_role = _b64(json.dumps({**member_claims, "role": "admin"}).encode())

    def sign(claims: dict[str, Any], key: str = secret, alg: str = "HS256") -> str:
        with warnings.catch_warnings():  # HS512 with a 57-byte key: that is the point
            warnings.simplefilter("ignore")
            return jwt.encode(claims, key, algorithm=alg)

    def bearer(token: str) -> str:
        return f"Bearer {token}"

    return [
        (
            "alg none",
            bearer(_unsigned({"alg": "none", "typ": "JWT"}, _claims(str(admin_id)))),
            ANY_USER,
            401,
        ),
        (
            "alg None, signature kept",
            bearer(_unsigned({"alg": "None"}, _claims(str(admin_id)), signature)),
            ANY_USER,
            401,
        ),
        ("alg NONE", bearer(_unsigned({"alg": "NONE"}, _claims(str(admin_id)))), ANY_USER, 401),
        (
            "wrong key",
            bearer(sign(_claims(str(admin_id)), "not-the-server-key-" + "z" * 40)),
            ANY_USER,
            401,
        ),
        (
            "HS512 with the right key (algorithm not pinned?)",
            bearer(sign(_claims(str(admin_id)), secret, "HS512")),
            ANY_USER,
            401,
        ),
        (
            "expired an hour ago",
            bearer(sign({**_claims(str(member_id)), "iat": now - 7200, "exp": now - 3600})),
            ANY_USER,
            401,
        ),
        ("no exp", bearer(sign({"sub": str(member_id), "iat": now, "jti": "x"})), ANY_USER, 401),
        ("no sub", bearer(sign({"iat": now, "exp": now + 600, "jti": "x"})), ANY_USER, 401),
        ("sub not an integer", bearer(sign(_claims("admin"))), ANY_USER, 401),
        ("sub beyond BIGINT", bearer(sign(_claims(str(2**70)))), ANY_USER, 401),
        ("sub negative", bearer(sign(_claims("-1"))), ANY_USER, 401),
        ("sub of no user", bearer(sign(_claims("987654"))), ANY_USER, 401),
        (
            "member token re-pointed at the admin (signature kept)",
            bearer(f"{head}.{as_admin}.{signature}"),
            ANY_USER,
            401,
        ),
        (
            "member token with role=admin added (signature kept)",
            bearer(f"{head}.{with_role}.{signature}"),
            ADMIN_ONLY,
            401,
        ),
        (
            "validly signed role=admin claim is ignored",
            bearer(sign(_claims(str(member_id), role="admin"))),
            ADMIN_ONLY,
            403,
        ),
        ("signature stripped", bearer(f"{head}.{payload}."), ANY_USER, 401),
        ("garbage", bearer("garbage"), ANY_USER, 401),
        ("three dots of garbage", bearer("a.b.c"), ANY_USER, 401),
        ("not base64", bearer("!!!.@@@.###"), ANY_USER, 401),
        ("10 kB token", bearer("A" * 10_000), ANY_USER, 401),
        ("bearer without a token", "Bearer", ANY_USER, 401),
        ("basic scheme", "Basic YWRtaW46YWRtaW4=", ANY_USER, 401),
        ("no scheme", member_token, ANY_USER, 401),
        ("valid member token (control)", bearer(member_token), ANY_USER, 200),
        (
            "valid member token on an admin-only endpoint (control)",
            bearer(member_token),
            ADMIN_ONLY,
            403,
        ),
    ]


def _enveloped(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return (
        isinstance(body, dict)
        and set(body) == {"data", "error", "status"}
        and body["status"] == response.status_code
    )


def run_jwt_attacks(
    client: httpx.Client, secret: str, admin_id: int, member_id: int, member_token: str
) -> list[Outcome]:
    outcomes = []
    for name, authorization, path, expected in attack_set(
        secret, admin_id, member_id, member_token
    ):
        response = client.get(path, headers={"Authorization": authorization})
        outcomes.append(Outcome(name, expected, response.status_code, _enveloped(response)))
    return outcomes


@dataclass
class BruteForce:
    limit: int
    statuses: list[int]
    retry_after: str | None
    enveloped: bool
    correct_password_status: int

    @property
    def ok(self) -> bool:
        wrong = self.statuses
        return (
            wrong[: self.limit] == [401] * self.limit
            and all(status == 429 for status in wrong[self.limit :])
            and len(wrong) > self.limit
            and self.retry_after is not None
            and self.enveloped
            and self.correct_password_status == 429  # the lock-out holds for the right one too
        )


def brute_force(client: httpx.Client, email: str, password: str, limit: int) -> BruteForce:
    """``limit`` + 5 wrong passwords in a row, then the right one: 401 x limit, then 429."""
    statuses, last = [], None
    for attempt in range(limit + 5):
        last = client.post(
            "/api/auth/login", json={"email": email, "password": f"wrong-guess-{attempt}"}
        )
        statuses.append(last.status_code)
    assert last is not None
    correct = client.post("/api/auth/login", json={"email": email, "password": password})
    return BruteForce(
        limit=limit,
        statuses=statuses,
        retry_after=last.headers.get("retry-after"),
        enveloped=_enveloped(last),
        correct_password_status=correct.status_code,
    )


def main() -> int:
    limit = 10
    with scratch_server(workers=1, LOGIN_ATTEMPTS_PER_MINUTE=str(limit)) as api:
        member = api.post(
            "/api/users",
            {"name": "Mallory", "email": "mallory@example.com", "password": "member-pass-1"},
        )
        with httpx.Client(base_url=api.base, timeout=30) as client:
            response = client.post(
                "/api/auth/login",
                json={"email": "mallory@example.com", "password": "member-pass-1"},
            )
            member_token = response.json()["data"]["access_token"]
            me = client.get(ANY_USER, headers=api.headers).json()["data"]
            outcomes = run_jwt_attacks(client, JWT_SECRET, me["id"], member["id"], member_token)
            forced = brute_force(client, "mallory@example.com", "member-pass-1", limit)
    print("| attack | expected | got | envelope |")
    print("|---|---|---|---|")
    for outcome in outcomes:
        mark = "" if outcome.ok else " **FAIL**"
        print(
            f"| {outcome.name} | {outcome.expected} | {outcome.status}{mark} | "
            f"{'yes' if outcome.enveloped else 'NO'} |"
        )
    print(
        f"\nlogin brute force (LOGIN_ATTEMPTS_PER_MINUTE={limit}): statuses of "
        f"{len(forced.statuses)} wrong passwords: {forced.statuses}; Retry-After: "
        f"{forced.retry_after}; then the right password: {forced.correct_password_status}"
    )
    failed = [o.name for o in outcomes if not o.ok] + ([] if forced.ok else ["brute force"])
    print("PASS" if not failed else f"FAIL: {failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
