"""Login forms throttled per (account, client): django-axes, counting failures in Redis.

Every login goes through ``django.contrib.auth.authenticate`` with the request (Django admin's
today; the producer portal's, django-allauth's, later), so axes' authentication backend guards
them all: after ``LOGIN_FAILURE_LIMIT`` failures for one username from one client address, that
pair is refused for ``LOGIN_COOLOFF_MINUTES`` (a 429 page in the visitor's language). Another
client, or another account from the same client, is not held back, so nobody can lock a producer
out of their account from elsewhere.

The counts live in the cache, never in the database. A cache that is down must neither lock
everyone out nor break logging in: the handler then counts nothing and lets the form answer as
usual (logged once a minute), like the order look-up's throttle.
"""

from __future__ import annotations

import math
from typing import Any

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_cache, get_cool_off
from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from storefront.cache import CACHE_DOWN, cache_down

USERNAME_FIELDS = ("username", "login", "email")  # Django's forms, allauth's, an email login


class FailOpenCacheHandler(AxesCacheHandler):
    """Axes' cache handler, letting logins through uncounted while the cache is down."""

    def __init__(self) -> None:  # the cache is looked up on each use (settings may change)
        pass

    @property
    def cache(self) -> BaseCache:
        return get_cache()

    @cache.setter
    def cache(self, value: BaseCache) -> None:
        pass

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        try:
            return int(super().get_failures(request, credentials))
        except CACHE_DOWN as exc:
            cache_down(exc)
            return 0

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        try:
            super().user_login_failed(sender, credentials, request, **kwargs)
        except CACHE_DOWN as exc:
            cache_down(exc)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        try:
            super().user_logged_in(sender, request, user, **kwargs)
        except CACHE_DOWN as exc:
            cache_down(exc)


def username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account a login attempt is for, as one spelling ("Admin " and "admin" count together)."""
    sources = [credentials or {}, getattr(request, "POST", {}) or {}]
    for source in sources:
        for field in USERNAME_FIELDS:
            value = source.get(field)
            if isinstance(value, str) and value.strip():
                return value.strip().lower()[:254]
    return None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page a locked-out pair sees: when to try again, in the visitor's language."""
    cool_off = get_cool_off(request)
    seconds = max(1, int(cool_off.total_seconds())) if cool_off else 0
    response = render(
        request,
        "storefront/login_locked.html",
        {"minutes": math.ceil(seconds / 60) if seconds else None},
        status=429,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, read where the other throttles read it (``RATELIMIT_IP_META_KEY``)."""
    value = request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR", "")
    return str(value).split(",")[0].strip() or None
