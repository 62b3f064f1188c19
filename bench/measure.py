"""One row under load: a short warm-up, then the measured load, and the failures as the row's error.

Shared by the portal's rows (`bench.cli`) and the reference's (`bench.reference`), so both apps are measured the
same way.
"""

from __future__ import annotations

import logging

from bench.load import LoadError, LoadResult, run_load, run_python
from bench.report import Row
from bench.server import Server

logger = logging.getLogger("bench")

WARMUP_REQUESTS = 20
WARMUP_CONCURRENCY = 2


def warm_up(server: Server, url: str, headers: dict[str, str]) -> LoadResult:
    """A few requests from two connections, so both workers have rendered the page once."""
    return run_python(
        host=server.host,
        port=server.port,
        url=url,
        duration_s=60,
        concurrency=WARMUP_CONCURRENCY,
        max_requests=WARMUP_REQUESTS,
        headers=headers,
    )


def load_row(row: Row, server: Server, *, client: str, duration_s: float, concurrency: int) -> None:
    """Fill in `row.load`, or `row.error` when the warm-up or the load failed."""
    warm = warm_up(server, row.url, row.headers)
    if warm.failures:
        row.error = f"warm-up: {warm.non_200} responses other than 200, {warm.socket_errors} socket errors"
        return
    try:
        row.load = run_load(
            client=client,
            host=server.host,
            port=server.port,
            url=row.url,
            duration_s=duration_s,
            concurrency=concurrency,
            headers=row.headers,
        )
    except LoadError as error:
        row.error = str(error)
        return
    if row.load.failures:
        row.error = f"{row.load.non_200} responses other than 200, {row.load.socket_errors} socket errors"
    logger.info(
        "%s scale %d %-16s %8.1f req/s  p50 %6.1f ms  p99 %6.1f ms  %s queries",
        row.database,
        row.scale,
        row.page,
        row.load.rps,
        row.load.p50_ms,
        row.load.p99_ms,
        row.queries,
    )
