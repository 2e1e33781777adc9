"""Display cached, checkout live: catalogue answers cached in Redis, served stale while refreshed.

This is the storefront's one cache layer. It holds Saleor's answers, not rendered pages: a page
is rendered for each request (from the registry, which is local, and these answers), so it
carries the visitor's own CSRF token and today's certificate rule, and nothing personal is
ever stored. Each answer is cached under its (operation, variables) — variables carry the channel and the
language — for SOFT_TTL seconds fresh and kept up to HARD_TTL as a stale fallback. An answer
merely older than SOFT_TTL is served at once while one background refresh runs
(stale-while-revalidate). Saleor's product webhooks, the sync and the producers' portal bump a
generation number when the catalogue changed: an answer of an older generation is known to be
out of date, so it is read again from Saleor before the page is shown (a producer who just set a
price sees it, a tourist is not shown the old one); only the request that re-reads it waits,
requests arriving meanwhile get the older answer. When Saleor is down a cached answer of any age
keeps the shop browsable.

The cache is an optimisation, never a dependency: when Redis is down every read is a miss and
every write is dropped (logged once a minute), so pages are rendered from Saleor.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from saleor_api.catalogue import Request
from saleor_api.errors import SaleorError

logger = logging.getLogger(__name__)

GENERATION_KEY = "sf:generation"
Loader = Callable[[], dict[str, Any]]
CACHE_DOWN = (RedisError, OSError)
_last_warning = 0.0


def cache_down(exc: Exception) -> None:
    """Log that the cache is down, at most once a minute (callers carry on without it)."""
    global _last_warning
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        logger.warning("cache unavailable, serving without it: %s", exc)


def _get(key: str) -> Any:
    try:
        return cache.get(key)
    except CACHE_DOWN as exc:
        cache_down(exc)
        return None


def _set(key: str, value: Any, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout)
    except CACHE_DOWN as exc:
        cache_down(exc)


def _add(key: str, value: Any, timeout: int | None) -> bool:
    """``cache.add``; False (someone else holds it) when the cache is down."""
    try:
        return bool(cache.add(key, value, timeout=timeout))
    except CACHE_DOWN as exc:
        cache_down(exc)
        return False


def soft_ttl() -> int:
    return int(settings.STOREFRONT_CACHE_SECONDS)


def hard_ttl() -> int:
    return int(settings.STOREFRONT_CACHE_STALE_SECONDS)


def generation() -> int:
    return int(_get(GENERATION_KEY) or 0)


def invalidate_catalogue(payload: dict[str, Any] | None = None) -> None:
    """Make every cached catalogue answer stale (a webhook handler: product changed)."""
    if not cache.add(GENERATION_KEY, 1, timeout=None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, timeout=None)


def cache_key(request: Request) -> str:
    raw = json.dumps([request.operation, request.variables], sort_keys=True, default=str)
    return "sf:q:" + hashlib.sha256(raw.encode()).hexdigest()


def _entry_and_generation(key: str) -> tuple[Any, int]:
    """The cached entry under ``key`` (None) and the catalogue's generation, in one round trip."""
    try:
        found = cache.get_many([key, GENERATION_KEY])
    except CACHE_DOWN as exc:
        cache_down(exc)
        return None, 0
    return found.get(key), int(found.get(GENERATION_KEY) or 0)


def fetch(request: Request, loader: Loader) -> dict[str, Any]:
    """The answer to ``request``: from the cache when there, else from ``loader`` (Saleor)."""
    key = cache_key(request)
    # the generation is read before Saleor is: a change meanwhile leaves the answer stale
    entry, current = _entry_and_generation(key)
    if entry is None:
        data = loader()
        _store(key, data, current)
        return data
    if entry["generation"] != current:
        # Known out of date: read again now, unless another request is reading it already or
        # Saleor does not answer (then the entry, as it is).
        again = _reload(key, loader) if _lock(key) else None
        return again if again is not None else dict(entry["data"])
    if time.time() - entry["at"] >= soft_ttl():
        _refresh_in_background(key, loader)
    return dict(entry["data"])


def _lock(key: str) -> bool:
    """Whether this request may read ``key`` again from Saleor (no other one is at it)."""
    return _add(key + ":refreshing", 1, timeout=30)


def _reload(key: str, loader: Loader) -> dict[str, Any] | None:
    """Saleor's answer, stored under ``key``; None when Saleor failed. Releases the key's lock."""
    try:
        current = generation()
        data = loader()
    except SaleorError as exc:
        logger.warning("catalogue refresh failed, serving stale: %s", exc)
        return None
    finally:
        try:
            cache.delete(key + ":refreshing")
        except CACHE_DOWN as exc:
            cache_down(exc)
    _store(key, data, current)
    return data


def _store(key: str, data: dict[str, Any], current: int) -> None:
    _set(key, {"data": data, "at": time.time(), "generation": current}, hard_ttl())


def _refresh_in_background(key: str, loader: Loader) -> None:
    if not _lock(key):
        return  # another worker is on it
    if settings.STOREFRONT_REFRESH_INLINE:
        _reload(key, loader)  # tests: deterministic
    else:
        threading.Thread(
            target=_reload, args=(key, loader), name="catalogue-refresh", daemon=True
        ).start()
