"""API load benchmark: wrk against `bugtracker serve` on PostgreSQL, calibrated in the same run.

    uv run python -m bench.api_load                    # 1 and 2 workers, 10 s per scenario
    uv run python -m bench.api_load --workers 1 --duration 5 --only get_bug

For each worker count: a fresh database, the server, a seeded 1,000-bug project, and the bare
calibration app (bench/api_load/bare.py, 1 granian worker, same database) measured first. Each
scenario gets a short warm-up, then a measured wrk run (2 threads x 32 connections by default).
Prints requests/s, p50/p99 latency, non-2xx counts, server CPU ms per request (the whole process
tree, from /proc), PostgreSQL CPU ms per request, the ratio to the calibration line and the
target, and RSS per worker after the runs.
"""

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from bench.api_load.seed import Seeded, seed
from bench.api_load.server import (
    BIN,
    Server,
    bugtracker_server,
    database_url,
    free_port,
    migrate,
    postgres_cpu,
    postgres_cpu_since,
    scratch_database,
)

LUA = Path(__file__).parent / "lua"


@dataclass
class Result:
    name: str
    workers: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    statuses: dict[str, int]
    socket_errors: int
    cpu_ms: float
    pg_cpu_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Target:
    """``ratio`` of the calibration line named ``bare``, or an absolute ``rps``."""

    rps: float | None = None
    bare: str | None = None
    ratio: float | None = None
    p99_ms: float | None = None


TARGETS = {
    "board": Target(bare="bare_many", ratio=0.60),
    "get_bug": Target(bare="bare_one", ratio=0.85, p99_ms=100.0),
    "add_comment": Target(rps=480),
    "write_mix": Target(rps=450),
}

DESCRIPTIONS = {
    "bare_one": "calibration: bare Litestar, 1 row",
    "bare_many": "calibration: bare Litestar, 1,000 rows",
    "board": "(a) board, 1,000-bug project",
    "get_bug": "(b) get one bug (detail)",
    "add_comment": "(c) add comment",
    "write_mix": "(d) write mix (7 commands/bug)",
    "conflict": "(e) all connections retitle one bug",
}


@dataclass
class Options:
    duration: int
    warmup: int
    threads: int
    connections: int
    only: set[str] = field(default_factory=set)


def run_wrk(
    script: str, base: str, env: dict[str, str], options: Options, seconds: int
) -> dict[str, object]:
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA / script),
        base,
    ]
    full_env = {
        **os.environ,
        **env,
        "BENCH_LUA_DIR": str(LUA),
        "BENCH_THREADS": str(options.threads),
    }
    completed = subprocess.run(
        command, env=full_env, capture_output=True, text=True, check=True, timeout=seconds + 60
    )
    if completed.stderr and os.environ.get("BENCH_DEBUG"):
        print("\n".join(completed.stderr.splitlines()[:10]), file=sys.stderr)
    match = re.search(r"^BENCH_JSON (.*)$", completed.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"wrk printed no summary:\n{completed.stdout}\n{completed.stderr}")
    summary: dict[str, object] = json.loads(match.group(1))
    return summary


def measure(
    name: str,
    script: str,
    server: Server,
    workers: int,
    env: dict[str, str],
    options: Options,
) -> Result:
    if options.warmup:
        run_wrk(script, server.base, env, options, options.warmup)
    cpu_before, pg_before = server.cpu_seconds(), postgres_cpu()
    summary = run_wrk(script, server.base, env, options, options.duration)
    cpu = server.cpu_seconds() - cpu_before
    pg_cpu = postgres_cpu_since(pg_before)
    requests = int(summary["requests"])  # type: ignore[call-overload]
    errors: dict[str, int] = summary["errors"]  # type: ignore[assignment]
    statuses: dict[str, int] = summary["statuses"]  # type: ignore[assignment]
    if statuses:
        non_2xx = sum(n for status, n in statuses.items() if not status.startswith("2"))
    else:
        non_2xx = errors["status"]
    result = Result(
        name=name,
        workers=workers,
        requests=requests,
        seconds=int(summary["duration_us"]) / 1e6,  # type: ignore[call-overload]
        p50_ms=int(summary["p50_us"]) / 1000,  # type: ignore[call-overload]
        p99_ms=int(summary["p99_us"]) / 1000,  # type: ignore[call-overload]
        non_2xx=non_2xx,
        statuses=dict(sorted(statuses.items())),
        socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        cpu_ms=cpu * 1000 / requests if requests else 0.0,
        pg_cpu_ms=pg_cpu * 1000 / requests if requests else 0.0,
    )
    print(
        f"  {name:<12} {result.rps:>8.0f} req/s  p50 {result.p50_ms:6.1f} ms  "
        f"p99 {result.p99_ms:6.1f} ms  non-2xx {result.non_2xx:>6} {result.statuses or ''}  "
        f"cpu {result.cpu_ms:.2f} ms/req  pg {result.pg_cpu_ms:.2f} ms/req",
        flush=True,
    )
    return result


def bare_server(db_name: str, port: int) -> Server:
    command = [
        str(BIN / "granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "bench.api_load.bare:app",
    ]
    env = {**os.environ, "BARE_DSN": database_url(db_name)}
    return Server(command, port, env, health_path="/health")


def run_config(workers: int, options: Options) -> tuple[list[Result], list[float]]:
    print(f"\n== {workers} worker(s)", flush=True)
    results: list[Result] = []
    with scratch_database("bt_load") as db_name:
        migrate(db_name)
        server = bugtracker_server(db_name, free_port(), workers)
        bare = bare_server(db_name, free_port())
        with server, bare:
            started = time.perf_counter()
            seeded: Seeded = asyncio.run(seed(server.base))
            shown = msgspec.structs.replace(seeded, token="...")
            print(f"  seeded in {time.perf_counter() - started:.1f}s: {shown}", flush=True)
            first, last = seeded.board_bug_ids
            common = {
                "BENCH_TOKEN": seeded.token,
                "BENCH_IDS_FROM": str(first),
                "BENCH_IDS_TO": str(last),
                "BENCH_PROJECT": str(seeded.board_project),
                "BENCH_ASSIGNEE": str(seeded.member_id),
            }
            plan: list[tuple[str, str, Server, dict[str, str]]] = [
                ("bare_one", "bare.lua", bare, {"BENCH_BARE": "one"}),
                ("bare_many", "bare.lua", bare, {"BENCH_BARE": "many"}),
                ("board", "board.lua", server, {}),
                ("get_bug", "get_bug.lua", server, {}),
                ("add_comment", "add_comment.lua", server, {}),
                ("write_mix", "write_mix.lua", server, {"BENCH_PROJECT": str(seeded.mix_project)}),
                (
                    "conflict",
                    "conflict.lua",
                    server,
                    {"BENCH_IDS_FROM": str(seeded.conflict_bug)},
                ),
            ]
            for name, script, target, extra in plan:
                if options.only and name not in options.only:
                    continue
                results.append(
                    measure(
                        name,
                        script,
                        target,
                        workers if target is server else 1,
                        {**common, **extra},
                        options,
                    )
                )
            rss = server.worker_rss_mb()
            print(f"  RSS per worker after the runs: {', '.join(f'{r:.0f} MB' for r in rss)}")
    return results, rss


def verdict(result: Result, bare: dict[str, Result]) -> tuple[str, str]:
    target = TARGETS.get(result.name)
    ratio = ""
    if target and target.bare and target.bare in bare:
        ratio = f"{result.rps / bare[target.bare].rps:.0%}"
    if target is None:
        return ratio, ""
    ok = True
    wanted = []
    if target.rps is not None:
        ok &= result.rps >= target.rps
        wanted.append(f">= {target.rps:.0f}/s")
    if target.ratio is not None and target.bare in bare:
        ok &= result.rps >= target.ratio * bare[target.bare].rps
        wanted.append(f">= {target.ratio:.0%}")
    if target.p99_ms is not None:
        ok &= result.p99_ms < target.p99_ms
        wanted.append(f"p99 < {target.p99_ms:.0f} ms")
    return ratio, f"{'met' if ok else 'MISSED'} ({', '.join(wanted)})"


def print_table(all_results: list[Result], rss: dict[int, list[float]], options: Options) -> None:
    print(
        f"\nwrk -t{options.threads} -c{options.connections} -d{options.duration}s "
        f"(after a {options.warmup}s warm-up); CPU = server process tree, ms per request"
    )
    print(
        "| scenario | workers | req/s | p50 ms | p99 ms | non-2xx | server CPU ms/req "
        "| PG CPU ms/req | vs bare | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for workers in sorted({r.workers for r in all_results if not r.name.startswith("bare")}):
        rows = [r for r in all_results if r.workers == workers or r.name.startswith("bare")]
        bare = {r.name: r for r in rows if r.name.startswith("bare") and r in config_of(workers)}
        for result in rows:
            if result.name.startswith("bare") and result not in config_of(workers):
                continue
            ratio, target = verdict(result, bare)
            shown = "1 (bare)" if result.name.startswith("bare") else str(result.workers)
            codes = ", ".join(f"{k}: {v}" for k, v in result.statuses.items() if k[0] != "2")
            non_2xx = f"{result.non_2xx}" + (f" ({codes})" if codes else "")
            if result.socket_errors:
                non_2xx += f" +{result.socket_errors} socket errors"
            print(
                f"| {DESCRIPTIONS[result.name]} | {shown} | {result.rps:,.0f} | "
                f"{result.p50_ms:.1f} | {result.p99_ms:.1f} | {non_2xx} | {result.cpu_ms:.2f} | "
                f"{result.pg_cpu_ms:.2f} | {ratio} | {target} |"
            )
    for workers, sizes in sorted(rss.items()):
        verdict_rss = "met" if sizes and max(sizes) < 200 else "MISSED"
        print(
            f"\nRSS per worker after the runs, {workers} worker(s): "
            f"{', '.join(f'{size:.0f} MB' for size in sizes)} ({verdict_rss}: < 200 MB)",
            end="",
        )
    print()


_CONFIG_RESULTS: dict[int, list[Result]] = {}


def config_of(workers: int) -> list[Result]:
    return _CONFIG_RESULTS.get(workers, [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per scenario")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", nargs="*", default=[], choices=sorted(DESCRIPTIONS))
    args = parser.parse_args()
    options = Options(args.duration, args.warmup, args.threads, args.connections, set(args.only))
    if subprocess.run(["which", "wrk"], capture_output=True).returncode:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    print(f"API load benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
    all_results: list[Result] = []
    rss: dict[int, list[float]] = {}
    for workers in args.workers:
        results, sizes = run_config(workers, options)
        _CONFIG_RESULTS[workers] = results
        all_results.extend(results)
        rss[workers] = sizes
    print_table(all_results, rss, options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
