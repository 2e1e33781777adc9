"""OCOP traceability labels: which products get one, and what each label says.

A label carries the QR code of the product's verification page (``<SHOP_PUBLIC_URL>/verify/<code>``),
the OCOP mark with its stars, the product and producer names, and the certificate's last valid day.
Only products whose certificate is valid today get a label; the others are listed with the reason.

The producers' portal and the province console call :func:`labels_for_producer` and
:func:`labels_for_province`; ``manage.py ocop_labels`` does the same until they exist.
Rendering (SVG, PDF) is in :mod:`traceability.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from catalog_sync import validity
from catalog_sync.models import OcopProduct, Producer
from catalog_sync.normalise import matching_key
from catalog_sync.public import PublicStatus, public_status


def verify_url(code: str) -> str:
    """The absolute address a label's QR code holds."""
    base = str(settings.SHOP_PUBLIC_URL).rstrip("/")
    return base + reverse("traceability:verify", kwargs={"code": code})


@dataclass(frozen=True)
class Label:
    code: str
    url: str
    product_name: str
    producer_name: str
    stars: int
    valid_until: date
    language: str = "vi"

    @property
    def valid_until_text(self) -> str:
        """ "Có hiệu lực đến 23/11/2027" in the label's language."""
        with translation.override(self.language):
            day = formats.date_format(self.valid_until, "DATE_FORMAT")
            return gettext("Valid until %(date)s") % {"date": day}

    @property
    def scan_text(self) -> str:
        with translation.override(self.language):
            return gettext("Scan to check")


@dataclass(frozen=True)
class Skipped:
    code: str
    product_name: str
    reason: str


@dataclass
class LabelBatch:
    labels: list[Label] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def labels_for(
    products: QuerySet[OcopProduct], *, today: date | None = None, language: str = "vi"
) -> LabelBatch:
    """A label for each product whose certificate is valid on ``today`` (Vietnam's date)."""
    today = today or validity.ocop_today()  # looked up per call (tests pin the day)
    batch = LabelBatch()
    for product in products.select_related("producer").order_by("producer__name", "name", "code"):
        certificate = product.current_certificate()
        if certificate is None:
            batch.skipped.append(Skipped(product.code, product.name, "no current certificate"))
            continue
        status = public_status(certificate, today)
        if status is not PublicStatus.VALID:
            reason = {
                PublicStatus.EXPIRED: f"expired: valid until {certificate.valid_until.isoformat()}",
                PublicStatus.REVOKED: f"revoked ({certificate.status_reason or 'no reason given'})",
            }.get(status, str(status))
            batch.skipped.append(Skipped(product.code, product.name, reason))
            continue
        batch.labels.append(
            Label(
                code=product.code,
                url=verify_url(product.code),
                product_name=product.name,
                producer_name=product.producer.name,
                stars=certificate.stars,
                valid_until=certificate.valid_until,
                language=language,
            )
        )
    return batch


def labels_for_producer(
    producer: Producer, *, today: date | None = None, language: str = "vi"
) -> LabelBatch:
    return labels_for(OcopProduct.objects.filter(producer=producer), today=today, language=language)


def labels_for_province(
    province: str, *, today: date | None = None, language: str = "vi"
) -> LabelBatch:
    """``province`` as people write it ("Kiên Giang", "kien giang")."""
    products = OcopProduct.objects.in_province(matching_key(province))
    return labels_for(products, today=today, language=language)


def labels_for_codes(
    codes: list[str], *, today: date | None = None, language: str = "vi"
) -> LabelBatch:
    """Labels of the products with these codes; an unknown code is listed as skipped."""
    wanted = {code.strip().lower(): code.strip() for code in codes if code.strip()}
    products = OcopProduct.objects.filter(code__in=list(wanted.values()))
    batch = labels_for(products, today=today, language=language)
    found = {product.code.lower() for product in products}
    batch.skipped.extend(
        Skipped(code, "", "no OCOP product has this code")
        for key, code in wanted.items()
        if key not in found
    )
    return batch
