"""Start gunicorn on a free loopback port, wait until it answers, and always stop it again."""

import http.client
import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
READY_URL = "/healthz"
START_TIMEOUT_S = 60.0
POLL_INTERVAL_S = 0.1
STOP_TIMEOUT_S = 10.0


class ServerError(Exception):
    """gunicorn did not start or did not answer."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    pid: int


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def gunicorn_command(
    *, port: int, workers: int, log_path: Path, python: str = sys.executable, app: str = "config.wsgi:application"
) -> list[str]:
    return [
        python,
        "-m",
        "gunicorn",
        app,
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=60",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={log_path}",
    ]


def answers(port: int, ready_url: str = READY_URL) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", ready_url)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def log_tail(log_path: Path, lines: int = 20) -> str:
    if not log_path.exists():
        return "(no log)"
    return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])


def wait_until_ready(process: subprocess.Popen, *, port: int, log_path: Path, ready_url: str = READY_URL) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn exited with code {process.returncode}:\n{log_tail(log_path)}")
        if answers(port, ready_url):
            return
        time.sleep(POLL_INTERVAL_S)  # start-up polling only; nothing is measured here
    raise ServerError(f"gunicorn did not answer {ready_url} within {START_TIMEOUT_S:.0f} s:\n{log_tail(log_path)}")


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (gunicorn stops its workers gracefully), then SIGKILL if it takes too long."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        logger.warning("gunicorn (pid %s) did not stop within %.0f s; killing it", process.pid, STOP_TIMEOUT_S)
        process.kill()
        process.wait()
    logger.debug("gunicorn (pid %s) stopped", process.pid)


@contextmanager
def gunicorn(
    *,
    env: Mapping[str, str],
    cwd: Path,
    workers: int,
    log_path: Path,
    python: str = sys.executable,
    app: str = "config.wsgi:application",
    ready_url: str = READY_URL,
) -> Iterator[Server]:
    """`python` and `app` name another project's interpreter and WSGI application (the reference, bakerydemo)."""
    port = free_port()
    command = gunicorn_command(port=port, workers=workers, log_path=log_path, python=python, app=app)
    logger.debug("%s", " ".join(command))
    with log_path.open("ab") as log:
        # A fixed argument list, no shell.
        process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_until_ready(process, port=port, log_path=log_path, ready_url=ready_url)
        logger.info("gunicorn (pid %s, %d sync workers) on http://%s:%d", process.pid, workers, HOST, port)
        yield Server(host=HOST, port=port, pid=process.pid)
    finally:
        stop(process)
