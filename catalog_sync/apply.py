"""Carrying out a plan in Saleor through the gateway, and recording each outcome.

Creates go in bulk; updates, hides and republishes run with bounded concurrency. Outcomes are
recorded in the registry batch by batch, so a crash loses at most one batch of bookkeeping, and
the next run redoes only that (every write is idempotent: the same content, the same visibility,
and creates are matched on externalReference).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from catalog_sync.content import to_draft
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, SyncRun, external_reference
from catalog_sync.planner import ActionKind, Plan, PlannedAction
from catalog_sync.registry import forget_removed_saleor_products
from saleor_api import gateway
from saleor_api.blueprint import SHAPE
from saleor_api.client import SaleorClient, chunked
from saleor_api.errors import SaleorError, SaleorMutationError
from saleor_api.types import StoreLayout

logger = logging.getLogger(__name__)

CONCURRENT_BATCH = 100

Progress = Callable[[int], None]


@dataclass
class ApplyReport:
    done: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.done[kind] = self.done.get(kind, 0) + 1


@dataclass(frozen=True)
class Outcome:
    action: PlannedAction
    product_id: str
    error: str = ""
    gone: bool = False  # Saleor no longer has the product: staff deleted it


def _deleted_in_saleor(exc: SaleorError) -> bool:
    """Whether Saleor refused because the product it was asked to change does not exist."""
    return isinstance(exc, SaleorMutationError) and any(
        e.code == "NOT_FOUND" and e.field == "id" for e in exc.errors
    )


AUDIT_ACTION = {
    ActionKind.CREATE: AuditEvent.Action.CREATED,
    ActionKind.UPDATE: AuditEvent.Action.UPDATED,
    ActionKind.HIDE: AuditEvent.Action.HIDDEN,
    ActionKind.REPUBLISH: AuditEvent.Action.REPUBLISHED,
}


def apply_plan(
    plan: Plan,
    client: SaleorClient,
    layout: StoreLayout,
    *,
    run: SyncRun | None = None,
    actor: str = "sync",
    progress: Progress | None = None,
) -> ApplyReport:
    report = ApplyReport()
    creates = plan.of_kind(ActionKind.CREATE)
    others = [a for a in plan.writes if a.kind is not ActionKind.CREATE]
    for batch in chunked(creates, gateway.BULK_CREATE_BATCH):
        outcomes = _create(client, layout, batch)
        _record(outcomes, report, run, actor, plan.as_of)
        if progress:
            progress(len(batch))
    for batch in chunked(others, CONCURRENT_BATCH):
        outcomes = client.map_concurrent(lambda a: _change(client, layout, a), batch)
        _record(outcomes, report, run, actor, plan.as_of)
        if progress:
            progress(len(batch))
    return report


def _create(
    client: SaleorClient, layout: StoreLayout, actions: Sequence[PlannedAction]
) -> list[Outcome]:
    # One bulk request per batch: each product is created already shown or hidden.
    drafts = {
        a.product_key: to_draft(a.content, external_reference(a.product_key), shown=a.show)
        for a in actions
        if a.content
    }
    group = [a for a in actions if a.product_key in drafts]
    outcomes: list[Outcome] = []
    to_translate = []
    try:
        created = gateway.create_products(client, layout, [drafts[a.product_key] for a in group])
    except SaleorError as exc:
        return [Outcome(a, "", str(exc)) for a in group]
    by_ref = {c.external_reference: c for c in created}
    for action in group:
        result = by_ref[external_reference(action.product_key)]
        if not result.product_id:
            outcomes.append(Outcome(action, "", result.error))
            continue
        draft = drafts[action.product_key]
        if draft.translations:
            to_translate.append((result.product_id, draft.translations))
        outcomes.append(Outcome(action, result.product_id))
    try:
        for failure in gateway.translate_products(client, to_translate):
            logger.warning("translation refused: %s", failure)
    except SaleorError as exc:
        # The products exist but are not recorded: the next run finds them by externalReference
        # and writes their translations again.
        translated_ids = {pid for pid, _ in to_translate}
        return [
            Outcome(o.action, o.product_id, f"translations: {exc}")
            if o.product_id in translated_ids
            else o
            for o in outcomes
        ]
    return outcomes


def _change(client: SaleorClient, layout: StoreLayout, action: PlannedAction) -> Outcome:
    product_id = action.saleor_product_id
    try:
        if action.update_content and action.content is not None:
            draft = to_draft(action.content, external_reference(action.product_key))
            gateway.update_product(client, layout, product_id, draft)
            if draft.prices:  # a price that arrived after the product was listed without one
                gateway.add_missing_prices(client, layout, product_id, draft.prices)
            if draft.translations:
                gateway.translate_product(client, product_id, draft.translations)
        if action.kind in (ActionKind.HIDE, ActionKind.REPUBLISH):
            gateway.set_visibility(client, layout, product_id, shown=action.show)
    except SaleorError as exc:
        return Outcome(action, product_id, str(exc), gone=_deleted_in_saleor(exc))
    return Outcome(action, product_id)


def _record(
    outcomes: Sequence[Outcome],
    report: ApplyReport,
    run: SyncRun | None,
    actor: str,
    as_of: date,
) -> None:
    keys = [o.action.product_key for o in outcomes]
    with transaction.atomic():
        products = {p.product_key: p for p in OcopProduct.objects.filter(product_key__in=keys)}
        events: list[AuditEvent] = []
        changed: list[OcopProduct] = []
        lapsed: list[int] = []
        removed: list[str] = []
        for outcome in outcomes:
            action = outcome.action
            product = products.get(action.product_key)
            if product is None:
                continue
            if outcome.gone:
                # Deleted in Saleor by staff (its webhook not received yet, or lost): left out
                # from now on, as the webhook would have done; not a failure of the run.
                report.count("removed")
                removed.append(outcome.product_id)
                continue
            if outcome.error:
                report.failures.append(f"{action.kind.value} {action.product_key}: {outcome.error}")
                events.append(
                    AuditEvent(
                        product=product,
                        run=run,
                        action=AuditEvent.Action.FAILED,
                        reason=f"{action.kind.value} failed: {outcome.error}"[:1000],
                        actor=actor,
                    )
                )
                continue
            report.count(action.kind.value)
            product.saleor_product_id = outcome.product_id
            if action.kind is ActionKind.CREATE or action.kind in (
                ActionKind.HIDE,
                ActionKind.REPUBLISH,
            ):
                product.shown = action.show
            if action.content is not None and (
                action.update_content or action.kind is ActionKind.CREATE
            ):
                product.applied_hash = action.content.content_hash()
                product.saleor_shape = SHAPE
            changed.append(product)
            events.append(
                AuditEvent(
                    product=product,
                    run=run,
                    action=AUDIT_ACTION[action.kind],
                    reason=action.reason[:1000],
                    actor=actor,
                )
            )
            if action.kind is ActionKind.HIDE:
                lapsed.append(product.pk)
        Certificate.objects.lapsed_on(as_of).filter(product_id__in=lapsed).update(
            status=Certificate.Status.EXPIRED, status_changed_at=timezone.now()
        )
        _save_outcomes(changed)
        AuditEvent.objects.bulk_create(events)
        forget_removed_saleor_products(
            removed,
            reason="deleted in Saleor by staff (Saleor no longer has it): left out until "
            "listed again",
            actor=actor,
            run=run,
        )


# Django's bulk_update writes one CASE per field and row (about 2 ms a product, more than the
# rest of the bookkeeping together); one UPDATE joined to the rows' arrays does the same.
_SAVE_OUTCOMES = """
    UPDATE catalog_sync_ocopproduct AS p
       SET saleor_product_id = v.saleor_product_id, shown = v.shown,
           applied_hash = v.applied_hash, saleor_shape = v.saleor_shape, updated_at = now()
      FROM unnest(%s::bigint[], %s::text[], %s::boolean[], %s::text[], %s::smallint[])
           AS v(id, saleor_product_id, shown, applied_hash, saleor_shape)
     WHERE p.id = v.id
"""


def _save_outcomes(products: Sequence[OcopProduct]) -> None:
    if not products:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _SAVE_OUTCOMES,
            [
                [p.pk for p in products],
                [p.saleor_product_id for p in products],
                [p.shown for p in products],
                [p.applied_hash for p in products],
                [p.saleor_shape for p in products],
            ],
        )
