"""The shared cache (Redis) as a cache only: Redis away is never a reason for a page to fail or to wait.

Django's own `RedisCache` raises on every call while Redis is stopped, and waits as long as the operating
system lets it while Redis is frozen. `ResilientRedisCache` is the same backend with four changes:

- short socket and connect timeouts (a fraction of a second), one quick retry on a broken connection
  (Redis restarted since the pool connected) and none on a timeout;
- a Redis error never reaches the caller: a read is a miss (the default), a write is skipped;
- a circuit breaker: after a failure Redis is left alone for `BREAKER_SECONDS`, so a frozen Redis costs one
  timeout every few seconds instead of one per call; the first call after that tries it again, and when it
  answers it is used again, without a restart. One WARNING when an outage starts and one when it ends, per
  process;
- keys that must keep counting while Redis is away (`LOCAL_FALLBACK_PREFIXES`: the rate limits of allauth
  and django-ratelimit, allauth's lock around them, allauth's "TOTP code used" guard) go to a local-memory
  cache of the process instead: limits then count per process (each app server on its own) until Redis is
  back. Never "no limit at all", and never "everyone is refused".

What may have gone stale during an outage is removed when Redis answers again, before the call that found it
back goes through: every key this process could not write or delete (its old value in Redis is out of date)
is deleted, and `recovered` is sent (the page cache starts a new generation; see `portal.page_cache`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

#: Sent when Redis answers again after an outage (sender: the backend class, `cache`: the backend). Receivers
#: drop what may have gone stale meanwhile; the cache is usable again when they run.
recovered = Signal()

LOCAL_FALLBACK_PREFIXES = ("allauth:rl:", "rl:", "allauth.mfa.totp.used")
BREAKER_SECONDS = 5.0
SOCKET_TIMEOUT = 0.3
# Keys remembered for deletion on recovery; past this many the whole cache is cleared then instead.
MAX_PENDING = 10_000
# Counters kept in the process while Redis is away (LocMemCache's default of 300 would forget limits early).
LOCAL_MAX_ENTRIES = 20_000
FAILURES = (RedisError, OSError)
clock = time.monotonic  # the breaker's clock (tests move it on instead of waiting)


@dataclass
class Circuit:
    """Per process and Redis location: is Redis away, since when, and what could not be written meanwhile."""

    location: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    probing: threading.Lock = field(default_factory=threading.Lock)
    down_since: float | None = None  # clock() of the first failure of this outage
    retry_at: float = 0.0
    attempts: int = 0  # calls that went to Redis (or tried to): what the breaker saves is visible here
    failures: int = 0
    outages: int = 0
    pending: set[str] = field(default_factory=set)  # made keys to delete when Redis is back
    pending_clear: bool = False

    @property
    def down(self) -> bool:
        return self.down_since is not None


_circuits: dict[str, Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(location: str) -> Circuit:
    """One circuit per Redis location in this process, shared by the backend instances of all threads."""
    with _circuits_lock:
        return _circuits.setdefault(location, Circuit(location=location))


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that degrades to "no cache" while Redis is away; see the module's docstring.

    OPTIONS, besides redis-py's own: BREAKER_SECONDS (default 5), LOCAL_FALLBACK_PREFIXES (raw key prefixes
    that count locally while Redis is away). socket_timeout and socket_connect_timeout default to 0.3 s.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.breaker_seconds = float(options.pop("BREAKER_SECONDS", BREAKER_SECONDS))
        self.fallback_prefixes = tuple(options.pop("LOCAL_FALLBACK_PREFIXES", LOCAL_FALLBACK_PREFIXES))
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)))
        super().__init__(server, {**params, "OPTIONS": options})
        location = _without_password(",".join(self._servers))
        self.circuit = circuit_for(location)
        # Shared by every thread of the process (LocMemCache instances with one name share their storage).
        self.local = LocMemCache(
            f"portal.cache.fallback:{location}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}},
        )

    # The breaker.

    def _counts_locally(self, key) -> bool:
        return str(key).startswith(self.fallback_prefixes)

    def _available(self) -> bool:
        circuit = self.circuit
        if not circuit.down:
            return True
        if clock() < circuit.retry_at:
            return False
        return self._recover()

    def _trip(self, error: Exception) -> None:
        circuit = self.circuit
        now = clock()
        with circuit.lock:
            circuit.failures += 1
            circuit.retry_at = now + self.breaker_seconds
            first = not circuit.down
            if first:
                circuit.down_since = now
                circuit.outages += 1
        if first:
            logger.warning(
                "Redis at %s does not answer (%s: %s). The portal carries on without the shared cache: pages are "
                "not cached, and rate limits count per process (each app server on its own) until Redis answers "
                "again; it is tried again every %g s.",
                circuit.location,
                type(error).__name__,
                error,
                self.breaker_seconds,
            )

    def _recover(self) -> bool:
        """Redis may be back: one thread asks it, removes what went stale, and reopens the way to it."""
        circuit = self.circuit
        if not circuit.probing.acquire(blocking=False):
            return False  # another thread is asking; this call goes on without Redis
        try:
            with circuit.lock:
                if not circuit.down:
                    return True
                pending, clear = set(circuit.pending), circuit.pending_clear
                circuit.attempts += 1
            try:
                self._cache.get_client(None, write=True).ping()
                if clear:
                    self._cache.clear()
                else:
                    keys = sorted(pending)
                    for start in range(0, len(keys), 500):
                        self._cache.delete_many(keys[start : start + 500])
            except FAILURES as error:
                self._trip(error)
                return False
            with circuit.lock:
                seconds = clock() - circuit.down_since
                circuit.pending -= pending
                if clear:
                    circuit.pending_clear = False
                circuit.down_since = None
        finally:
            circuit.probing.release()
        logger.warning(
            "Redis at %s answers again after %.0f s: the cache is shared again (%s).",
            circuit.location,
            seconds,
            "cleared, too much was written during the outage" if clear else f"{len(pending)} stale keys removed",
        )
        recovered.send(sender=type(self), cache=self)
        return True

    def _remember(self, keys, version) -> None:
        """These writes did not reach Redis: the values there are out of date, delete them when it is back."""
        made = [self.make_and_validate_key(key, version=version) for key in keys]
        if not made:
            return
        circuit = self.circuit
        with circuit.lock:
            if circuit.pending_clear:
                return
            circuit.pending.update(made)
            if len(circuit.pending) > MAX_PENDING:
                circuit.pending.clear()
                circuit.pending_clear = True

    def _call(self, redis_call, degraded, *, unwritten=(), version=None):
        """`redis_call()` when Redis answers; otherwise `degraded()`, remembering the `unwritten` keys."""
        if self._available():
            with self.circuit.lock:
                self.circuit.attempts += 1
            try:
                return redis_call()
            except FAILURES as error:
                self._trip(error)
        self._remember(unwritten, version)
        return degraded()

    # The cache API: every call goes through `_call`.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self.local.add(key, value, timeout, version) if local else False,
        )

    def get(self, key, default=None, version=None):
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self.local.get(key, default, version) if local else default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._counts_locally(key)
        self._call(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self.local.set(key, value, timeout, version) if local else None,
            unwritten=() if local else (key,),
            version=version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self.local.touch(key, timeout, version) if local else False,
        )

    def delete(self, key, version=None):
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self.local.delete(key, version) if local else False,
            unwritten=(key,),
            version=version,
        )

    def get_many(self, keys, version=None):
        keys = list(keys)
        return self._call(
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda: self.local.get_many([k for k in keys if self._counts_locally(k)], version),
        )

    def has_key(self, key, version=None):
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self.local.has_key(key, version) if local else False,
        )

    def incr(self, key, delta=1, version=None):
        """A counter: counted in the process while Redis is away (ValueError for a key it does not know)."""
        local = self._counts_locally(key)
        return self._call(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            lambda: self.local.incr(key, delta, version),
            unwritten=() if local else (key,),
            version=version,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        kept = {k: v for k, v in data.items() if self._counts_locally(k)}
        others = [k for k in data if k not in kept]
        return self._call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: self.local.set_many(kept, timeout, version) + others,
            unwritten=others,
            version=version,
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        self._call(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: self.local.delete_many([k for k in keys if self._counts_locally(k)], version),
            unwritten=keys,
            version=version,
        )

    def clear(self):
        self.local.clear()

        def later():
            with self.circuit.lock:
                self.circuit.pending.clear()
                self.circuit.pending_clear = True
            return False

        return self._call(lambda: super(ResilientRedisCache, self).clear(), later)
