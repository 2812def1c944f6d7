"""The only places that read the wall clock and draw random ids."""

import uuid
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UuidIdGenerator:
    def new_id(self) -> str:
        return uuid.uuid4().hex
