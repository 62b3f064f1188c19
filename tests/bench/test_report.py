"""The benchmark's own arithmetic (bench/): what it reads from wrk and what it prints. No load is run here."""

from datetime import datetime

from bench.load import LoadResult, parse_wrk
from bench.report import Row, Run, render

WRK_LINE = (
    'BENCH_JSON {"requests": 200, "duration_us": 2000000, "non_200": 0, "socket_errors": 0, "p50_us": 1000.0, '
    '"p95_us": 2000.0, "p99_us": 3000.0, "mean_us": 1100.0, "max_us": 4000.0, "cache_hits": 150}'
)


def _load(requests: int, hits: int | None) -> LoadResult:
    return LoadResult("wrk", requests, 1.0, 0, 0, 1.0, 2.0, 3.0, 1.0, 4.0, cache_hits=hits)


def test_wrk_reports_how_many_answers_came_from_the_page_cache():
    result = parse_wrk(WRK_LINE)

    assert result.cache_hits == 150
    assert result.hit_rate == 0.75
    assert result.rps == 100


def test_the_output_shows_the_hit_rate_per_row_and_for_logged_in_rows():
    run = Run(started_at=datetime(2026, 12, 5), config={})
    run.rows = [
        Row("floor", "floor", 1, url="/__floor__/", queries=0, load=_load(1000, 0), floor_rps=1000),
        Row("activities_resident", "listing", 1, queries=3, load=_load(300, 270), floor_rps=1000, logged_in=True),
        Row("my_page_resident", "detail", 1, queries=9, load=_load(100, 0), floor_rps=1000, logged_in=True),
        Row("activities_cached", "cached", 1, queries=0, load=_load(900, 900), floor_rps=1000),
    ]

    output = render(run)

    assert "Page cache hit rate, logged in, sqlite, scale 1: 68% of 400 requests" in output
    assert "Page cache hit rate, anonymous (kind cached), sqlite, scale 1: 100% of 900 requests" in output
    line = next(line for line in output.splitlines() if line.startswith("sqlite  activities_resident"))
    assert " 90% " in line


def test_each_database_is_judged_on_its_own_and_growth_compares_its_own_scales():
    from bench.cli import evaluate_per_database

    def row(database: str, scale: int, ratio: float) -> Row:
        return Row(
            "activities",
            "listing",
            scale,
            queries=7,
            load=_load(int(ratio * 1000), 0),
            floor_rps=1000,
            database=database,
        )

    rows = [row("sqlite", 1, 0.10), row("sqlite", 100, 0.09), row("postgresql", 1, 0.10), row("postgresql", 100, 0.05)]

    checks = evaluate_per_database(rows)

    growth = {check.database: check for check in checks if check.budget.startswith("data growth")}
    assert growth["sqlite"].ok
    assert not growth["postgresql"].ok
    assert growth["postgresql"].value == "2.00×"
    assert "FAIL ✗" in render(Run(started_at=datetime(2026, 12, 5), config={}, rows=rows, checks=checks))


def test_postgresql_is_measured_only_where_database_url_points_at_a_server(monkeypatch):
    from bench.cli import parse_args

    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")
    assert parse_args([]).databases == ["sqlite"]
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    assert parse_args([]).databases == ["sqlite", "postgresql"]
    assert parse_args(["--databases", "postgresql"]).databases == ["postgresql"]


def test_the_portal_is_compared_with_bakerydemo_each_against_its_own_floor():
    from bench.reference import REFERENCE, reference_checks

    rows = [
        Row("floor", "floor", 1, load=_load(2000, 0), floor_rps=2000, database=REFERENCE),
        Row("blog_index", "listing", 1, load=_load(30, 0), floor_rps=2000, database=REFERENCE),  # 1.5 %
        Row("blog_post", "detail", 1, load=_load(46, 0), floor_rps=2000, database=REFERENCE),  # 2.3 %
        Row("activities", "listing", 100, load=_load(80, 0), floor_rps=1000),  # 8 %: 5.33×
        Row("news", "detail", 100, load=_load(40, 0), floor_rps=1000),  # 4 %: 1.74×
    ]

    checks = {check.page: check for check in reference_checks(rows)}

    assert checks["activities"].ok
    assert checks["activities"].value == "5.33×"
    assert not checks["news"].ok
    assert checks["news"].limit == "≥ 2×"
    assert "blog_index" not in checks


def test_a_page_near_gunicorns_timeout_misses_the_time_out_budget():
    from bench.budgets import Measurement, evaluate

    checks = evaluate(
        [
            Measurement("activities_feed", "listing", 100, 3, 0.01, p99_ms=4_500),
            Measurement("activities_calendar", "listing", 100, 5, 0.05, p99_ms=180),
        ]
    )

    timeouts = {check.page: check for check in checks if "timeout" in check.budget}
    assert not timeouts["activities_feed"].ok
    assert timeouts["activities_calendar"].ok
    assert timeouts["activities_feed"].limit == "≤ 3,000 ms"
