"""The catalogue sync and the expiry sweep, end to end: read → normalise → plan → record → apply.

Used by the management commands, the Celery tasks and the admin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from catalog_sync.apply import ApplyReport, Progress, apply_plan
from catalog_sync.domain import FeedDefaults, RowError
from catalog_sync.feeds import FeedError
from catalog_sync.models import (
    AuditEvent,
    Certificate,
    OcopProduct,
    RetiredShape,
    RowIssue,
    SyncRun,
)
from catalog_sync.normalise import matching_key
from catalog_sync.photos import PhotoReport, sync_photos
from catalog_sync.planner import Plan, plan_sync
from catalog_sync.registry import load_registry, record_plan
from catalog_sync.signals import catalogue_changed
from catalog_sync.validate import ParsedFeed, parse_source
from catalog_sync.validity import ocop_today
from saleor_api import blueprint as bp
from saleor_api import gateway
from saleor_api.bootstrap import read_layout
from saleor_api.connection import get_client
from saleor_api.errors import SaleorError
from saleor_api.types import StoreLayout

if TYPE_CHECKING:  # a client handle from saleor_api.connection, passed to the gateway
    from saleor_api.client import SaleorClient

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_REJECTED, EXIT_FAILED = 0, 1, 2
OTHER_PROVINCE = "other_province"  # a row's kind when a run restricted to a province refuses it


class SyncFailed(Exception):
    """The run could not be carried out (unreadable feed, Saleor not ready)."""


@dataclass
class SyncResult:
    run: SyncRun | None  # None for a dry run: it takes no run number and writes nothing
    plan: Plan
    feed: ParsedFeed | None = None
    applied: ApplyReport | None = None
    photos: PhotoReport | None = None
    expiring: dict[int, list[Certificate]] = field(default_factory=dict)

    @property
    def exit_status(self) -> int:
        if self.run is not None and self.run.status == SyncRun.Status.FAILED:
            return EXIT_FAILED
        if self.plan.rejected or (self.applied and self.applied.failures) or self.photo_failures:
            return EXIT_REJECTED
        return EXIT_OK

    @property
    def photo_failures(self) -> list[str]:
        return self.photos.failures if self.photos else []


def store_layout(client: SaleorClient) -> StoreLayout:
    layout = read_layout(client)
    if layout is None:
        raise SyncFailed(
            "Saleor is not bootstrapped: run `python manage.py saleor_bootstrap` first"
        )
    return layout


def run_sync(
    source: str,
    *,
    defaults: FeedDefaults | None = None,
    as_of: date | None = None,
    dry_run: bool = False,
    authoritative: bool = False,
    fmt: str | None = None,
    sheet: str | None = None,
    client: SaleorClient | None = None,
    on_plan: Callable[[Plan], Progress | None] | None = None,
    only_province: str = "",
    actor: str = "sync",
) -> SyncResult:
    """Read, validate and plan; then (unless a dry run) record the registry and apply to Saleor.

    ``only_province`` restricts the run to one province (the province console's officers): a row
    of another province is rejected (kind ``other_province``), and the plan weighs only the
    province's registry products, so nothing of another province is written (not even the
    hiding of one that lapsed: that is the nightly sweep's).
    ``actor`` names who ran it, on the run's options and on every audit event it writes.

    The registry is recorded before the first Saleor call, so a list is kept even when Saleor is
    down (the run then fails, and the next run writes what is missing). Any failure, including an
    interrupt, ends the run record as failed with its reason; expected ones raise SyncFailed.
    """
    defaults = defaults or FeedDefaults()
    today = as_of or ocop_today()
    if authoritative and not defaults.province:
        raise SyncFailed(
            "--authoritative needs --province: absence only means something per province"
        )
    run = None
    if not dry_run:
        run = SyncRun.objects.create(
            kind="sync",
            source=source[:1000],
            dry_run=False,
            as_of=today,
            options={
                "province": defaults.province,
                "decision": defaults.decision_number,
                "decided_on": defaults.decided_on.isoformat() if defaults.decided_on else None,
                "authoritative": authoritative,
                "sheet": sheet,
                **({"only_province": only_province} if only_province else {}),
                **({"actor": actor} if actor != "sync" else {}),
            },
        )
    with _finished_on_failure(run) as counts:
        feed = parse_source(source, defaults=defaults, today=today, fmt=fmt, sheet=sheet)
        if only_province:
            _refuse_other_provinces(feed, only_province)
        counts.update(_feed_counts(feed))
        province_key = matching_key(defaults.province) if authoritative else ""
        if authoritative and (feed.skipped_sheets or feed.unseen_rows):
            feed.warnings.append(_authoritative_withheld(feed))
            province_key = ""
        registry = load_registry()
        if only_province:  # the other provinces' products are not this run's business at all
            wanted = matching_key(only_province)
            registry = {k: p for k, p in registry.items() if p.province_key == wanted}
        plan = plan_sync(
            registry,
            feed.rows,
            today,
            validity_months=settings.OCOP_VALIDITY_MONTHS,
            rejected=feed.errors,
            authoritative_province_key=province_key,
            authoritative_province=defaults.province if province_key else "",
            seen_product_keys=feed.seen_product_keys,
        )
        counts.update(plan.counts())
        result = SyncResult(run=run, plan=plan, feed=feed)
        if run is None:
            return result
        RowIssue.objects.bulk_create(
            RowIssue(
                run=run,
                row_number=e.row_number,
                sheet=e.sheet[:200],
                column=e.column[:100],
                kind=e.kind,
                reason=e.reason[:1000],
            )
            for e in feed.errors
        )
        # The official record first: it never depends on Saleor being up.
        record_plan(plan, validity_months=settings.OCOP_VALIDITY_MONTHS, source=source)
        if plan.writes:
            client = client or get_client()
            layout = store_layout(client)
            progress = on_plan(plan) if on_plan else None
            result.applied = apply_plan(
                plan, client, layout, run=run, progress=progress, actor=actor
            )
            counts["failed"] = len(result.applied.failures)
            catalogue_changed.send(sender=run_sync, run=run)
        # Then the photos, once the products exist in Saleor: those not added yet, whether or not
        # the product changed (a photo that failed last time is tried again).
        result.photos = sync_photos(feed.rows, client or get_client, run=run)
        counts.update(result.photos.counts())
        retire_old_shape(client or get_client)
    partial = plan.rejected or (result.applied and result.applied.failures) or result.photo_failures
    _finish(run, SyncRun.Status.PARTIAL if partial else SyncRun.Status.SUCCEEDED, counts)
    return result


def retire_old_shape(client: SaleorClient | Callable[[], SaleorClient]) -> list[str]:
    """Once every product is in Saleor in the current shape (blueprint.SHAPE), delete the
    attributes of the older one, with their values: the slugs deleted.

    The sync migrates an installation itself: the next run or sweep after an upgrade rewrites
    each product of an older shape (recorded batch by batch, so a crash resumes where it
    stopped), and the run that leaves none deletes the retired attributes and records it
    (RetiredShape), so later runs do not ask Saleor again. Until then the storefront reads
    either shape. A failure here is logged and tried again by the next run.
    """
    if RetiredShape.objects.filter(shape__gte=bp.SHAPE).exists():
        return []  # done by an earlier run
    products = OcopProduct.objects.exclude(saleor_product_id="")
    if products.filter(saleor_shape__lt=bp.SHAPE).exists() or not products.exists():
        return []
    try:
        saleor = client() if callable(client) else client
        retired = gateway.retire_attributes(saleor, list(bp.RETIRED_ATTRIBUTES))
    except SaleorError as exc:
        logger.warning("the attributes of the old product shape stay for now: %s", exc)
        return []
    RetiredShape.objects.get_or_create(shape=bp.SHAPE)
    if retired:
        logger.info("deleted the attributes of the old product shape: %s", ", ".join(retired))
    return retired


def _refuse_other_provinces(feed: ParsedFeed, province: str) -> None:
    """Rows naming another province than ``province`` become rejected rows (kind
    ``other_province``): a run restricted to one province writes nothing of another."""
    wanted = matching_key(province)
    kept = []
    for row in feed.rows:
        if matching_key(row.province) == wanted:
            kept.append(row)
            continue
        named = row.province or "(none)"
        feed.errors.append(
            RowError(
                row.row_number,
                f"the row is of province {named}, not {province}: refused",
                column="province",
                kind=OTHER_PROVINCE,
                sheet=row.sheet,
                product_key=row.product_key,
            )
        )
    feed.rows = kept
    feed.errors.sort(key=lambda e: (e.sheet, e.row_number))


def _feed_counts(feed: ParsedFeed) -> dict[str, object]:
    counts: dict[str, object] = {f"feed_{k}": v for k, v in feed.counts.items()}
    if feed.sheets:
        counts["sheets"] = dict(feed.sheets)
    if feed.skipped_sheets:
        counts["sheets_skipped"] = list(feed.skipped_sheets)
    return counts


def _authoritative_withheld(feed: ParsedFeed) -> str:
    why = []
    if feed.skipped_sheets:
        why.append("sheets not read: " + ", ".join(f"'{n}'" for n in feed.skipped_sheets))
    if feed.unseen_rows:
        why.append(f"{feed.unseen_rows} rejected rows name no product that can be told")
    return (
        "--authoritative ignored: the products of this list were not all seen ("
        + "; ".join(why)
        + "), so none is treated as absent"
    )


@contextmanager
def _finished_on_failure(run: SyncRun | None) -> Iterator[dict[str, object]]:
    """Counts gathered in the block; a failure ends ``run`` as failed with its reason (an
    expected one re-raised as SyncFailed, anything else, interrupts included, as itself)."""
    counts: dict[str, object] = {}
    try:
        yield counts
    except (FeedError, SyncFailed, SaleorError) as exc:
        _finish(run, SyncRun.Status.FAILED, counts, error=str(exc))
        raise SyncFailed(str(exc)) from exc
    except BaseException as exc:
        reason = "interrupted" if isinstance(exc, KeyboardInterrupt) else repr(exc)
        logger.exception("sync run %s crashed", run.pk if run else "(dry run)")
        _finish(run, SyncRun.Status.FAILED, counts, error=f"crashed: {reason}"[:5000])
        raise


def run_expiry_sweep(
    *, as_of: date | None = None, dry_run: bool = False, client: SaleorClient | None = None
) -> SyncResult:
    """Hide every shown product whose certificate lapsed; list those expiring soon.

    The sweep is the planner with an empty feed: the same rules, the same idempotence.
    A dry run writes nothing (no run record either).
    """
    today = as_of or ocop_today()
    run = None if dry_run else SyncRun.objects.create(kind="expire", dry_run=False, as_of=today)
    with _finished_on_failure(run) as counts:
        plan = plan_sync(load_registry(), [], today, validity_months=settings.OCOP_VALIDITY_MONTHS)
        counts.update(plan.counts())
        result = SyncResult(run=run, plan=plan, expiring=expiring_soon(today))
        if not dry_run:
            if plan.writes:
                client = client or get_client()
                result.applied = apply_plan(
                    plan, client, store_layout(client), run=run, actor="expiry sweep"
                )
                catalogue_changed.send(sender=run_expiry_sweep, run=run)
            retire_old_shape(client or get_client)
            # Certificates that lapsed whatever their product's state (hidden already, or never in
            # Saleor) are marked too: one filtered update, safe to run twice.
            Certificate.objects.lapsed_on(today).update(
                status=Certificate.Status.EXPIRED, status_changed_at=timezone.now()
            )
    counts.update({f"expiring_{days}d": len(certs) for days, certs in result.expiring.items()})
    failed = bool(result.applied and result.applied.failures)
    _finish(run, SyncRun.Status.PARTIAL if failed else SyncRun.Status.SUCCEEDED, counts)
    return result


def expiring_soon(
    today: date, *, products: QuerySet[OcopProduct] | None = None
) -> dict[int, list[Certificate]]:
    """Active certificates ending within each warning window (60 and 30 days by default); of
    ``products`` only, when given (a province's, for its console)."""
    windows = sorted(settings.OCOP_EXPIRY_WARNING_DAYS, reverse=True)
    certificates = Certificate.objects.all()
    if products is not None:
        certificates = certificates.filter(product__in=products)
    return {
        days: list(
            certificates.expiring_between(today, today + timedelta(days=days))
            .select_related("product", "product__producer")
            .order_by("valid_until", "product__name")
        )
        for days in windows
    }


def revoke(
    product: OcopProduct,
    reason: str,
    *,
    actor: str,
    client: SaleorClient | None = None,
    user: Any = None,
) -> None:
    """Revoke the product's current certificate and hide it in Saleor at once (``user``: the
    person who did it, on its audit events)."""
    if not reason.strip():
        raise ValueError("a revocation needs a reason")
    with transaction.atomic():
        current = product.current_certificate()
        if current is None:
            raise ValueError(f"{product} has no certificate to revoke")
        Certificate.objects.filter(pk=current.pk).update(
            status=Certificate.Status.REVOKED,
            status_reason=reason[:500],
            status_changed_at=timezone.now(),
        )
        AuditEvent.objects.create(
            product=product,
            action=AuditEvent.Action.REVOKED,
            reason=reason[:1000],
            actor=actor,
            user=user,
        )
    if product.saleor_product_id and product.shown:
        client = client or get_client()
        gateway.set_visibility(client, store_layout(client), product.saleor_product_id, shown=False)
        OcopProduct.objects.filter(pk=product.pk).update(shown=False)
        catalogue_changed.send(sender=revoke, run=None)
        AuditEvent.objects.create(
            product=product,
            action=AuditEvent.Action.HIDDEN,
            reason=f"certificate revoked: {reason}"[:1000],
            actor=actor,
            user=user,
        )


def _finish(
    run: SyncRun | None, status: str, counts: Mapping[str, object], *, error: str = ""
) -> None:
    if run is None:
        return
    run.status = status
    run.counts = dict(counts)
    run.error = error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "counts", "error", "finished_at"])
