"""Liveness (the process answers) and readiness (database, migrations, projections)."""

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency

from api import openapi
from api.envelope import Envelope, ok
from api.wiring import Wiring
from infrastructure.migrate import current_revision, head_revision
from projections.status import projection_lag


class HealthView(msgspec.Struct, kw_only=True):
    status: str


class ReadinessView(msgspec.Struct, kw_only=True):
    status: str
    database: bool
    migrations_at_head: bool
    projections_caught_up: bool
    head_position: int | None


class HealthController(Controller):
    path = "/api"
    tags = ["health"]

    @get("/health", operation_id="health", responses=openapi.PUBLIC_READ)
    async def health(self) -> Response[Envelope[HealthView]]:
        return ok(HealthView(status="ok"))

    @get("/ready", operation_id="ready", responses=openapi.PUBLIC_READ)
    async def ready(self, wiring: NamedDependency[Wiring]) -> Response[Envelope[ReadinessView]]:
        report = await check_readiness(wiring)
        if report.status == "ready":
            return ok(report)
        return Response(
            Envelope(data=report, error=f"Not ready: {report.status}", status=503),
            status_code=503,
        )


async def check_readiness(wiring: Wiring) -> ReadinessView:
    try:
        head = await wiring.store.head_position()
        revision = await current_revision(wiring.settings.database_url)
        lag = await projection_lag(wiring.engine, head)
    except Exception:  # any failure to reach the database means "not ready"
        return ReadinessView(
            status="database unreachable",
            database=False,
            migrations_at_head=False,
            projections_caught_up=False,
            head_position=None,
        )
    at_head = revision == head_revision()
    caught_up = all(behind == 0 for behind in lag.values())
    status = "ready"
    if not at_head:
        status = "migrations pending"
    elif not caught_up:
        status = "projections behind"
    return ReadinessView(
        status=status,
        database=True,
        migrations_at_head=at_head,
        projections_caught_up=caught_up,
        head_position=head,
    )
