"""The project's Saleor client, built once per process from settings.

Without ``SALEOR_API_URL``/``SALEOR_APP_TOKEN`` the client uses the Saleor that installed the app:
the Saleor App (:mod:`saleor_app`) tells the gateway where to read it with
:func:`use_installed_credentials`, so the gateway imports nothing above it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.conf import settings

from saleor_api.breaker import CircuitBreaker
from saleor_api.client import SaleorClient
from saleor_api.errors import SaleorNotConfigured

_lock = threading.Lock()
_client: SaleorClient | None = None
_storefront_client: SaleorClient | None = None
_storefront_breaker: CircuitBreaker | None = None
_visitor_app_client: SaleorClient | None = None

# (api_url, app token) of the Saleor that installed the app, or None when none did.
InstalledCredentials = Callable[[], "tuple[str, str] | None"]
_installed_credentials: InstalledCredentials | None = None


def use_installed_credentials(provider: InstalledCredentials) -> None:
    """Where the gateway reads the Saleor that installed the app, for what settings leave empty."""
    global _installed_credentials
    _installed_credentials = provider


def _installed() -> tuple[str, str] | None:
    return _installed_credentials() if _installed_credentials is not None else None


def app_token() -> str:
    """The app token: SALEOR_APP_TOKEN, or the one Saleor sent when it installed the app."""
    if settings.SALEOR_APP_TOKEN:
        return str(settings.SALEOR_APP_TOKEN)
    installed = _installed()
    return installed[1] if installed else ""


def api_url() -> str:
    if settings.SALEOR_API_URL:
        return str(settings.SALEOR_API_URL)
    installed = _installed()
    return installed[0] if installed else ""


def app_id_of_token(url: str, token: str) -> str:
    """The id of the app ``token`` belongs to, asked of the Saleor at ``url`` (no retry); empty
    when Saleor answers but knows no app by that token. Raises SaleorError."""
    client = SaleorClient(url, token, timeout=float(settings.SALEOR_TIMEOUT), max_retries=0)
    try:
        app = client.execute("AppId").get("app")
    finally:
        client.close()
    app_id = app.get("id") if isinstance(app, dict) else None
    return app_id if isinstance(app_id, str) else ""


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
