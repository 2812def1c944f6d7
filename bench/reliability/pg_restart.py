"""Stop and restart PostgreSQL under load: 503 envelopes while it is down, recovery by itself,
no 500s, nothing lost.

    uv run python -m bench.reliability.pg_restart --restarts 2 --down 5

By default the script runs its own throwaway PostgreSQL 15 cluster (initdb in a temporary
directory, on a free loopback port) so that other people's databases on this machine are not
disturbed; `--system-cluster` restarts the machine's 15/main with pg_ctlcluster instead.
Writers walk bugs through their lifecycle (Idempotency-Key, retrying after 503s and connection
errors) and readers fetch the board and bug lists. PostgreSQL is stopped (fast shutdown), kept
down for --down seconds, and started again; the server process is never touched. Afterwards:
`bugtracker projections verify` and the ledger check through GET /api/events. Exits 1 on any
5xx other than 503, any 503 that is not an envelope, no 503 seen while down, no recovery within
30 s, or any lost/duplicated/stray event.
"""

import argparse
import asyncio
import collections
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.api_load import server as servers
from bench.reliability.crash import verify
from bench.reliability.harness import Api, check_ledger, read_log, scratch_server
from bench.reliability.load import WriteLoad, _is_envelope

PG_BIN = Path("/usr/lib/postgresql/15/bin")


@dataclass
class Cluster:
    """A PostgreSQL cluster to stop and start: a private one, or the system's 15/main."""

    port: int
    directory: Path | None = None

    def _pg_ctl(self, *args: str) -> None:
        assert self.directory is not None
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.directory), *args]
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def stop(self) -> None:
        if self.directory is None:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "stop", "-m", "fast"],
                check=True,
                timeout=120,
            )
        else:
            self._pg_ctl("stop", "-m", "fast", "-w")

    def start(self) -> None:
        if self.directory is None:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"],
                check=True,
                timeout=120,
            )
        else:
            options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            self._pg_ctl("start", "-w", "-l", str(self.directory / "log"), "-o", options)


@contextlib.contextmanager
def private_cluster() -> Iterator[Cluster]:
    root = Path(tempfile.mkdtemp(prefix="bt-pg-"))
    directory = root / "data"
    shutil.chown(root, "postgres", "postgres")
    subprocess.run(
        [
            *("runuser", "-u", "postgres", "--", str(PG_BIN / "initdb"), "-D", str(directory)),
            *("-A", "trust", "-U", "postgres", "--no-sync"),
        ],
        check=True,
        capture_output=True,
    )
    cluster = Cluster(servers.free_port(), directory)
    cluster.start()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            cluster._pg_ctl("stop", "-m", "immediate", "-w")
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Reads:
    statuses: collections.Counter[int | str] = field(default_factory=collections.Counter)
    server_errors: list[str] = field(default_factory=list)
    bad_envelopes: list[str] = field(default_factory=list)
    timeline: list[tuple[float, int | str]] = field(default_factory=list)


async def reader(api: Api, project_id: int, reads: Reads, stop: asyncio.Event) -> None:
    paths = [
        f"/api/projects/{project_id}/board",
        f"/api/bugs?project_id={project_id}",
        "/api/auth/me",
    ]
    async with httpx.AsyncClient(base_url=api.base, headers=api.headers, timeout=10) as client:
        index = 0
        while not stop.is_set():
            path = paths[index % len(paths)]
            index += 1
            try:
                response = await client.get(path)
            except httpx.TransportError as error:
                reads.statuses[type(error).__name__] += 1
                reads.timeline.append((time.monotonic(), type(error).__name__))
                await asyncio.sleep(0.1)
                continue
            status = response.status_code
            reads.statuses[status] += 1
            reads.timeline.append((time.monotonic(), status))
            if status == 503 and not _is_envelope(response, 503):
                reads.bad_envelopes.append(f"GET {path}: {response.text[:200]}")
            elif status >= 500 and status != 503:
                reads.server_errors.append(f"GET {path}: {status} {response.text[:300]}")
            await asyncio.sleep(0.05)


async def scenario(args: argparse.Namespace, cluster: Cluster) -> int:
    started = time.monotonic()
    failures: list[str] = []
    log_path = Path(tempfile.gettempdir()) / f"bt-pg-restart-{os.getpid()}.log"
    with scratch_server(workers=args.workers, log_path=log_path) as api:
        member = api.post(
            "/api/users", {"name": "M", "email": "m@example.com", "password": "member-pass-1"}
        )
        project = api.post("/api/projects", {"name": "Restart test"})
        baseline = read_log(api)[-1]["position"]
        load = WriteLoad(api.base, api.token, project["id"], member["id"], writers=args.writers)
        reads = Reads()
        runner = asyncio.create_task(load.run())
        reading = asyncio.create_task(reader(api, project["id"], reads, load.stop))
        for restart in range(args.restarts):
            await asyncio.sleep(args.up)
            before = len(load.acknowledged_at)
            await asyncio.to_thread(cluster.stop)
            stopped = time.monotonic()
            await asyncio.sleep(args.down)
            await asyncio.to_thread(cluster.start)
            restarted = time.monotonic()
            for _ in range(600):  # up to 30 s for the first write acknowledged after the start
                if any(t > restarted for t in load.acknowledged_at):
                    break
                await asyncio.sleep(0.05)
            recovered = [t for t in load.acknowledged_at if t > restarted]
            during = collections.Counter(s for t, s in reads.timeline if stopped < t < restarted)
            recovery = f"{recovered[0] - restarted:.1f}s" if recovered else "NOT within 30s"
            print(
                f"  restart #{restart + 1}: {before} commands acknowledged before; reads while "
                f"down: {dict(during)}; first acknowledged write {recovery} after PostgreSQL "
                f"was back",
                flush=True,
            )
            if not recovered:
                failures.append(f"restart #{restart + 1}: writes did not recover within 30s")
            if not during.get(503):
                failures.append(f"restart #{restart + 1}: no 503 answer while PostgreSQL was down")
        await asyncio.sleep(args.up)
        load.stop.set()
        await asyncio.gather(runner, reading)
        async with httpx.AsyncClient(base_url=api.base, timeout=10) as client:
            ready = (await client.get("/api/ready")).status_code
        code, output = verify(api.db_name)
        events = read_log(api, after=baseline)
        ledger = check_ledger(load.commands, events)
    print(
        f"\n{args.restarts} PostgreSQL restarts ({args.down:.0f}s down each) in "
        f"{time.monotonic() - started:.0f}s, {args.writers} writers + 1 reader, {args.workers} "
        f"worker(s); {len(load.commands)} commands, {len(events)} events appended"
    )
    print(f"writes: {load.stats.summary()}")
    print(
        f"reads: {dict(sorted(reads.statuses.items(), key=str))}; 5xx other than 503: "
        f"{len(reads.server_errors)}; 503 without an envelope: {len(reads.bad_envelopes)}"
    )
    print(f"ledger: {ledger.summary()}")
    print(f"GET /api/ready after the run: {ready}")
    print(f"projections verify: exit {code}: {output.splitlines()[-1] if output else ''}")
    for label, items in (
        ("write answered 5xx (not 503)", load.stats.server_errors),
        ("read answered 5xx (not 503)", reads.server_errors),
        ("503 without an envelope", load.stats.bad_envelopes + reads.bad_envelopes),
    ):
        if items:
            failures.append(f"{label}: {len(items)}, e.g. {items[0]}")
    if not ledger.ok:
        failures.append("ledger mismatch")
    if code != 0:
        failures.append("projections verify found differences")
    if ready != 200:
        failures.append(f"/api/ready answered {ready} after the run")
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        print(f"server log: {log_path}")
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=2)
    parser.add_argument("--down", type=float, default=5.0, help="seconds PostgreSQL stays down")
    parser.add_argument("--up", type=float, default=4.0, help="seconds of load between restarts")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--system-cluster",
        action="store_true",
        help="restart the machine's PostgreSQL 15/main (disturbs everyone using it)",
    )
    args = parser.parse_args()
    if args.system_cluster:
        return asyncio.run(scenario(args, Cluster(5432)))
    with private_cluster() as cluster:
        servers.PG_ADMIN_DSN = f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres"
        return asyncio.run(scenario(args, cluster))


if __name__ == "__main__":
    sys.exit(main())
