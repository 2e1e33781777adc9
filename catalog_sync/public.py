"""What the public may know of the registry: a certificate's honest status on a given day, and
the look-ups the storefront makes (it reads the registry only through these functions)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from catalog_sync.models import Certificate, OcopProduct, Producer
from catalog_sync.validity import is_valid_on


class PublicStatus(enum.StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


def public_status(certificate: Certificate, today: date) -> PublicStatus:
    """Judged from the dates, not only the stored status: the sweep may not have run yet."""
    if certificate.status == Certificate.Status.REVOKED:
        return PublicStatus.REVOKED
    if certificate.status == Certificate.Status.SUPERSEDED:
        return PublicStatus.SUPERSEDED
    if not is_valid_on(certificate.valid_until, today):
        return PublicStatus.EXPIRED
    return PublicStatus.VALID


@dataclass(frozen=True)
class Verification:
    product: OcopProduct
    certificate: Certificate
    status: PublicStatus

    @property
    def ended_on(self) -> date | None:
        """The first day the certification no longer counted, in Vietnam: the day after its
        last valid day, or the Vietnamese date of the revocation."""
        if self.status is PublicStatus.EXPIRED:
            return self.certificate.valid_until + timedelta(days=1)
        if self.status is PublicStatus.REVOKED and self.certificate.status_changed_at:
            zone = ZoneInfo(settings.OCOP_TIMEZONE)
            return timezone.localtime(self.certificate.status_changed_at, zone).date()
        return None


def verify(code: str, today: date) -> Verification | None:
    product = (
        OcopProduct.objects.select_related("producer").filter(code__iexact=code.strip()).first()
    )
    if product is None:
        return None
    certificate = product.current_certificate()
    if certificate is None:
        return None
    return Verification(product, certificate, public_status(certificate, today))


SAMPLE_SOURCE = "catalog_sync/sample/ocop-sample.csv"


def sample_data_shown() -> bool:
    """True when the shop shows products imported from the sample list (`make run` does that)."""
    return Certificate.objects.filter(source__endswith=SAMPLE_SOURCE, product__shown=True).exists()


def product_with_slug(slug: str) -> OcopProduct | None:
    return OcopProduct.objects.filter(slug=slug).first()


def producer_named(name: str) -> Producer | None:
    return Producer.objects.filter(name=name).first()


def shown_product_slugs() -> list[str]:
    """The slugs of every product the shop shows (for the sitemap)."""
    return list(OcopProduct.objects.shown().exclude(slug="").values_list("slug", flat=True))
