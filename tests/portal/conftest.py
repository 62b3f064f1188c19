"""Fixtures of the fault tests (a private Redis under the portal) and the tour fixtures they book with."""

from tests.ambassadors.conftest import ambassador, make_ambassador, slots, tour_page  # noqa: F401
from tests.faults import breaker_clock, redis_cache, redis_server  # noqa: F401
