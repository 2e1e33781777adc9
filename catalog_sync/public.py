"""What the public may know of the registry: a certificate's honest status on a given day, and
the look-ups the storefront makes (it reads the registry only through these functions)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.text import slugify

from catalog_sync.content import GROUP_LABELS
from catalog_sync.models import Certificate, OcopProduct, OcopProductQuerySet, Producer
from catalog_sync.normalise import matching_key
from catalog_sync.validity import is_valid_on
from saleor_api.catalogue import Choice, Ocop


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


@lru_cache(maxsize=4096)
def _choice(name: str) -> Choice | None:
    """A fact as Saleor's attribute value holds it (its slug as the filters spell it); memoised,
    as a page names the same provinces and groups on many cards."""
    return Choice(name, slugify(matching_key(name))) if name else None


def registry_facts(saleor_product_ids: list[str]) -> dict[str, Ocop]:
    """The OCOP facts of these Saleor products as the registry holds them (the facts the sync
    writes into Saleor's attributes), by Saleor id; a certificate that is not active (revoked,
    or marked expired) has no valid-until, so it is not certified on any day."""
    if not saleor_product_ids:
        return {}
    # Only the columns the facts need, as tuples: a page asks this for each of its cards, and
    # model instances of these wide rows (a product keeps its whole list row) cost 3× the query.
    current = (
        Certificate.objects.current()
        .filter(product__saleor_product_id__in=saleor_product_ids)
        .order_by("product_id", "-decided_on", "-id")
        .distinct("product_id")
        .values_list(
            "product__saleor_product_id",
            "status",
            "stars",
            "valid_until",
            "decided_on",
            "decision_number",
            "product__code",
            "issuing_authority",
            "product__province",
            "group",
            KeyTextTransform("commune", "product__content"),
            KeyTextTransform("province", "product__content"),
            KeyTextTransform("producer_name", "product__content"),
        )
    )
    facts: dict[str, Ocop] = {}
    for (
        saleor_id, status, stars, valid_until, decided_on, decision_number, code, authority,
        province, group, commune, listed_province, producer,
    ) in current:  # fmt: skip
        facts[saleor_id] = Ocop(
            stars=stars,
            valid_until=valid_until if status == Certificate.Status.ACTIVE else None,
            decided_on=decided_on,
            decision_number=decision_number,
            certificate_code=code,
            issuing_authority=authority,
            commune=commune or "",
            province=_choice(listed_province or province),
            producer=_choice(producer or ""),
            group=_choice(GROUP_LABELS.get(group, group)),
        )
    return facts


def certified_on(day: date, province_key: str | None = None) -> OcopProductQuerySet:
    """Products in Saleor whose current certificate is active and valid on ``day`` (of one
    province, by its registry key, or of any when ``province_key`` is None): what a province
    event may feature. Judged on the dates and the current (latest, not superseded) certificate,
    as the storefront judges it."""
    current = (
        Certificate.objects.current().filter(product=OuterRef("pk")).order_by("-decided_on", "-id")
    )
    products = (
        OcopProduct.objects.exclude(saleor_product_id="")
        .annotate(
            current_status=Subquery(current.values("status")[:1]),
            current_valid_until=Subquery(current.values("valid_until")[:1]),
        )
        .filter(current_status=Certificate.Status.ACTIVE, current_valid_until__gte=day)
    )
    if province_key is not None:
        products = products.filter(province_key=province_key)
    return products


def certified_ids_on(day: date, product_ids: list[int]) -> set[int]:
    """Of these registry products (primary keys), those certified on ``day``."""
    return set(certified_on(day).filter(pk__in=product_ids).values_list("pk", flat=True))


@dataclass(frozen=True)
class ProductOwner:
    """Who makes a Saleor product, as the registry holds it (reports group sales by it)."""

    saleor_product_id: str
    product_name: str
    product_code: str
    producer_id: int
    producer_name: str
    province: str


def owners_of(saleor_product_ids: list[str]) -> dict[str, ProductOwner]:
    """The registry's product and producer behind each of these Saleor products, by Saleor id;
    a product the registry does not know is absent."""
    if not saleor_product_ids:
        return {}
    products = OcopProduct.objects.filter(saleor_product_id__in=saleor_product_ids).select_related(
        "producer"
    )
    return {
        product.saleor_product_id: ProductOwner(
            saleor_product_id=product.saleor_product_id,
            product_name=product.name,
            product_code=product.code,
            producer_id=product.producer_id,
            producer_name=product.producer.name,
            province=product.province or product.producer.province,
        )
        for product in products
    }
