"""Private Redis and PostgreSQL servers for the fault tests: started by the test, on a free port, in a temp dir.

The shared servers (127.0.0.1:5432 and :6379) are never stopped or frozen: other tests use them.
Stopping = ending the process (and starting it again on the same port); freezing = SIGSTOP, thawing = SIGCONT.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import portal.cache

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DEADLINE_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, what: str, seconds: float = DEADLINE_SECONDS):
    """Poll `condition` until it returns something true, or fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up waiting for {what} after {seconds} s")
        time.sleep(0.05)


def needs(program: str | Path) -> None:
    if not shutil.which(str(program)):
        pytest.skip(f"{program} is not installed; the fault tests start their own private server with it")


class PrivateRedis:
    def __init__(self, directory: Path):
        needs("redis-server")
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed program and arguments
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.thaw()
            self.process.terminate()
            self.process.wait(timeout=DEADLINE_SECONDS)
            self.process = None

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (initdb), trust authentication on 127.0.0.1 only."""

    def __init__(self):
        needs(PG_BIN / "initdb")
        # Not under pytest's tmp_path: its parents are closed to the postgres user.
        self.directory = Path(tempfile.mkdtemp(prefix="portal-fault-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.directory, user="postgres")
        self._run(
            PG_BIN / "initdb",
            *("-D", self.data, "-U", "postgres", "--auth", "trust", "--no-sync", "--no-instructions"),
        )

    def _run(self, *command) -> None:
        done = subprocess.run(  # noqa: S603 - fixed programs from PG_BIN
            [*self.as_postgres, *map(str, command)], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode:
            raise AssertionError(f"{command[0].name} failed: {done.stderr.strip()}")

    def start(self) -> PrivatePostgres:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.directory / "log", "-w", "start")
        return self

    def stop(self) -> None:
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def remove(self) -> None:
        if self.running():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


# Fixtures for tests that run the portal on a private Redis (import them into the test module).

BREAKER = portal.cache.BREAKER_SECONDS


class BreakerClock:
    """The breaker's clock, moved on by the test instead of waiting for the pause to pass."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def pause_is_over(self) -> None:
        self.now += BREAKER + 0.1


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def breaker_clock(monkeypatch):
    clock = BreakerClock()
    monkeypatch.setattr(portal.cache, "clock", clock)
    return clock


@pytest.fixture
def redis_cache(settings, redis_server, breaker_clock):
    """The production cache backend, on the private Redis."""
    settings.CACHES = {"default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": redis_server.url}}
    from django.core.cache import caches

    backend = caches["default"]
    yield backend
    backend.local.clear()
    portal.cache._circuits.pop(backend.circuit.location, None)
