"""The JWT attack set (alg none, wrong key, expired, tampered claims, garbage) is refused with
401 envelopes, a signed role claim grants nothing, and login guessing hits 429 after the limit.
The same set runs against a real server in bench/reliability/attacks.py."""

from collections.abc import Iterator

import pytest

from bench.reliability.attacks import brute_force, run_jwt_attacks
from tests.api.conftest import JWT_SECRET, Api, create_database, drop_database, running_api

pytestmark = pytest.mark.integration

LIMIT = 5


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    name, url = create_database()
    try:
        yield from running_api(url, LOGIN_ATTEMPTS_PER_MINUTE=str(LIMIT))
    finally:
        drop_database(name)


def test_every_token_attack_is_refused_with_an_envelope(api: Api) -> None:
    member = api.create_user("Mallory")
    admin_id = api.as_admin("GET", "/api/auth/me").json()["data"]["id"]
    outcomes = run_jwt_attacks(api.client, JWT_SECRET, admin_id, member["id"], member["token"])
    failed = [(o.name, o.expected, o.status, o.enveloped) for o in outcomes if not o.ok]
    assert failed == []
    assert len(outcomes) >= 20


def test_login_guessing_is_throttled_after_the_limit(api: Api) -> None:
    member = api.create_user("Guessed")
    forced = brute_force(api.client, member["email"], member["password"], LIMIT)
    assert forced.statuses == [401] * LIMIT + [429] * 5
    assert forced.retry_after is not None
    assert int(forced.retry_after) > 0
    assert forced.enveloped
    assert forced.correct_password_status == 429
