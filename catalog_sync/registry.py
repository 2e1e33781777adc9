"""Reading the registry for the planner, and recording what the lists say (the official record).

Recording is independent of Saleor: it happens in one transaction before any Saleor write, so the
registry always holds every valid row even when Saleor is down.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import BinaryField, Func, QuerySet, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from catalog_sync.content import content_from_json, content_from_row, product_slug
from catalog_sync.domain import (
    CERTIFIED_MIN_STARS,
    AddressScheme,
    FeedRow,
    RecognitionLevel,
)
from catalog_sync.models import AuditEvent, Certificate, OcopProduct, Producer, SyncRun
from catalog_sync.normalise import matching_key
from catalog_sync.planner import CertStatus, KnownCertificate, KnownProduct, Plan
from catalog_sync.planner import certificate_valid_until as _valid_until

BATCH = 2000


def load_registry(product_keys: Iterable[str] | None = None) -> dict[str, KnownProduct]:
    """The registry as the planner sees it (all products, or only ``product_keys``)."""
    products = OcopProduct.objects.all()
    if product_keys is not None:
        products = products.filter(product_key__in=list(product_keys))
    certificates: dict[int, list[KnownCertificate]] = defaultdict(list)
    cert_rows = Certificate.objects.filter(product__in=products).values_list(
        "product_id",
        "decision_number",
        "decided_on",
        "valid_until",
        "stars",
        "status",
        "status_reason",
    )
    for product_id, number, decided_on, valid_until, stars, status, reason in cert_rows.iterator(
        chunk_size=BATCH
    ):
        certificates[product_id].append(
            KnownCertificate(number, decided_on, valid_until, stars, CertStatus(status), reason)
        )
    registry: dict[str, KnownProduct] = {}
    fields = (
        "id",
        "product_key",
        "province_key",
        "saleor_product_id",
        "shown",
        "applied_hash",
        "saleor_shape",
        "removed_from_saleor_at",
        "content_json",
    )
    # The content as UTF-8 JSON, decoded by the planner only for the products that need it
    # (KnownProduct.recorded): decoding every product's JSON was most of a rerun's memory.
    as_utf8 = Func(
        Cast("content", TextField()),
        Value("UTF8"),
        function="convert_to",
        output_field=BinaryField(),
    )
    rows = products.annotate(content_json=as_utf8).values_list(*fields)
    for pk, key, province_key, saleor_id, shown, applied, shape, removed, content in rows.iterator(
        chunk_size=BATCH
    ):
        registry[key] = KnownProduct(
            product_key=key,
            province_key=province_key,
            saleor_product_id=saleor_id,
            shown=shown,
            applied_hash=applied,
            saleor_shape=shape,
            removed_from_saleor=removed is not None,
            content=None,
            certificates=tuple(certificates.pop(pk, ())),
            content_json=bytes(content) if content else b"",
        )
    return registry


def recognition_level(row: FeedRow) -> RecognitionLevel:
    if row.stars >= 5:
        return RecognitionLevel.NATIONAL
    if row.stars == CERTIFIED_MIN_STARS and row.address_scheme is AddressScheme.PRE_2025:
        return RecognitionLevel.DISTRICT
    return RecognitionLevel.PROVINCE


@transaction.atomic
def record_plan(plan: Plan, *, validity_months: int, source: str) -> None:
    """Write the lists' new certificates, producers and products, supersede older ratings and
    record authoritative revocations. Idempotent: recording the same plan twice changes nothing."""
    rows = plan.new_certificates
    producers = _ensure_producers(rows)
    products = _ensure_products(rows, producers, validity_months)
    now = timezone.now()
    new_certs = [
        Certificate(
            product=products[row.product_key],
            stars=row.stars,
            group=row.group.value,
            subgroup=row.subgroup,
            score=row.score,
            decision_number=row.decision_number,
            decided_on=row.decided_on,
            valid_until=_valid_until(row, validity_months),
            issuing_authority=row.issuing_authority,
            recognition_level=recognition_level(row).value,
            source=source[:1000],
            source_row=row.row_number,
        )
        for row in rows
    ]
    Certificate.objects.bulk_create(new_certs, batch_size=BATCH, ignore_conflicts=True)
    _supersede({row.product_key for row in rows}, now)
    for action in plan.actions:
        if action.revoke:
            Certificate.objects.current().filter(product__product_key=action.product_key).exclude(
                status=Certificate.Status.REVOKED
            ).update(
                status=Certificate.Status.REVOKED,
                status_reason=action.reason[:500],
                status_changed_at=now,
            )


def _ensure_producers(rows: list[FeedRow]) -> dict[tuple[str, str], Producer]:
    wanted: dict[tuple[str, str], FeedRow] = {}
    for row in rows:
        wanted.setdefault((matching_key(row.province), matching_key(row.producer_name)), row)
    existing = {
        (p.province_key, p.name_key): p
        for p in Producer.objects.filter(
            province_key__in={k[0] for k in wanted}, name_key__in={k[1] for k in wanted}
        )
    }
    missing = [
        Producer(
            name=row.producer_name,
            name_key=key[1],
            kind=row.producer_kind.value,
            commune=row.commune,
            district=row.district,
            province=row.province,
            province_key=key[0],
            address_scheme=row.address_scheme.value,
        )
        for key, row in wanted.items()
        if key not in existing
    ]
    Producer.objects.bulk_create(missing, batch_size=BATCH, ignore_conflicts=True)
    if missing:
        existing = {
            (p.province_key, p.name_key): p
            for p in Producer.objects.filter(
                province_key__in={k[0] for k in wanted}, name_key__in={k[1] for k in wanted}
            )
        }
    return existing


def _ensure_products(
    rows: list[FeedRow],
    producers: dict[tuple[str, str], Producer],
    validity_months: int,
) -> dict[str, OcopProduct]:
    latest: dict[str, FeedRow] = {}
    for row in rows:
        seen = latest.get(row.product_key)
        if seen is None or (row.decided_on, row.decision_number) > (
            seen.decided_on,
            seen.decision_number,
        ):
            latest[row.product_key] = row
    existing = {p.product_key: p for p in OcopProduct.objects.filter(product_key__in=list(latest))}
    to_create: list[OcopProduct] = []
    to_update: list[OcopProduct] = []
    for key, row in latest.items():
        content = content_from_row(row, _valid_until(row, validity_months))
        producer = producers[(matching_key(row.province), matching_key(row.producer_name))]
        product = existing.get(key)
        if product is None:
            to_create.append(
                OcopProduct(
                    product_key=key,
                    code=content.code,
                    slug=product_slug(content),
                    name=row.product_name,
                    producer=producer,
                    province=row.province,
                    province_key=matching_key(row.province),
                    content=content.to_json(),
                )
            )
            continue
        recorded = content_from_json(product.content)
        if recorded is None or (row.decided_on, row.decision_number) >= (
            recorded.decided_on,
            recorded.decision_number,
        ):
            product.name = row.product_name
            product.producer = producer
            product.content = content.to_json()
            to_update.append(product)
    OcopProduct.objects.bulk_create(to_create, batch_size=BATCH, ignore_conflicts=True)
    OcopProduct.objects.bulk_update(to_update, ["name", "producer", "content"], batch_size=BATCH)
    return {p.product_key: p for p in OcopProduct.objects.filter(product_key__in=list(latest))}


def _supersede(product_keys: set[str], now: datetime) -> None:
    """Every certificate but the newest of each product becomes superseded by the newest."""
    certs: dict[int, list[tuple[date, str, int, str]]] = defaultdict(list)
    for product_id, decided_on, number, pk, status in Certificate.objects.filter(
        product__product_key__in=list(product_keys)
    ).values_list("product_id", "decided_on", "decision_number", "id", "status"):
        certs[product_id].append((decided_on, number, pk, status))
    for entries in certs.values():
        entries.sort()
        newest_pk = entries[-1][2]
        older = [
            pk for _d, _n, pk, status in entries[:-1] if status != Certificate.Status.SUPERSEDED
        ]
        if older:
            Certificate.objects.filter(pk__in=older).update(
                status=Certificate.Status.SUPERSEDED,
                superseded_by_id=newest_pk,
                status_changed_at=now,
            )


def forget_removed_saleor_products(
    saleor_product_ids: Iterable[str], *, reason: str, actor: str, run: SyncRun | None = None
) -> int:
    """Staff deleted these products in Saleor: the registry drops their link (the certificate
    stays on record and the verification page still answers) and the sync leaves them out until
    staff list them again (``relist``). The number of registry products concerned (none for an
    id the shop never linked, or one forgotten already)."""
    ids = [i for i in saleor_product_ids if i]
    if not ids:
        return 0
    with transaction.atomic():
        linked = OcopProduct.objects.select_for_update().filter(saleor_product_id__in=ids)
        pks = list(linked.values_list("pk", flat=True))
        now = timezone.now()
        OcopProduct.objects.filter(pk__in=pks).update(
            saleor_product_id="",
            shown=False,
            applied_hash="",
            removed_from_saleor_at=now,
            updated_at=now,
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                product_id=pk,
                run=run,  # a run re-indexes what it touched: the search index forgets it too
                action=AuditEvent.Action.REMOVED,
                reason=reason[:1000],
                actor=actor,
            )
            for pk in pks
        )
    return len(pks)


def relist(products: QuerySet[OcopProduct], *, actor: str, user: Any = None) -> int:
    """List removed products again: the next sync or sweep creates them in Saleor anew (shown
    if their certificate is valid). The number listed again."""
    with transaction.atomic():
        pks = list(
            products.filter(removed_from_saleor_at__isnull=False).values_list("pk", flat=True)
        )
        OcopProduct.objects.filter(pk__in=pks).update(
            removed_from_saleor_at=None, updated_at=timezone.now()
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                product_id=pk,
                action=AuditEvent.Action.RELISTED,
                reason="listed again in the shop: created in Saleor by the next sync",
                actor=actor,
                user=user,
            )
            for pk in pks
        )
    return len(pks)
