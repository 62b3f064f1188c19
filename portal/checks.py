"""System checks of the portal's own settings (run by `manage.py check`, the deploy ones with --deploy)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits and the page cache count on one cache for all app servers: Redis, not one per process."""
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [
            Warning(
                "The cache is local to each process: rate limits are counted per process and a change clears "
                "the stored pages of one process only, so other app servers serve old pages for up to "
                f"PAGE_CACHE_SECONDS ({settings.PORTAL_PAGE_CACHE_SECONDS} s).",
                hint="Set REDIS_URL to a Redis shared by all app servers.",
                id="portal.W001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def resilient_cache_check(app_configs, **kwargs):
    """Django's own Redis backend raises on every call while Redis is away: every page would be a 500."""
    if settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        return [
            Warning(
                "The cache is Django's own RedisCache: while Redis is stopped every page answers 500, and while "
                "it is frozen every request waits for it.",
                hint="Use portal.cache.ResilientRedisCache (what REDIS_URL sets up in config/settings/base.py).",
                id="portal.W002",
            )
        ]
    return []
