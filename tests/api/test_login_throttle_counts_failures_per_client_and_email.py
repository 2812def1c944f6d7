"""The login throttle on its own, with a fake clock and fake client addresses."""

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import pytest
from litestar import Request
from litestar.exceptions import TooManyRequestsException

from api.throttle import WINDOW_SECONDS, LoginThrottle


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def from_address(host: str) -> Request[Any, Any, Any]:
    return cast("Request[Any, Any, Any]", SimpleNamespace(client=SimpleNamespace(host=host)))


def attempt(throttle: LoginThrottle, host: str, email: str) -> None:
    asyncio.run(throttle.check(from_address(host), email))


def test_one_email_is_throttled_across_client_addresses() -> None:
    throttle = LoginThrottle(3, clock=FakeClock())
    for n in range(3):
        attempt(throttle, f"10.0.0.{n}", "victim@example.com")

    with pytest.raises(TooManyRequestsException):
        attempt(throttle, "10.0.0.99", "VICTIM@example.com ")


def test_one_client_is_throttled_across_emails() -> None:
    throttle = LoginThrottle(3, clock=FakeClock())
    for n in range(3):
        attempt(throttle, "10.0.0.1", f"user{n}@example.com")

    with pytest.raises(TooManyRequestsException) as refused:
        attempt(throttle, "10.0.0.1", "someone-else@example.com")

    assert refused.value.headers is not None
    assert int(refused.value.headers["Retry-After"]) in range(1, int(WINDOW_SECONDS) + 2)


def test_attempts_expire_after_the_window() -> None:
    clock = FakeClock()
    throttle = LoginThrottle(2, clock=clock)
    attempt(throttle, "10.0.0.1", "a@example.com")
    attempt(throttle, "10.0.0.1", "a@example.com")

    clock.now += WINDOW_SECONDS + 0.1

    attempt(throttle, "10.0.0.1", "a@example.com")


def test_a_success_clears_the_email_and_does_not_count_for_the_client() -> None:
    throttle = LoginThrottle(2, clock=FakeClock())
    request = from_address("10.0.0.1")
    for _ in range(5):
        asyncio.run(throttle.check(request, "me@example.com"))
        throttle.succeeded(request, "me@example.com")

    attempt(throttle, "10.0.0.1", "me@example.com")
    attempt(throttle, "10.0.0.1", "me@example.com")
    with pytest.raises(TooManyRequestsException):
        attempt(throttle, "10.0.0.1", "me@example.com")
