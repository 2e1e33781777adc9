"""A person's change to a listing: checked against their scope by the caller (accounts.policy),
written to Saleor through the gateway, audited, and the storefront's cache made stale."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from catalog_sync.models import AuditEvent, OcopProduct
from catalog_sync.signals import catalogue_changed
from saleor_api import gateway
from saleor_api.errors import SaleorError
from saleor_api.types import Listing, StoreLayout

if TYPE_CHECKING:
    from saleor_api.client import SaleorClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListingEdit:
    """What the producer asked for; None (or a missing key) leaves a value as it is."""

    description: str | None = None
    translations: dict[str, str] = field(default_factory=dict)  # "EN" -> text
    prices: dict[str, Decimal] = field(default_factory=dict)  # channel slug -> price
    stock: int | None = None
    weight_grams: int | None = None


def changes(before: Listing, edit: ListingEdit) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields that differ, as (before, after) records for the audit trail."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if edit.description is not None and edit.description.strip() != before.description:
        old["description"], new["description"] = before.description, edit.description.strip()
    for code, text in sorted(edit.translations.items()):
        if text.strip() and text.strip() != before.translations.get(code, ""):
            old.setdefault("translations", {})[code] = before.translations.get(code, "")
            new.setdefault("translations", {})[code] = text.strip()
    for slug, price in sorted(edit.prices.items()):
        if before.prices.get(slug) != price:
            current = before.prices.get(slug)
            old.setdefault("prices", {})[slug] = None if current is None else str(current)
            new.setdefault("prices", {})[slug] = str(price)
    if edit.stock is not None and edit.stock != before.stock:
        old["stock"], new["stock"] = before.stock, edit.stock
    if edit.weight_grams is not None and edit.weight_grams != before.weight_grams:
        old["weight_grams"], new["weight_grams"] = before.weight_grams, edit.weight_grams
    return old, new


def save_listing(
    client: SaleorClient,
    layout: StoreLayout,
    user: Any,
    product: OcopProduct,
    before: Listing,
    edit: ListingEdit,
) -> list[str]:
    """Write what changed to Saleor; the names of the fields written. Never touches the
    product's visibility: a product hidden for an ended certificate stays hidden.

    On a Saleor error the part already written is audited (as a failure) and the error raised.
    """
    old, new = changes(before, edit)
    written: list[str] = []
    error: SaleorError | None = None
    try:
        if "description" in new:
            gateway.set_description(client, before.product_id, new["description"])
            written.append("description")
        if "translations" in new:
            gateway.set_translated_descriptions(client, before.product_id, new["translations"])
            written.append("translations")
        if before.variant_id:
            if "prices" in new:
                gateway.set_prices(
                    client,
                    layout,
                    before.variant_id,
                    {slug: Decimal(p) for slug, p in new["prices"].items()},
                )
                written.append("prices")
            if "stock" in new:
                gateway.set_stock(client, layout, before.variant_id, new["stock"])
                written.append("stock")
            if "weight_grams" in new:
                gateway.set_weight(client, before.variant_id, new["weight_grams"])
                written.append("weight_grams")
    except SaleorError as exc:
        error = exc
    if written or error:
        _audit(user, product, old, new, written, error)
    if error is not None:
        raise error
    return written


def _audit(
    user: Any,
    product: OcopProduct,
    old: dict[str, Any],
    new: dict[str, Any],
    written: list[str],
    error: SaleorError | None,
) -> None:
    record_edit(
        user,
        product,
        f"portal: {', '.join(written) or 'nothing'} written"
        + (f"; then failed: {error}" if error else ""),
        before={k: v for k, v in old.items() if k in written},
        after={k: v for k, v in new.items() if k in written},
        error=error,
        changed=bool(written),
    )


def record_edit(
    user: Any,
    product: OcopProduct,
    reason: str,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    error: SaleorError | None,
    changed: bool,
) -> None:
    """Audit a portal edit (who, what, before and after; failed when Saleor refused); when it
    changed the listing, the storefront's cached pages become stale once this is committed."""
    with transaction.atomic():
        AuditEvent.objects.create(
            product=product,
            action=AuditEvent.Action.FAILED if error else AuditEvent.Action.EDITED,
            reason=reason[:1000],
            actor=(getattr(user, "email", "") or str(user))[:200],
            user=user,
            before=before,
            after=after,
        )
        if changed:
            transaction.on_commit(lambda: catalogue_changed.send(sender=record_edit, run=None))
