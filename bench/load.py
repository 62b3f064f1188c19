"""Drive one URL with a bounded load on loopback: wrk where installed, otherwise a Python client."""

import http.client
import json
import logging
import math
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
WRK_THREADS = 2
REQUEST_TIMEOUT_S = 30.0
# The Python client also stops after this many requests, whatever the duration.
MAX_REQUESTS = 500_000


class LoadError(Exception):
    """The load generator itself failed (not the page being slow)."""


@dataclass(frozen=True)
class LoadResult:
    client: str
    requests: int
    duration_s: float
    non_200: int
    socket_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    cache_hits: int | None = None  # responses with `X-Page-Cache: hit` (portal/page_cache.py); None: not counted

    @property
    def hit_rate(self) -> float | None:
        """The share of the responses that came from the page cache."""
        if self.cache_hits is None or not self.requests:
            return None
        return self.cache_hits / self.requests

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def failures(self) -> int:
        return self.non_200 + self.socket_errors


def wrk_path() -> str | None:
    return shutil.which("wrk")


def choose_client(preference: str) -> str:
    """'wrk' or 'python'; 'auto' takes wrk where it is installed (Debian: apt install wrk)."""
    if preference == "python":
        return "python"
    if wrk_path():
        return "wrk"
    if preference == "wrk":
        raise LoadError("wrk is not installed (Debian: apt install wrk); use --client python")
    logger.info("wrk not found; using the Python load client (lower ceiling, see bench/README.md)")
    return "python"


def run_load(
    *,
    client: str,
    host: str,
    port: int,
    url: str,
    duration_s: float,
    concurrency: int,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """`headers` go with every request (a logged-in row's session cookie)."""
    if client == "wrk":
        return run_wrk(host=host, port=port, url=url, duration_s=duration_s, concurrency=concurrency, headers=headers)
    return run_python(host=host, port=port, url=url, duration_s=duration_s, concurrency=concurrency, headers=headers)


# --------------------------------------------------------------------------- wrk


def wrk_command(
    *, host: str, port: int, url: str, duration_s: float, concurrency: int, headers: dict[str, str] | None = None
) -> list[str]:
    wrk = wrk_path()
    if wrk is None:
        raise LoadError("wrk is not installed")
    return [
        wrk,
        *(f"--header={name}: {value}" for name, value in (headers or {}).items()),
        f"--threads={min(WRK_THREADS, concurrency)}",
        f"--connections={concurrency}",
        f"--duration={max(1, round(duration_s))}s",
        f"--timeout={int(REQUEST_TIMEOUT_S)}s",
        f"--script={WRK_SCRIPT}",
        f"http://{host}:{port}{url}",
    ]


def parse_wrk(output: str) -> LoadResult:
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            return LoadResult(
                client="wrk",
                requests=data["requests"],
                duration_s=data["duration_us"] / 1e6,
                non_200=data["non_200"],
                socket_errors=data["socket_errors"],
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                mean_ms=data["mean_us"] / 1000,
                max_ms=data["max_us"] / 1000,
                cache_hits=data.get("cache_hits"),
            )
    raise LoadError(f"no result line in wrk's output:\n{output}")


def run_wrk(
    *, host: str, port: int, url: str, duration_s: float, concurrency: int, headers: dict[str, str] | None = None
) -> LoadResult:
    command = wrk_command(
        host=host, port=port, url=url, duration_s=duration_s, concurrency=concurrency, headers=headers
    )
    logger.debug("%s", " ".join(command[:1] + [arg for arg in command[1:] if not arg.startswith("--header=")]))
    # A fixed argument list, no shell; the URL comes from bench.pages.
    completed = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=duration_s + 60, check=False
    )
    if completed.returncode != 0:
        raise LoadError(f"wrk exited with {completed.returncode}: {completed.stderr or completed.stdout}")
    return parse_wrk(completed.stdout)


# --------------------------------------------------------------------------- Python client


@dataclass
class _Tally:
    """What the client threads record; guarded by `lock`."""

    latencies_s: list[float] = field(default_factory=list)
    non_200: int = 0
    socket_errors: int = 0
    cache_hits: int = 0
    started: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def claim(self, limit: int) -> bool:
        with self.lock:
            if self.started >= limit:
                return False
            self.started += 1
            return True


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def _client_loop(
    *, host: str, port: int, url: str, deadline: float, limit: int, tally: _Tally, headers: dict[str, str]
) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_S)
    try:
        while time.monotonic() < deadline and tally.claim(limit):
            start = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()  # reconnects on the next request
                with tally.lock:
                    tally.socket_errors += 1
                continue
            elapsed = time.perf_counter() - start
            with tally.lock:
                tally.latencies_s.append(elapsed)
                if response.status != 200:
                    tally.non_200 += 1
                if response.getheader("X-Page-Cache") == "hit":
                    tally.cache_hits += 1
    finally:
        connection.close()


def run_python(
    *,
    host: str,
    port: int,
    url: str,
    duration_s: float,
    concurrency: int,
    max_requests: int = MAX_REQUESTS,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """`concurrency` threads, each a connection that sends the next request when the last one is answered."""
    tally = _Tally()
    started = time.monotonic()
    deadline = started + duration_s
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="bench-client") as pool:
        futures = [
            pool.submit(
                _client_loop,
                host=host,
                port=port,
                url=url,
                deadline=deadline,
                limit=max_requests,
                tally=tally,
                headers=headers or {},
            )
            for _ in range(concurrency)
        ]
        for future in futures:
            future.result()
    elapsed = time.monotonic() - started
    latencies = sorted(tally.latencies_s)
    return LoadResult(
        client="python",
        requests=len(latencies),
        duration_s=elapsed,
        non_200=tally.non_200,
        socket_errors=tally.socket_errors,
        p50_ms=percentile(latencies, 50) * 1000,
        p95_ms=percentile(latencies, 95) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        mean_ms=(sum(latencies) / len(latencies) * 1000) if latencies else 0.0,
        max_ms=(latencies[-1] * 1000) if latencies else 0.0,
        cache_hits=tally.cache_hits,
    )
