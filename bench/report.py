"""The results of a run: rows, the printed tables and bench/results/<date>.json."""

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.budgets import MIN_FLOOR_RATIO, Check, Measurement
from bench.load import LoadResult
from bench.pages import POST
from bench.workspace import REPO_ROOT

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    """One page at one scale."""

    page: str
    kind: str
    scale: int
    url: str | None = None
    queries: int | None = None
    transactions: int | None = None  # posts: transactions that write (bench.probe)
    after_commit_writes: int | None = None  # posts: what on-commit callbacks wrote afterwards (the e-mail job)
    cold_ms: float | None = None  # the first request of the probe, before any cache was warm
    load: LoadResult | None = None
    floor_rps: float | None = None
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict, repr=False)  # a logged-in row's cookie; not saved
    logged_in: bool = False  # requested by a seeded account (the page's `login`)
    database: str = "sqlite"  # "sqlite" or "postgresql" (bench.workspace)

    @property
    def floor_ratio(self) -> float | None:
        if self.load is None or not self.floor_rps:
            return None
        return self.load.rps / self.floor_rps

    def measurement(self) -> Measurement:
        p99 = self.load.p99_ms if self.load is not None and self.kind != POST else None
        return Measurement(self.page, self.kind, self.scale, self.queries, self.floor_ratio, self.transactions, p99)

    def as_dict(self) -> dict[str, Any]:
        load = None if self.load is None else {**asdict(self.load), "rps": round(self.load.rps, 1)}
        ratio = self.floor_ratio
        return {
            "page": self.page,
            "kind": self.kind,
            "scale": self.scale,
            "url": self.url,
            "queries": self.queries,
            "transactions": self.transactions,
            "after_commit_writes": self.after_commit_writes,
            "cold_ms": self.cold_ms,
            "logged_in": self.logged_in,
            "database": self.database,
            "floor_ratio": round(ratio, 4) if ratio is not None else None,
            "load": load,
            "error": self.error,
        }


@dataclass
class Run:
    started_at: datetime
    config: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def broken(self) -> bool:
        return bool(self.errors) or any(row.error for row in self.rows)


# --------------------------------------------------------------------------- tables


def _table(header: Sequence[str], body: Sequence[Sequence[str]], right: set[int]) -> str:
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: Sequence[str]) -> str:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in body)])


def _num(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _budget_cell(row: Row, checks: list[Check]) -> str:
    if row.error:
        return "ERROR"
    mine = [
        check
        for check in checks
        if check.page == row.page and check.scale == row.scale and check.database == row.database
    ]
    if not mine:
        return "–"
    failed = [check.budget for check in mine if not check.ok]
    return "pass" if not failed else "FAIL: " + "; ".join(failed)


def _queries_cell(row: Row) -> str:
    if row.queries is None:
        return "–"
    if row.transactions is None:
        return str(row.queries)
    after = f", {row.after_commit_writes} write after commit" if row.after_commit_writes else ""
    return f"{row.queries} ({row.transactions} tx{after})"


def results_table(run: Run) -> str:
    header = ["db", "page", "kind", "scale", "req/s", "of floor", "p50 ms", "p95 ms", "p99 ms", "hits", "queries"]
    header.append("budget")
    body = []
    for row in run.rows:
        load, ratio = row.load, row.floor_ratio
        body.append(
            [
                row.database,
                row.page,
                row.kind,
                str(row.scale),
                _num(load.rps if load and row.kind != POST else None),
                "–" if ratio is None else f"{ratio:.1%}",
                _num(load.p50_ms if load else None),
                _num(load.p95_ms if load else None),
                _num(load.p99_ms if load else None),
                "–" if load is None or load.hit_rate is None else f"{load.hit_rate:.0%}",
                _queries_cell(row),
                _budget_cell(row, run.checks),
            ]
        )
    return _table(header, body, right={3, 4, 5, 6, 7, 8, 9, 10})


def checks_table(checks: list[Check]) -> str:
    header = ["db", "page", "scale", "budget", "value", "limit", "result"]
    body = [
        [c.database, c.page, str(c.scale), c.budget, c.value, c.limit, "pass" if c.ok else "FAIL ✗"] for c in checks
    ]
    return _table(header, body, right={2, 4})


def hit_rates(run: Run) -> list[str]:
    """The page cache's hit rate over the load of the cached rows and of the logged-in rows, per database and scale."""
    lines = []
    for label, wanted in (("anonymous (kind cached)", lambda row: row.kind == "cached"), ("logged in", _logged_in)):
        for database, scale in sorted({(row.database, row.scale) for row in run.rows}):
            loads = [
                row.load
                for row in run.rows
                if row.database == database and row.scale == scale and wanted(row) and row.load and not row.error
            ]
            counted = [load for load in loads if load.cache_hits is not None]
            requests = sum(load.requests for load in counted)
            if requests:
                hits = sum(load.cache_hits for load in counted)
                lines.append(
                    f"Page cache hit rate, {label}, {database}, scale {scale}: {hits / requests:.0%} of {requests:,} "
                    "requests"
                )
    return lines


def _logged_in(row: Row) -> bool:
    return row.logged_in


def render(run: Run) -> str:
    passed = sum(check.ok for check in run.checks)
    kinds = {row.kind for row in run.rows}
    parts = [
        results_table(run),
        "",
        f"Budgets (DESIGN.md): {passed} of {len(run.checks)} checks pass. Reported, not enforced.",
        checks_table(run.checks) if run.checks else "(no budget applies to the pages measured)",
    ]
    if POST in kinds:
        parts.append(
            "Posts (kind post) are measured in-process by the probe, one request at a time, with fresh data each: "
            "no req/s or floor ratio; p50/p95/p99 are the time per request inside Django."
        )
    if "cached" in kinds:
        parts.append(
            f"Kind cached: the page cache warm (budget ≥ {MIN_FLOOR_RATIO['cached']:.0%} of the floor); listing and "
            "detail rows send a cookie that keeps them out of the page cache, so they are rendered every time."
        )
    parts += hit_rates(run)
    problems = [*run.errors, *(f"{row.page} at scale {row.scale}: {row.error}" for row in run.rows if row.error)]
    if problems:
        parts += ["", "Errors (the run exits non-zero):", *(f"  - {problem}" for problem in problems)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- JSON


def git_state() -> dict[str, Any]:
    git = shutil.which("git")
    if git is None:
        return {}

    def run(*args: str) -> str:
        # A fixed argument list, no shell.
        completed = subprocess.run(  # noqa: S603
            [git, *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        return completed.stdout.strip()

    return {"commit": run("rev-parse", "HEAD"), "dirty": bool(run("status", "--porcelain"))}


def as_json(run: Run, finished_at: datetime) -> dict[str, Any]:
    return {
        "started_at": run.started_at.isoformat(timespec="seconds"),
        "finished_at": finished_at.isoformat(timespec="seconds"),
        "git": git_state(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "config": run.config,
        "settings": run.settings,
        "rows": [row.as_dict() for row in run.rows],
        "budgets": [check.as_dict() for check in run.checks],
        "errors": run.errors,
        "ok": not run.broken,
    }


def write_json(run: Run, finished_at: datetime, directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{run.started_at.date().isoformat()}.json"
    path.write_text(json.dumps(as_json(run, finished_at), indent=2, ensure_ascii=False) + "\n")
    return path
