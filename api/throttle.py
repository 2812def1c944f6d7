"""Login throttling per client address and per email (failed attempts since the last success).

Counts live in process memory: with N workers the effective limit is up to N times higher,
which still turns an online guessing attack from thousands of tries per minute into a handful.
"""

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.exceptions import TooManyRequestsException

WINDOW_SECONDS = 60.0
MAX_TRACKED_KEYS = 100_000


class LoginThrottle:
    def __init__(
        self, attempts_per_minute: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limit = attempts_per_minute
        self._clock = clock
        self._attempts: dict[str, deque[float]] = {}

    async def check(self, request: Request[Any, Any, Any], email: str) -> None:
        """Count this attempt up front (so a parallel burst is throttled too); 429 when over."""
        keys = (_client_key(request), _email_key(email))
        now = self._clock()
        retry_after = max(self._retry_after(key, now) for key in keys)
        if retry_after > 0:
            raise TooManyRequestsException(
                detail="Too many login attempts: wait a minute and try again",
                headers={"Retry-After": str(int(retry_after) + 1)},
            )
        for key in keys:
            self._record(key, now)

    def succeeded(self, request: Request[Any, Any, Any], email: str) -> None:
        """A success clears the email's failures and takes back this attempt from the client's
        count, so people sharing an address (an office behind NAT) are not throttled for
        logging in; only failures accumulate."""
        self._attempts.pop(_email_key(email), None)
        attempts = self._attempts.get(_client_key(request))
        if attempts:
            attempts.pop()

    def _retry_after(self, key: str, now: float) -> float:
        attempts = self._attempts.get(key)
        if attempts is None:
            return 0.0
        while attempts and attempts[0] <= now - WINDOW_SECONDS:
            attempts.popleft()
        if len(attempts) < self._limit:
            return 0.0
        return attempts[0] + WINDOW_SECONDS - now

    def _record(self, key: str, now: float) -> None:
        if key not in self._attempts and len(self._attempts) >= MAX_TRACKED_KEYS:
            self._attempts.clear()  # bounded memory under a flood of distinct keys
        self._attempts.setdefault(key, deque()).append(now)


def _client_key(request: Request[Any, Any, Any]) -> str:
    return f"client:{request.client.host if request.client else 'unknown'}"


def _email_key(email: str) -> str:
    return f"email:{email.strip().lower()}"
