"""Schemathesis against the app's own OpenAPI schema, a small budget: no 5xx, every response
matches its documented schema, status and content type. bench/reliability/fuzz.py runs the
same with 2,000+ requests."""

from collections.abc import Iterator

import pytest

from bench.reliability.fuzz import fuzz, seed_data
from bench.reliability.harness import Api, scratch_server

pytestmark = pytest.mark.integration

BUDGET = 200


@pytest.fixture(scope="module")
def served() -> Iterator[Api]:
    with scratch_server(workers=1) as api:
        seed_data(api)
        yield api


def test_generated_requests_get_documented_answers_and_no_server_errors(served: Api) -> None:
    member = served.create_member("fuzz-member@example.com", "member-pass-1")
    report = fuzz(served, {"admin": served.token, "member": member}, BUDGET, rng_seed=11)
    assert report.requests >= BUDGET
    assert report.server_errors == 0, report.summary()
    assert report.failures == {}, report.summary()
