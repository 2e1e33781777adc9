"""The project's Saleor client, built once per process from settings."""

from __future__ import annotations

import threading

from django.conf import settings

from saleor_api.breaker import CircuitBreaker
from saleor_api.client import SaleorClient
from saleor_api.errors import SaleorNotConfigured

_lock = threading.Lock()
_client: SaleorClient | None = None
_storefront_client: SaleorClient | None = None
_storefront_breaker: CircuitBreaker | None = None
_visitor_app_client: SaleorClient | None = None


def app_token() -> str:
    """The app token: SALEOR_APP_TOKEN, or the one Saleor sent when it installed the app."""
    if settings.SALEOR_APP_TOKEN:
        return str(settings.SALEOR_APP_TOKEN)
    from saleor_api.models import AppInstallation

    installation = AppInstallation.objects.current()
    return installation.auth_token if installation else ""


def api_url() -> str:
    if settings.SALEOR_API_URL:
        return str(settings.SALEOR_API_URL)
    from saleor_api.models import AppInstallation

    installation = AppInstallation.objects.current()
    return installation.api_url if installation else ""


def get_client() -> SaleorClient:
    global _client
    with _lock:
        if _client is None:
            url = api_url()
            if not url:
                raise SaleorNotConfigured(
                    "client",
                    "SALEOR_API_URL is not set and no Saleor has installed the app (see README.md)",
                )
            _client = SaleorClient(
                url,
                app_token(),
                timeout=settings.SALEOR_TIMEOUT,
                max_retries=settings.SALEOR_MAX_RETRIES,
                max_concurrency=settings.SALEOR_MAX_CONCURRENCY,
            )
        return _client


def get_storefront_client() -> SaleorClient:
    """A client without the app token: it sees the catalogue exactly as a visitor does
    (published, visible products only). It learns Saleor's version from the app client, since
    Saleor tells its version to apps and staff only.

    Visitors wait for it: each operation has a total deadline (SALEOR_PAGE_DEADLINE, well inside
    the web worker's timeout) and a circuit breaker fails fast after repeated failures.
    """
    global _storefront_client, _storefront_breaker
    with _lock:
        if _storefront_client is None:
            url = api_url()
            if not url:
                raise SaleorNotConfigured("storefront", "SALEOR_API_URL is not set (see README.md)")
            _storefront_client = SaleorClient(
                url,
                "",
                timeout=settings.SALEOR_TIMEOUT,
                max_retries=settings.SALEOR_MAX_RETRIES,
                max_concurrency=settings.SALEOR_MAX_CONCURRENCY,
                version_source=lambda: get_client().server_version(
                    deadline=settings.SALEOR_PAGE_DEADLINE
                ),
                deadline=settings.SALEOR_PAGE_DEADLINE,
                breaker=storefront_breaker(),
            )
        return _storefront_client


def get_visitor_app_client() -> SaleorClient:
    """The app client for what a visitor waits on (order look-up, health check): the app's
    rights, the storefront's deadline and breaker."""
    global _visitor_app_client
    with _lock:
        if _visitor_app_client is None:
            url = api_url()
            if not url:
                raise SaleorNotConfigured("client", "SALEOR_API_URL is not set (see README.md)")
            _visitor_app_client = SaleorClient(
                url,
                app_token(),
                timeout=settings.SALEOR_TIMEOUT,
                max_retries=settings.SALEOR_MAX_RETRIES,
                max_concurrency=settings.SALEOR_MAX_CONCURRENCY,
                deadline=settings.SALEOR_PAGE_DEADLINE,
                breaker=storefront_breaker(),
            )
        return _visitor_app_client


def storefront_breaker() -> CircuitBreaker:
    """The breaker of the calls visitors wait for (pages, cart, checkout, health check)."""
    global _storefront_breaker
    if _storefront_breaker is None:
        _storefront_breaker = CircuitBreaker(
            failure_threshold=settings.SALEOR_BREAKER_FAILURES,
            cooldown=settings.SALEOR_BREAKER_SECONDS,
        )
    return _storefront_breaker


def reset_client() -> None:
    """Forget the cached clients (after an installation stored a new token, and in tests)."""
    global _client, _storefront_client, _storefront_breaker, _visitor_app_client
    with _lock:
        for client in (_client, _storefront_client, _visitor_app_client):
            if client is not None:
                client.close()
        _client = None
        _storefront_client = None
        _visitor_app_client = None
        _storefront_breaker = None
