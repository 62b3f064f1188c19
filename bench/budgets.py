"""The budgets of DESIGN.md ("Budgets"), checked against one run. They report; they never fail the run."""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

MAX_QUERIES = 12
# A staff page in the Wagtail admin (kind "admin") also pays for the admin around it, the same on every admin
# page: session, user, two permission lists, the admin profile, the two-factor check, and the menu's locale,
# page and collection permissions, explorer root and moderator check. DESIGN.md's 12 apply to the page's own.
ADMIN_FRAME_QUERIES = 11
# A booking or sign-up post (kind "post"): at most this many queries, in one transaction.
MAX_POST_QUERIES = 10
MAX_POST_TRANSACTIONS = 1
# Share of the floor's req/s (same run, same scale) a page must reach, by kind.
MIN_FLOOR_RATIO = {
    "listing": 0.04,
    "detail": 0.05,
    # Page cache warm, any public page for an anonymous visitor (rows of kind "cached", bench/pages.py).
    "cached": 0.50,
}
# A page at a larger scale stays within this factor of its time at the smallest scale.
MAX_GROWTH = 1.2
# Never a time-out: gunicorn's default timeout (30 s, as the Procfile runs it) kills a worker that takes longer.
# Under the benchmark's load (8 connections on 2 workers) a page's p99 stays within a tenth of it.
GUNICORN_TIMEOUT_S = 30
MAX_P99_SHARE_OF_TIMEOUT = 0.1


@dataclass(frozen=True)
class Measurement:
    """One page at one scale, as far as the budgets care."""

    page: str
    kind: str
    scale: int
    queries: int | None
    floor_ratio: float | None
    transactions: int | None = None  # posts only: transactions that write
    p99_ms: float | None = None  # under load (not for posts, which are timed one at a time in-process)


@dataclass(frozen=True)
class Check:
    page: str
    scale: int
    budget: str
    value: str
    limit: str
    ok: bool
    database: str = "sqlite"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_queries(m: Measurement) -> Check | None:
    if m.queries is None:
        return None
    limit = {"post": MAX_POST_QUERIES, "admin": MAX_QUERIES + ADMIN_FRAME_QUERIES}.get(m.kind, MAX_QUERIES)
    budget = "SQL queries (12 + the admin's 11)" if m.kind == "admin" else "SQL queries"
    return Check(m.page, m.scale, budget, str(m.queries), f"≤ {limit}", m.queries <= limit)


def check_transactions(m: Measurement) -> Check | None:
    if m.kind != "post" or m.transactions is None:
        return None
    return Check(
        m.page,
        m.scale,
        "transactions",
        str(m.transactions),
        f"≤ {MAX_POST_TRANSACTIONS}",
        m.transactions <= MAX_POST_TRANSACTIONS,
    )


def check_ratio(m: Measurement) -> Check | None:
    minimum = MIN_FLOOR_RATIO.get(m.kind)
    if minimum is None or m.floor_ratio is None:
        return None
    return Check(
        m.page,
        m.scale,
        f"req/s vs floor ({m.kind})",
        f"{m.floor_ratio:.1%}",
        f"≥ {minimum:.0%}",
        m.floor_ratio >= minimum,
    )


def check_timeout(m: Measurement) -> Check | None:
    if m.p99_ms is None or m.kind in ("floor", "post"):
        return None
    limit_ms = GUNICORN_TIMEOUT_S * 1000 * MAX_P99_SHARE_OF_TIMEOUT
    return Check(
        m.page,
        m.scale,
        f"p99 vs gunicorn's {GUNICORN_TIMEOUT_S} s timeout",
        f"{m.p99_ms:,.0f} ms",
        f"≤ {limit_ms:,.0f} ms",
        m.p99_ms <= limit_ms,
    )


def check_same_queries(base: Measurement, m: Measurement) -> Check | None:
    if base.queries is None or m.queries is None:
        return None
    return Check(
        m.page,
        m.scale,
        f"SQL queries same as scale {base.scale}",
        f"{m.queries} vs {base.queries}",
        "equal",
        m.queries == base.queries,
    )


def check_growth(base: Measurement, m: Measurement) -> Check | None:
    """Time per request, relative to the floor of its own run, at this scale against the smallest scale.

    Normalising by each scale's floor takes out drift between the two servers' runs (another
    process on the machine, CPU clocks); the floor does not depend on the data.
    """
    if not base.floor_ratio or not m.floor_ratio:
        return None
    growth = base.floor_ratio / m.floor_ratio
    return Check(
        m.page,
        m.scale,
        f"data growth vs scale {base.scale}",
        f"{growth:.2f}×",
        f"≤ {MAX_GROWTH}×",
        growth <= MAX_GROWTH,
    )


def evaluate(measurements: Iterable[Measurement]) -> list[Check]:
    """Every budget check that applies, page by page, smallest scale first."""
    by_page: dict[str, list[Measurement]] = {}
    for m in measurements:
        if m.kind != "floor":
            by_page.setdefault(m.page, []).append(m)
    checks: list[Check] = []
    for rows in by_page.values():
        rows.sort(key=lambda m: m.scale)
        base = rows[0]
        for m in rows:
            candidates = [check_queries(m), check_transactions(m), check_ratio(m), check_timeout(m)]
            if m is not base:
                candidates += [check_same_queries(base, m), check_growth(base, m)]
            checks += [check for check in candidates if check is not None]
    return checks
