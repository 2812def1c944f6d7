"""Unit tests: pure, no database. Hypothesis profiles and the anyio backend live here.

Pick a profile with ``HYPOTHESIS_PROFILE=ci`` (more examples, no example database, prints the
reproduction blob); the default is ``dev``.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=100,
    deadline=None,
)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
