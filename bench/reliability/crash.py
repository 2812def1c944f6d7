"""kill -9 the server again and again during a write load; nothing acknowledged may be lost.

    uv run python -m bench.reliability.crash --kills 6 --workers 2

A scratch PostgreSQL database; `bugtracker serve` (all its processes) is killed with SIGKILL at
random moments while writers walk bugs through their lifecycle (with Idempotency-Key, retrying
on connection errors), and restarted each time. Afterwards: `bugtracker projections verify`
(the read models equal a replay of the log) and a ledger check through GET /api/events: every
command that got a 2xx has its events, appended by one attempt only, and no event in the log
comes from anything but our commands. Exits 1 on any loss, duplicate, stray event, 5xx or
verify difference.
"""

import argparse
import asyncio
import random
import subprocess
import sys
import time

from bench.api_load.server import BIN, ROOT, app_environment
from bench.reliability.harness import check_ledger, read_log, scratch_server
from bench.reliability.load import WriteLoad


def verify(db_name: str) -> tuple[int, str]:
    completed = subprocess.run(
        [str(BIN / "bugtracker"), "projections", "verify"],
        env=app_environment(db_name),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return completed.returncode, (completed.stdout + completed.stderr).strip()


async def scenario(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    started = time.monotonic()
    with scratch_server(workers=args.workers) as api:
        assert api.server is not None
        server = api.server
        member = api.post(
            "/api/users", {"name": "M", "email": "m@example.com", "password": "member-pass-1"}
        )
        project = api.post("/api/projects", {"name": "Crash test"})
        baseline = read_log(api)[-1]["position"]
        load = WriteLoad(api.base, api.token, project["id"], member["id"], writers=args.writers)
        runner = asyncio.create_task(load.run())
        server.command = [*server.command, "--no-migrate"]
        downtime = []
        for kill in range(args.kills):
            await asyncio.sleep(rng.uniform(0.5, 1.5) * args.seconds_per_kill)
            acknowledged = len(load.acknowledged_at)
            server.kill9()
            down = time.monotonic()
            await asyncio.sleep(0.2)
            await asyncio.to_thread(server.start)
            downtime.append(time.monotonic() - down)
            print(
                f"  kill -9 #{kill + 1}: {acknowledged} commands acknowledged before it; "
                f"back in {downtime[-1]:.1f}s",
                flush=True,
            )
        await asyncio.sleep(args.seconds_per_kill)  # a last stretch on a healthy server
        load.stop.set()
        await runner
        code, output = verify(api.db_name)
        events = read_log(api, after=baseline)
        ledger = check_ledger(load.commands, events)
    print(
        f"\n{args.kills} kills in {time.monotonic() - started:.0f}s, {args.writers} writers, "
        f"{args.workers} worker(s); {len(load.commands)} commands, {len(events)} events appended"
    )
    print(f"load: {load.stats.summary()}")
    print(f"ledger: {ledger.summary()}")
    print(f"projections verify: exit {code}: {output.splitlines()[-1] if output else ''}")
    failures = []
    if load.stats.statuses.get(500) or load.stats.server_errors:
        failures.append(f"5xx answers: {load.stats.server_errors[:3]}")
    if any(isinstance(k, int) and k >= 500 for k in load.stats.statuses):
        failures.append("5xx seen")
    if not ledger.ok:
        failures.append("ledger mismatch")
    if code != 0:
        failures.append("projections verify found differences")
    if ledger.acknowledged == 0:
        failures.append("no command was acknowledged: the load did not run")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seconds-per-kill", type=float, default=3.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    return asyncio.run(scenario(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
