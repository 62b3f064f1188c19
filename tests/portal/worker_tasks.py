"""Tasks for the worker's fault tests (tests/portal/test_worker.py); they need only the database."""

import time

from django.db import connection
from django_tasks import task


@task(takes_context=True)
def record(context, *, n: int, pause: float = 0.0) -> int:
    """Write `n` to the check table; on the first attempt only, take `pause` seconds first (a long task)."""
    if pause and context.attempt == 1:
        time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO worker_check (n) VALUES (%s)", [n])
    return n
