"""The harness itself (tests/stack.py): what the fault checks build on.

A stack can be pointed at a Redis of its own, its app servers can be killed and started again, and its
worker runs what the app servers queue.
"""

from __future__ import annotations

import pytest
import redis
import requests

from tests import stack as harness

pytestmark = pytest.mark.stack


def test_a_stack_uses_its_own_redis_and_a_killed_server_serves_again(make_stack, private_redis):
    stack = make_stack(redis_url=private_redis.url, servers=1)
    (server,) = stack.servers
    visitor = stack.visitor()
    page = f"{server.url}{stack.data['building']['url']}"
    visitor.get(page)
    assert visitor.get(page).headers.get("X-Page-Cache") == "hit"
    assert redis.Redis.from_url(private_redis.url).dbsize() > 0, "the page was stored in the private Redis"

    server.kill()
    with pytest.raises(requests.ConnectionError):
        visitor.get(page)
    server.start()

    again = visitor.get(page)
    assert again.status_code == 200
    assert again.headers.get("X-Page-Cache") == "hit", "the stored page outlived the app server"


def test_the_worker_of_a_stack_runs_the_queued_tasks(make_stack, private_redis):
    stack = make_stack(redis_url=private_redis.url, servers=0)
    query = "SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
    queued = sum(count for _status, count in stack.sql(query))
    assert queued > 0, "the data set queues sign-up confirmations"

    stack.start_worker()

    # Tasks may queue further tasks (an e-mail is its own task): wait until every one of them has run.
    harness.wait_for(lambda: set(dict(stack.sql(query))) == {"SUCCESSFUL"}, timeout=60, what="every task run")
    assert sum(count for _status, count in stack.sql(query)) >= queued
    assert "Bingo" in (stack.workdir / "worker.log").read_text(), "the confirmations were sent (console e-mail)"
