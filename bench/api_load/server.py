"""Start, measure and stop server processes on loopback: `bugtracker serve` or any granian app.

CPU time and memory come from /proc: the sum of utime + stime over the server's whole process
tree (granian's supervisor and its workers), and VmRSS of each worker.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

PG_ADMIN_DSN = os.environ.get(
    "BENCH_PG_ADMIN_DSN",
    os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"),
)
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ADMIN_EMAIL = "bench-admin@example.com"
ADMIN_PASSWORD = "bench-admin-password-1"
JWT_SECRET = "bench-jwt-secret-" + "k" * 40


def database_url(name: str) -> str:
    return PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"


def create_database(prefix: str = "bt_bench") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(name: str) -> None:
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextlib.contextmanager
def scratch_database(prefix: str = "bt_bench", keep: bool = False) -> Iterator[str]:
    """A fresh PostgreSQL database (its name), dropped afterwards unless ``keep``."""
    name = create_database(prefix)
    try:
        yield name
    finally:
        if not keep:
            with contextlib.suppress(psycopg.Error):
                drop_database(name)


def app_environment(db_name: str, **extra: str) -> dict[str, str]:
    """Environment for `bugtracker serve` on PostgreSQL, production mode, quiet logs."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(db_name),
            "JWT_SECRET_KEY": JWT_SECRET,
            "ADMIN_EMAIL": ADMIN_EMAIL,
            "ADMIN_PASSWORD": ADMIN_PASSWORD,
            "ADMIN_NAME": "Bench Admin",
            "DEBUG": "false",
            "LOGIN_ATTEMPTS_PER_MINUTE": "100000",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update(extra)
    return env


def read_proc(pid: int, name: str) -> str | None:
    try:
        return Path(f"/proc/{pid}/{name}").read_text()
    except OSError:
        return None


def children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = read_proc(int(entry.name), "stat")
        if stat is None:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_tree(root: int) -> list[int]:
    tree = children_map()
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(tree.get(pid, []))
    return found


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (children that exited are not included)."""
    stat = read_proc(pid, "stat")
    if stat is None:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid: int) -> float:
    status = read_proc(pid, "status") or ""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def postgres_cpu() -> dict[int, float]:
    """CPU seconds of each PostgreSQL process now (backends come and go: diff per pid)."""
    found: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            comm = read_proc(int(entry.name), "comm")
            if comm is not None and comm.strip() == "postgres":
                found[int(entry.name)] = cpu_seconds(int(entry.name))
    return found


def postgres_cpu_since(before: dict[int, float]) -> float:
    """CPU PostgreSQL used since ``before`` (processes that exited meanwhile are not counted)."""
    return sum(now - before.get(pid, 0.0) for pid, now in postgres_cpu().items())


def wait_http(
    url: str, timeout: float = 60.0, process: "subprocess.Popen[bytes] | None" = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer 200 within {timeout:.0f}s")


@dataclass
class Server:
    """A server process group on 127.0.0.1; ``command`` must bind ``port``."""

    command: Sequence[str]
    port: int
    env: Mapping[str, str]
    health_path: str = "/api/health"
    log_path: Path | None = None
    process: "subprocess.Popen[bytes] | None" = field(default=None, init=False)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            list(self.command),
            env=dict(self.env),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill it whole, nothing else
        )
        wait_http(self.base + self.health_path, timeout, self.process)

    @property
    def pid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in process_tree(self.pid))

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the leaves of the tree (granian's workers)."""
        tree = children_map()
        return [pid for pid in process_tree(self.pid) if pid not in tree]

    def worker_rss_mb(self) -> list[float]:
        return [rss_mb(pid) for pid in self.worker_pids()]

    def kill9(self) -> None:
        """SIGKILL to the whole process group: a crash, no shutdown hooks."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def bugtracker_server(
    db_name: str, port: int, workers: int = 1, log_path: Path | None = None, **env: str
) -> Server:
    command = [str(BIN / "bugtracker"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers)]
    return Server(command, port, app_environment(db_name, **env), log_path=log_path)


def migrate(db_name: str) -> None:
    """Migrate and bootstrap the admin (what `serve` does first), so restarts are quick."""
    subprocess.run(
        [str(BIN / "bugtracker"), "create-admin"],
        env=app_environment(db_name),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
