"""Helpers for API tests that need an app of their own (other settings, a fresh database)."""

import contextlib
from collections.abc import Iterator

from tests.api.conftest import Api, create_database, drop_database, running_api


@contextlib.contextmanager
def fresh_api(**overrides: str) -> Iterator[Api]:
    """The real app on its own new database, with some settings changed."""
    name, url = create_database()
    try:
        with contextlib.contextmanager(running_api)(url, **overrides) as api:
            yield api
    finally:
        drop_database(name)
