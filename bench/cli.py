"""`python -m bench`: seed, serve with gunicorn, load every page, compare with the floor, report.

Exit code 0 when everything ran (budgets missed or not), 1 when something broke (a server
did not start, a response other than 200, a failing seed), 2 for bad arguments, 130 on Ctrl-C.
"""

import argparse
import json
import logging
import os
import signal
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import budgets, measure, reference
from bench.load import LoadError, LoadResult, choose_client
from bench.pages import FLOOR, POST, Page, page_names, select_pages
from bench.report import Row, Run, render, write_json
from bench.server import Server, ServerError, gunicorn
from bench.workspace import (
    POSTGRESQL,
    REPO_ROOT,
    SQLITE,
    SetupError,
    Workspace,
    postgresql_server,
    prepare,
    probe,
    seed,
    workspace,
)

logger = logging.getLogger("bench")

DEFAULT_SCALES = [1, 10]
DEFAULT_DURATION_S = 10.0
QUICK_DURATION_S = 3.0
DEFAULT_CONCURRENCY = 8
WORKERS = 2
# The floor is measured first and again last at each scale; more drift than this means a busy machine.
MAX_FLOOR_DRIFT = 0.10
FLOOR_AGAIN = "floor_again"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
SECURITY = "django.middleware.security.SecurityMiddleware"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scales", type=int, nargs="+", default=DEFAULT_SCALES, metavar="N", help="seed_demo scales (default: 1 10)"
    )
    parser.add_argument(
        "--duration", type=float, default=DEFAULT_DURATION_S, help="seconds of load per page (default: 10)"
    )
    parser.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_DURATION_S:.0f} s per page")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="open connections (default: 8)")
    parser.add_argument(
        "--pages",
        type=lambda value: [name for name in value.split(",") if name],
        default=None,
        help=f"comma-separated subset of: {', '.join(page_names())} (the floor is always measured)",
    )
    parser.add_argument(
        "--client",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk where installed, else the Python client)",
    )
    parser.add_argument(
        "--databases",
        type=lambda value: [name for name in value.split(",") if name],
        default=None,
        help="sqlite,postgresql (default: both where DATABASE_URL points at PostgreSQL, else sqlite)",
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        metavar="PATH",
        help="a bakerydemo checkout, measured in the same run as the reference (bench/reference.py)",
    )
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/<date>.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (commands, probe output)")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = QUICK_DURATION_S
    if any(scale < 1 for scale in args.scales):
        parser.error("--scales takes whole numbers of 1 or more")
    if args.duration < 1 or args.concurrency < 1:
        parser.error("--duration and --concurrency must be at least 1")
    try:
        args.selected = select_pages(args.pages)
    except ValueError as error:
        parser.error(str(error))
    args.scales = sorted(set(args.scales))
    if args.databases is None:
        args.databases = [SQLITE, POSTGRESQL] if postgresql_server() else [SQLITE]
    if set(args.databases) - {SQLITE, POSTGRESQL}:
        parser.error("--databases takes sqlite and/or postgresql")
    if POSTGRESQL in args.databases and not postgresql_server():
        parser.error("--databases postgresql needs DATABASE_URL pointing at a PostgreSQL server")
    return args


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        datefmt="%H:%M:%S",
    )


def settings_warnings(settings: dict[str, Any]) -> list[str]:
    """What makes the run less production-like than the issue asks for."""
    warnings = []
    if settings.get("debug"):
        warnings.append("DEBUG is on")
    middleware = settings.get("middleware", [])
    if SECURITY in middleware and middleware.index(SECURITY) + 1 != _index(middleware, WHITENOISE):
        warnings.append("WhiteNoiseMiddleware is not right after SecurityMiddleware")
    return warnings


def _index(items: list[str], item: str) -> int:
    return items.index(item) if item in items else -1


def probe_rows(ws: Workspace, *, scale: int, pages: list[Page], run: Run) -> list[Row]:
    """Resolve URLs and count queries in-process; a page that is not a 200 there is marked broken."""
    probed = json.loads(probe(ws, ws.database_url(scale), [page.name for page in pages]))
    run.settings = probed["settings"]
    rows = []
    for page in pages:
        info = probed["pages"][page.name]
        row = Row(
            page=page.name,
            kind=page.kind,
            scale=scale,
            url=info.get("url"),
            queries=info.get("queries"),
            transactions=info.get("transactions"),
            after_commit_writes=info.get("after_commit_writes"),
            cold_ms=info.get("cold_ms"),
            headers={"Cookie": info["cookie"]} if info.get("cookie") else {},
            logged_in=page.login is not None,
            database=ws.engine,
        )
        if "error" in info:
            row.error = info["error"]
        elif info["status"] != page.status:
            row.error = f"status {info['status']} in-process, not {page.status} (run with -v for the traceback)"
        elif "timing" in info:  # a post, timed in-process by the probe: one request at a time, no gunicorn
            row.load = LoadResult(client="in-process", non_200=0, socket_errors=0, **info["timing"])
        rows.append(row)
    return rows


def load_row(row: Row, server: Server, *, client: str, duration_s: float, concurrency: int) -> None:
    if row.error or row.url is None or row.kind == POST:  # posts were measured in-process by the probe
        return
    measure.load_row(row, server, client=client, duration_s=duration_s, concurrency=concurrency)


def floor_again(rows: list[Row]) -> Row | None:
    """A second floor row, measured after the pages, so a busy machine shows in the table."""
    floor = next((row for row in rows if row.page == FLOOR and not row.error), None)
    if floor is None:
        return None
    return Row(
        page=FLOOR_AGAIN, kind="floor", scale=floor.scale, url=floor.url, queries=floor.queries, database=floor.database
    )


def set_floor(rows: list[Row], *, scale: int) -> None:
    """Every row's ratio is against the mean of the floor measurements at its own scale."""
    floors = [row.load.rps for row in rows if row.kind == "floor" and row.load and not row.error]
    if not floors:
        return
    mean = sum(floors) / len(floors)
    drift = (max(floors) - min(floors)) / mean
    if drift > MAX_FLOOR_DRIFT:
        logger.warning(
            "scale %d: the floor moved %.0f%% between the first and the last measurement; something else "
            "is using the CPU, so the ratios of this scale are uncertain",
            scale,
            drift * 100,
        )
    for row in rows:
        if row.kind != POST:  # in-process, one request at a time: not comparable with the floor's load
            row.floor_rps = mean


def measure_scale(ws: Workspace, *, scale: int, args: argparse.Namespace, client: str, run: Run) -> None:
    seed(ws, scale)
    rows = probe_rows(ws, scale=scale, pages=args.selected, run=run)
    closing = floor_again(rows)
    if closing is not None:
        rows.append(closing)
    run.rows += rows
    env = ws.env(ws.database_url(scale))
    with gunicorn(env=env, cwd=REPO_ROOT, workers=WORKERS, log_path=ws.server_log(scale)) as server:
        for row in rows:
            load_row(row, server, client=client, duration_s=args.duration, concurrency=args.concurrency)
    set_floor(rows, scale=scale)


def machine_load() -> float | None:
    """The 1-minute load average, per CPU (None where the platform has none)."""
    try:
        return os.getloadavg()[0] / (os.cpu_count() or 1)
    except OSError:
        return None


def run_benchmark(args: argparse.Namespace) -> Run:
    client = choose_client(args.client)
    run = Run(
        started_at=datetime.now().astimezone(),
        config={
            "scales": args.scales,
            "duration_s": args.duration,
            "concurrency": args.concurrency,
            "workers": WORKERS,
            "client": client,
            "pages": [page.name for page in args.selected],
        },
    )
    load = machine_load()
    run.config["load_average_per_cpu"] = None if load is None else round(load, 2)
    if load is not None and load > 0.5:
        logger.warning("the machine is busy (load %.1f per CPU): the ratios will be noisy", load)
    seconds = len(args.scales) * (len(args.selected) + 1) * args.duration
    logger.info(
        "client %s, scales %s, %d pages, about %.0f s of load", client, args.scales, len(args.selected), seconds
    )
    run.config["databases"] = args.databases
    for engine in args.databases:
        with workspace(engine) as ws:
            prepare(ws)
            for scale in args.scales:
                try:
                    measure_scale(ws, scale=scale, args=args, client=client, run=run)
                except (SetupError, ServerError) as error:
                    logger.error("%s, scale %d: %s", engine, scale, error)
                    run.errors.append(f"{engine}, scale {scale}: {error}")
                    for row in run.rows:
                        if row.database == engine and row.scale == scale and row.load is None and row.error is None:
                            row.error = "not measured (see above)"
    if args.reference is not None:
        measure_reference(args, client=client, run=run)
    for warning in settings_warnings(run.settings):
        logger.warning("not production-like: %s", warning)
    run.checks = evaluate_per_database(run.rows) + reference.reference_checks(run.rows)
    return run


def measure_reference(args: argparse.Namespace, *, client: str, run: Run) -> None:
    """bakerydemo in the same run, after the portal (bench/reference.py)."""
    run.config["reference"] = str(args.reference)
    with tempfile.TemporaryDirectory(prefix="bench-reference-") as root:
        try:
            ref = reference.prepare(args.reference.resolve(), Path(root))
            run.rows += reference.measure(
                ref, client=client, duration_s=args.duration, concurrency=args.concurrency, workers=WORKERS
            )
        except (reference.ReferenceSetupError, ServerError) as error:
            logger.error("reference: %s", error)
            run.errors.append(f"reference: {error}")


def evaluate_per_database(rows: list[Row]) -> list[budgets.Check]:
    """The budgets of each database's rows on their own: growth compares scales of the same database."""
    checks = []
    for engine in dict.fromkeys(row.database for row in rows if row.database != reference.REFERENCE):
        mine = [row.measurement() for row in rows if row.database == engine and not row.error]
        checks += [replace(check, database=engine) for check in budgets.evaluate(mine)]
    return checks


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so every `finally` stops what it started."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging(args.verbose)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        run = run_benchmark(args)
    except KeyboardInterrupt:
        logger.error("interrupted; every process the benchmark started has been stopped")
        return 130
    except (SetupError, LoadError) as error:
        logger.error("%s", error)
        return 1
    print(render(run))  # the table is the output; diagnostics go to the log
    if not args.no_save:
        path = write_json(run, datetime.now().astimezone())
        logger.info("results written to %s", path.relative_to(REPO_ROOT))
    return 1 if run.broken else 0
