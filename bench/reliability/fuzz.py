"""Schemathesis against the app's own OpenAPI schema, as admin and as member.

    uv run python -m bench.reliability.fuzz --requests 2000

Starts `bugtracker serve` on a scratch PostgreSQL database, seeds a project, bugs and a
comment (so generated ids sometimes hit real resources), then sends generated requests (valid
and invalid data) to every operation with each role's token and checks every response: no 5xx
(not_a_server_error), the body matches the documented schema for its status
(response_schema_conformance), the status code is documented (status_code_conformance) and
the content type is the documented one (content_type_conformance). Exits 1 on any failure.
"""

import argparse
import collections
import contextlib
import functools
import math
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.reliability.harness import Api, scratch_server

CHECKS = {
    "not_a_server_error": not_a_server_error,
    "response_schema_conformance": response_schema_conformance,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
}
# Operations that would end the run for everyone: never log the fuzzing accounts out of
# their own roles (an admin demoting or blocking themselves is refused by the app anyway).
SKIPPED: set[str] = set()


@dataclass
class FuzzReport:
    requests: int = 0
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    failures: dict[str, list[str]] = field(default_factory=dict)
    per_operation: collections.Counter[str] = field(default_factory=collections.Counter)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def failed(self, check: str, operation: str, detail: str) -> None:
        self.failures.setdefault(check, [])
        if len(self.failures[check]) < 20:
            self.failures[check].append(f"{operation}: {detail}")

    def failure_count(self) -> int:
        return sum(len(items) for items in self.failures.values())

    def summary(self) -> str:
        lines = [
            f"{self.requests} requests over {len(self.per_operation)} operation/role pairs; "
            f"statuses {dict(sorted(self.statuses.items()))}",
            f"server errors (5xx): {self.server_errors}",
        ]
        for check in CHECKS:
            found = self.failures.get(check, [])
            lines.append(f"{check}: {len(found)} failure(s)")
            lines.extend(f"    {item}" for item in found[:10])
        return "\n".join(lines)


def fuzz(
    api: Api,
    tokens: dict[str, str],
    budget: int,
    *,
    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
    rng_seed: int = 7,
    progress: Callable[[str], None] | None = None,
) -> FuzzReport:
    """Spread ``budget`` generated requests over every operation, role and generation mode."""
    schema = schemathesis.openapi.from_url(api.base + "/api/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    operations = [op for op in operations if op.label not in SKIPPED]
    per_case = max(1, math.ceil(budget / (len(operations) * len(tokens) * len(modes))))
    report = FuzzReport()
    rounds = 0
    while report.requests < budget and rounds < 10:  # Hypothesis may draw fewer than asked
        _fuzz_round(api, tokens, operations, modes, per_case, rng_seed + rounds, report, progress)
        rounds += 1
    return report


def _fuzz_round(
    api: Api,
    tokens: dict[str, str],
    operations: list[Any],
    modes: tuple[GenerationMode, ...],
    per_case: int,
    rng_seed: int,
    report: FuzzReport,
    progress: Callable[[str], None] | None,
) -> None:
    for role, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        for operation in operations:
            name = operation.definition.raw.get("operationId") or operation.label
            if name == "streamEvents":
                continue  # a never-ending SSE response: covered by tests/api/test_live_feed.py
            for mode in modes:
                run = _fuzz_test(
                    operation.as_strategy(generation_mode=mode),
                    functools.partial(_exchange, api, report, f"{role} {name}", headers),
                    per_case,
                    rng_seed,
                )
                with warnings.catch_warnings(), contextlib.suppress(Unsatisfiable):
                    # Unsatisfiable: nothing in this operation can be made invalid (negative).
                    warnings.simplefilter("ignore")
                    run()
            if progress:
                progress(f"{role} {name}: {report.requests} requests so far")


def _fuzz_test(
    strategy: Any, body: Callable[[Any], None], examples: int, rng_seed: int
) -> Callable[[], None]:
    @seed(rng_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        body(case)

    return run


def _exchange(api: Api, report: FuzzReport, label: str, headers: dict[str, str], case: Any) -> None:
    response = case.call(base_url=api.base, headers=headers, timeout=30)
    report.requests += 1
    report.per_operation[label] += 1
    report.statuses[response.status_code] += 1
    for check_name, check in CHECKS.items():
        try:
            case.validate_response(response, checks=[check])
        except (Exception, BaseExceptionGroup) as error:  # a FailureGroup naming the problem
            text = " ".join(str(error).split())[:300]
            report.failed(
                check_name,
                f"{label} {case.method} {case.formatted_path}",
                f"{response.status_code} {text}",
            )


def seed_data(api: Api) -> None:
    """A few real resources, so generated ids 1..3 often exist."""
    project = api.post("/api/projects", {"name": "Fuzzed"})
    for index in range(3):
        bug = api.post(
            "/api/bugs",
            {"project_id": project["id"], "title": f"Fuzz {index}", "description": "seed"},
        )
        api.post(f"/api/bugs/{bug['id']}/comments", {"text": "seed comment"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="request budget (at least)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.monotonic()
    with scratch_server(workers=1) as api:
        seed_data(api)
        member = api.create_member("fuzz-member@example.com", "member-pass-1")
        tokens = {"admin": api.token, "member": member}
        report = fuzz(api, tokens, args.requests, rng_seed=args.seed)
        with httpx.Client(base_url=api.base, timeout=10) as client:
            alive = client.get("/api/health").status_code == 200
    print(report.summary())
    print(f"server still healthy: {alive}; {time.monotonic() - started:.0f}s")
    bad = report.server_errors or report.failure_count() or not alive
    print("FAIL" if bad else "PASS")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
