"""Fixtures for the multi-process tests: the production stack of tests/stack.py, once per test session.

`stack` is two gunicorn app servers on free ports against a PostgreSQL database of their own and a database
number of their own on the shared Redis. `make_stack` builds more stacks in a test (e.g. against a
`private_redis`, for the fault checks); they are stopped and their databases dropped at the end of it.
"""

from __future__ import annotations

import shutil

import pytest

from tests import stack as harness
from tests.mailserver import MailServer

# What a person reads after signing up and after booking a tour: the tests count answers by these.
SIGNED_UP = "U bent aangemeld. U krijgt een bevestiging per e-mail."
BOOKED = "Uw rondleiding is geboekt"


@pytest.fixture(scope="session")
def stack_template(tmp_path_factory):
    reason = harness.why_unavailable()
    if reason:
        harness.unavailable(f"The multi-server tests need PostgreSQL, Redis and gunicorn on this machine: {reason}")
    template = harness.StackTemplate(tmp_path_factory.mktemp("stack-template"))
    try:
        template.build()
        yield template
    finally:
        template.drop()


@pytest.fixture(scope="session")
def shared_redis_url(stack_template):
    with harness.redis_database() as url:
        yield url


@pytest.fixture(scope="session")
def stack(stack_template, shared_redis_url, tmp_path_factory):
    """Two app servers (stack.servers[0] and [1]) with the data set of tests.stack.seed."""
    with harness.Stack(
        template=stack_template, redis_url=shared_redis_url, workdir=tmp_path_factory.mktemp("stack")
    ) as running:
        yield running


@pytest.fixture
def private_redis(tmp_path):
    if shutil.which("redis-server") is None:
        harness.unavailable("A private Redis needs redis-server.")
    redis = harness.PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def make_stack(stack_template, tmp_path):
    """make_stack(redis_url=..., servers=2, env={...}) -> a started Stack, closed at the end of the test."""
    stacks = []

    def make(*, redis_url: str, servers: int = 2, env: dict[str, str] | None = None) -> harness.Stack:
        new = harness.Stack(
            template=stack_template,
            redis_url=redis_url,
            workdir=tmp_path / f"stack{len(stacks) + 1}",
            servers=servers,
            env=env,
        )
        stacks.append(new)
        new.start()
        return new

    yield make
    for made in stacks:
        made.close()


@pytest.fixture
def mail_server():
    """A real SMTP server on loopback (aiosmtpd), to stop and start again; see tests/mailserver.py."""
    server = MailServer()
    server.start()
    yield server
    server.stop()
