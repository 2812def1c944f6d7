"""Profile one load scenario: py-spy samples a server worker while wrk drives it.

    uv run python -m bench.api_load.profile get_bug --seconds 15 [--native] [--out stacks.txt]

Prints the functions where the worker spends its time (inclusive share of samples, idle
excluded) and writes the collapsed stacks (flamegraph input) to --out.
"""

import argparse
import asyncio
import collections
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from bench.api_load.__main__ import LUA, Options, bare_server, run_wrk
from bench.api_load.seed import seed
from bench.api_load.server import BIN, bugtracker_server, free_port, migrate, scratch_database

SCRIPTS = {
    "board": ("board.lua", {}),
    "get_bug": ("get_bug.lua", {}),
    "add_comment": ("add_comment.lua", {}),
    "write_mix": ("write_mix.lua", {"mix": "1"}),
    "bare_one": ("bare.lua", {"BENCH_BARE": "one"}),
    "bare_many": ("bare.lua", {"BENCH_BARE": "many"}),
}
IDLE = ("select (selectors.py", "epoll", "_run_once (asyncio/base_events.py")


CATEGORIES = (
    ("psycopg (driver)", "psycopg/"),
    ("SQLAlchemy", "sqlalchemy/"),
    ("Litestar", "litestar/"),
    ("granian", "granian/"),
    ("prometheus_client", "prometheus_client/"),
    ("logging", "logging/"),
    ("pyjwt", "jwt/"),
    ("msgspec", "msgspec/"),
    ("asyncio", "asyncio/"),
    ("api/", "(api/"),
    ("application/", "(application/"),
    ("domain/", "(domain/"),
    ("infrastructure/", "(infrastructure/"),
    ("projections/", "(projections/"),
)


def categorise(stacks_file: Path) -> None:
    """Self time by library: the leaf frame's file decides (native frames count as their
    nearest Python caller)."""
    totals: collections.Counter[str] = collections.Counter()
    busy = 0
    for line in stacks_file.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        frames = [frame for frame in stack.split(";") if "(" in frame]
        if not frames or any(marker in frames[-1] for marker in IDLE):
            continue
        count = int(count_text)
        busy += count
        for frame in reversed(frames):
            found = next((name for name, marker in CATEGORIES if marker in frame), None)
            if found:
                totals[found] += count
                break
        else:
            totals["other"] += count
    print("self time by library:")
    for name, count in totals.most_common():
        print(f"  {count / busy:6.1%}  {name}")


def summarise(stacks_file: Path, top: int) -> None:
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in stacks_file.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        if any(marker in frames[-1] for marker in IDLE):
            continue
        total += count
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    print(f"{total} busy samples")
    print("inclusive:")
    for frame, count in inclusive.most_common(top):
        print(f"  {count / total:6.1%}  {frame}")
    print("self:")
    for frame, count in own.most_common(top):
        print(f"  {count / total:6.1%}  {frame}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=sorted(SCRIPTS))
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--native", action="store_true", help="include C frames")
    parser.add_argument(
        "--wall", action="store_true", help="sample every thread, not only the one holding the GIL"
    )
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "bench-profile.txt"
    )
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    script, extra = SCRIPTS[args.scenario]
    options = Options(duration=args.seconds, warmup=0, threads=2, connections=32)
    with scratch_database("bt_profile") as db_name:
        migrate(db_name)
        server = bugtracker_server(db_name, free_port(), 1)
        bare = bare_server(db_name, free_port())
        with server, bare:
            seeded = asyncio.run(seed(server.base, bugs=1000))
            first, last = seeded.board_bug_ids
            env = {
                "BENCH_TOKEN": seeded.token,
                "BENCH_IDS_FROM": str(first),
                "BENCH_IDS_TO": str(last),
                "BENCH_PROJECT": str(
                    seeded.mix_project if "mix" in extra else seeded.board_project
                ),
                "BENCH_ASSIGNEE": str(seeded.member_id),
                **{k: v for k, v in extra.items() if k.startswith("BENCH_")},
            }
            target = bare if args.scenario.startswith("bare") else server
            run_wrk(script, target.base, env, Options(2, 0, 2, 32), 2)  # warm up
            worker = target.worker_pids()[0]
            command = [str(BIN / "py-spy"), "record", "--pid", str(worker), "--format", "raw"]
            command += ["--duration", str(args.seconds), "--rate", "200", "-o", str(args.out)]
            if args.native:
                command.append("--native")
            if not args.wall:
                command.append("--gil")
            spy = threading.Thread(
                target=subprocess.run, args=(command,), kwargs={"capture_output": True}
            )
            spy.start()
            summary = run_wrk(script, target.base, env, options, args.seconds)
            spy.join()
            print({k: summary[k] for k in ("requests", "p50_us", "p99_us", "statuses")})
    print(f"stacks: {args.out} (LUA dir {LUA}, pid {os.getpid()})")
    summarise(args.out, args.top)
    categorise(args.out)


if __name__ == "__main__":
    main()
