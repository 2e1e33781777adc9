"""Which Saleor the app trusts: to install it (``/saleor/register``) and to send it webhooks."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class SaleorSource:
    """A Saleor the shop trusts, as named by the headers of its request."""

    api_url: str  # its GraphQL endpoint, as in Saleor-Api-Url
    domain: str  # host[:port], as in Saleor-Domain

    @property
    def origin(self) -> str:
        parts = urlsplit(self.api_url)
        return f"{parts.scheme}://{parts.netloc}"


def allowed_saleor_domains() -> set[str]:
    """Hosts (``host[:port]``, as in Saleor-Domain) allowed to install the app and send webhooks.

    ``SALEOR_ALLOWED_DOMAINS``; when that is empty, the host of ``SALEOR_API_URL``; else none.
    """
    configured = {str(d).strip().lower() for d in settings.SALEOR_ALLOWED_DOMAINS or []} - {""}
    if configured:
        return configured
    if settings.SALEOR_API_URL:
        return {urlsplit(str(settings.SALEOR_API_URL)).netloc.lower()}
    return set()


def trusted_saleor(api_url: str | None, domain: str | None) -> SaleorSource | None:
    """The Saleor behind these headers when the shop trusts it, else None.

    The host of ``api_url`` decides (the signing keys are fetched from there); ``domain``, when
    given, must name the same host, as it does in every request Saleor makes.
    """
    if not api_url:
        return None
    try:
        parts = urlsplit(api_url.strip())
        host = parts.netloc.lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host or "@" in host:
        return None
    if domain is not None and domain.strip().lower() != host:
        return None
    if host not in allowed_saleor_domains():
        return None
    return SaleorSource(api_url=api_url.strip(), domain=host)
