"""Keeping the index current: the sync's announcements and Saleor's webhooks.

The sync sends ``catalogue_changed`` with its run: the products that run wrote (its audit
events) are re-indexed once the transaction commits; without a run (a revocation) the whole
index is rebuilt, which takes seconds even for 50,000 certificates (bench/bench_search.py).
Saleor's product webhooks re-index the product they name (or drop it when it was deleted).
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.db import transaction

from catalog_sync.models import AuditEvent, SyncRun
from catalog_sync.signals import catalogue_changed
from saleor_api.answers import CatalogueEvent
from saleor_app.signals import (
    product_deleted,
    product_updated,
    product_variant_stock_updated,
    product_variant_updated,
)
from search import indexer

logger = logging.getLogger(__name__)

WEBHOOK_PRODUCT_SIGNALS = (product_updated, product_variant_updated, product_variant_stock_updated)


def reindex_after_sync(run: SyncRun | None = None, **_: Any) -> None:
    transaction.on_commit(partial(_reindex_run, run.pk if run is not None else None))


def _reindex_run(run_id: int | None) -> None:
    if run_id is None:
        indexer.rebuild()
        return
    touched = AuditEvent.objects.filter(run_id=run_id).values_list("product_id", flat=True)
    count = indexer.refresh(touched)
    logger.info("search index: %d products re-indexed after run %s", count, run_id)


def reindex_webhook_product(payload: dict[str, Any], **_: Any) -> None:
    product_id = CatalogueEvent.model_validate(payload).product_id
    if product_id:
        indexer.refresh_saleor_products([product_id])


def forget_webhook_product(payload: dict[str, Any], **_: Any) -> None:
    product_id = CatalogueEvent.model_validate(payload).product_id
    if product_id:
        indexer.forget_saleor_products([product_id])


def connect() -> None:
    catalogue_changed.connect(reindex_after_sync, weak=False, dispatch_uid="search-index")
    for signal in WEBHOOK_PRODUCT_SIGNALS:
        signal.connect(reindex_webhook_product, dispatch_uid="search-index-product")
    product_deleted.connect(forget_webhook_product, dispatch_uid="search-index-product")
