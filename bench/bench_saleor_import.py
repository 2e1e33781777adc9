"""Benchmark: the first import of an official list into a real Saleor, beside Saleor's own ceiling.

    SALEOR_API_URL=... SALEOR_APP_TOKEN=... .venv/bin/python bench/bench_saleor_import.py \
        [--rows 500] [--rounds 5]

Three measurements per round, each on a list of ``--rows`` rows that is new to Saleor (a fresh
random seed), in an order rotated from round to round so that a Saleor growing or a machine
warming up weighs on each alike; the medians are compared:

- **first import**: ``run_sync`` of the list, everything included (read, validate, plan, the
  registry, the bulk creates, the bookkeeping, the search index): products created per second of
  wall time.
- **new shape, ceiling**: Saleor's own ``productBulkCreate`` fed the very payloads the import
  sends (``gateway._bulk_input`` of the same drafts, batches of ``BULK_CREATE_BATCH``, the same
  translations if the list has any), timed alone: the fastest the import could go.
- **old shape, ceiling**: the same products in the shop's first shape (ten attributes: stars,
  certificate code, decision number and date, valid-until, issuing authority, province, commune,
  group and the producer as a dropdown; no metadata), on a throwaway product type with freshly
  made attributes, so the producer dropdown starts empty as on a new installation.

Targets (issue 14): first import >= 0.9 x the new shape's ceiling; the new shape's ceiling >=
1.5 x the old one's. The registry is its own database (ocop_bench, recreated). The products, and
the throwaway product types, stay in the Saleor it ran against: run it against a development
Saleor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

FIRST, NEW, OLD = "first import", "new shape, ceiling", "old shape, ceiling"
OLD_ATTRIBUTES = (  # the shop's shape 1 (see blueprint.RETIRED_ATTRIBUTES): slug suffix, input
    ("stars", "DROPDOWN"),
    ("certificate-code", "PLAIN_TEXT"),
    ("decision-number", "PLAIN_TEXT"),
    ("decision-date", "DATE"),
    ("valid-until", "DATE"),
    ("issuing-authority", "PLAIN_TEXT"),
    ("province", "DROPDOWN"),
    ("commune", "PLAIN_TEXT"),
    ("group", "DROPDOWN"),
    ("producer", "DROPDOWN"),
)


def _django() -> None:
    os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/ocop_bench"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS ocop_bench")
        conn.execute("CREATE DATABASE ocop_bench")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Bench:
    def __init__(self, rows: int, as_of: date, scratch: Path) -> None:
        from saleor_api.bootstrap import bootstrap_store, read_layout
        from saleor_api.connection import get_client

        self.rows, self.as_of, self.scratch = rows, as_of, scratch
        self.ours = 0.0
        self.client = get_client()
        bootstrap_store(self.client)
        layout = read_layout(self.client)
        if layout is None:
            sys.exit("the bootstrap left no store layout in Saleor")
        self.layout = layout

    def feed(self) -> Path:
        from synthetic_feed import write_feed

        path = self.scratch / f"list-{uuid.uuid4().hex[:8]}.csv"
        write_feed(path, self.rows, fmt="csv", seed=random.randrange(10**9))
        return path

    def drafts(self, feed: Path) -> list[Any]:
        """The drafts the import would create from this list (the same pipeline, no registry)."""
        from django.conf import settings

        from catalog_sync.content import to_draft
        from catalog_sync.domain import FeedDefaults
        from catalog_sync.models import external_reference
        from catalog_sync.planner import ActionKind, plan_sync
        from catalog_sync.validate import parse_source

        parsed = parse_source(str(feed), defaults=FeedDefaults(), today=self.as_of)
        plan = plan_sync({}, parsed.rows, self.as_of, validity_months=settings.OCOP_VALIDITY_MONTHS)
        return [
            to_draft(a.content, external_reference(a.product_key), shown=a.show)
            for a in plan.of_kind(ActionKind.CREATE)
            if a.content
        ]

    # --- the three measurements: each returns (products created, seconds) ---

    def first_import(self) -> tuple[int, float]:
        from catalog_sync.services import run_sync

        feed = self.feed()
        self.client.seconds_waiting = 0.0
        started = time.perf_counter()
        result = run_sync(str(feed), as_of=self.as_of, client=self.client)
        seconds = time.perf_counter() - started
        self.ours = seconds - self.client.seconds_waiting
        applied = result.applied
        if applied and applied.failures:
            print(f"    {len(applied.failures)} failures, e.g. {applied.failures[0]}")
        return (applied.done.get("create", 0) if applied else 0), seconds

    def new_ceiling(self) -> tuple[int, float]:
        from saleor_api import gateway

        drafts = self.drafts(self.feed())
        payloads = [gateway._bulk_input(self.layout, d) for d in drafts]
        translations = {d.external_reference: d.translations for d in drafts if d.translations}
        return self._bulk_create(payloads, translations)

    def old_ceiling(self) -> tuple[int, float]:
        from saleor_api import gateway

        drafts = self.drafts(self.feed())
        product_type, ids = self._old_shape()
        payloads = []
        for draft in drafts:
            payload = gateway._bulk_input(self.layout, draft)
            payload.pop("metadata")
            payload["productType"] = product_type
            payload["attributes"] = _old_values(ids, draft.ocop)
            payloads.append(payload)
        translations = {d.external_reference: d.translations for d in drafts if d.translations}
        return self._bulk_create(payloads, translations)

    def _bulk_create(
        self, payloads: list[dict[str, Any]], translations: dict[str, Any]
    ) -> tuple[int, float]:
        from saleor_api import gateway
        from saleor_api.client import chunked

        created = 0
        to_translate = []
        started = time.perf_counter()
        for batch in chunked(payloads, gateway.BULK_CREATE_BATCH):
            answer = self.client.mutate(
                "ProductBulkCreate", {"products": batch}, result="productBulkCreate"
            )
            for result in answer["results"]:
                product = result.get("product")
                if product:
                    created += 1
                    if product["externalReference"] in translations:
                        to_translate.append(
                            (product["id"], translations[product["externalReference"]])
                        )
        gateway.translate_products(self.client, to_translate)
        return created, time.perf_counter() - started

    def _old_shape(self) -> tuple[str, dict[str, str]]:
        """A throwaway product type holding ten fresh attributes, as the first shape had."""
        tag = uuid.uuid4().hex[:8]
        ids: dict[str, str] = {}
        for suffix, input_type in OLD_ATTRIBUTES:
            attribute_input: dict[str, Any] = {
                "name": f"bench {tag} {suffix}",
                "slug": f"bench-{tag}-{suffix}",
                "type": "PRODUCT_TYPE",
                "inputType": input_type,
                "valueRequired": False,
                "visibleInStorefront": True,
            }
            if suffix == "stars":
                attribute_input["values"] = [{"name": v} for v in ("3", "4", "5")]
            ids[suffix] = self.client.mutate(
                "AttributeCreate", {"input": attribute_input}, result="attributeCreate"
            )["attribute"]["id"]
        product_type = self.client.mutate(
            "ProductTypeCreate",
            {
                "input": {
                    "name": f"bench {tag}",
                    "slug": f"bench-{tag}",
                    "kind": "NORMAL",
                    "isShippingRequired": True,
                }
            },
            result="productTypeCreate",
        )["productType"]["id"]
        self.client.mutate(
            "ProductAttributeAssign",
            {
                "productTypeId": product_type,
                "operations": [{"id": i, "type": "PRODUCT"} for i in ids.values()],
            },
            result="productAttributeAssign",
        )
        return product_type, ids


def _old_values(ids: dict[str, str], ocop: Any) -> list[dict[str, Any]]:
    """The first shape's attribute values (gateway.attribute_values before shape 2)."""
    values: list[dict[str, Any]] = [
        {"id": ids["stars"], "dropdown": {"value": str(ocop.stars)}},
        {"id": ids["certificate-code"], "plainText": ocop.certificate_code},
        {"id": ids["decision-number"], "plainText": ocop.decision_number},
        {"id": ids["decision-date"], "date": ocop.decided_on.isoformat()},
        {"id": ids["valid-until"], "date": ocop.valid_until.isoformat()},
        {"id": ids["group"], "dropdown": {"value": ocop.group}},
        {"id": ids["producer"], "dropdown": {"value": ocop.producer}},
    ]
    if ocop.province:
        values.append({"id": ids["province"], "dropdown": {"value": ocop.province}})
    if ocop.issuing_authority:
        values.append({"id": ids["issuing-authority"], "plainText": ocop.issuing_authority})
    if ocop.commune:
        values.append({"id": ids["commune"], "plainText": ocop.commune})
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500, help="rows of each list")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--as-of", default="2025-06-01", help="judge validity on this day")
    args = parser.parse_args()
    if not (os.environ.get("SALEOR_API_URL") and os.environ.get("SALEOR_APP_TOKEN")):
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a development Saleor)")
    _django()
    with tempfile.TemporaryDirectory() as scratch:
        bench = Bench(args.rows, date.fromisoformat(args.as_of), Path(scratch))
        version = bench.client.execute("ShopInfo")["shop"]["version"]
        print(
            f"Saleor {version} at {os.environ['SALEOR_API_URL']}; lists of {args.rows} rows, "
            f"{args.rounds} rounds, batches of 50, {len(bench.layout.channels)} channels"
        )
        measure: dict[str, Callable[[], tuple[int, float]]] = {
            FIRST: bench.first_import,
            NEW: bench.new_ceiling,
            OLD: bench.old_ceiling,
        }
        rates: dict[str, list[float]] = {name: [] for name in measure}
        paired: list[float] = []
        names = list(measure)
        for round_ in range(args.rounds):
            order = names[round_ % 3 :] + names[: round_ % 3]
            for name in order:
                created, seconds = measure[name]()
                rates[name].append(created / seconds)
                ours = f" (ours {bench.ours:.1f} s)" if name == FIRST else ""
                print(
                    f"  round {round_ + 1}: {name:<20} {created:>5} products in {seconds:6.1f} s"
                    f" = {created / seconds:5.1f}/s{ours}"
                )
            paired.append(rates[FIRST][-1] / rates[NEW][-1])
    median = {name: statistics.median(values) for name, values in rates.items()}
    print("\nmedians (products/s): " + ", ".join(f"{n} {v:.1f}" for n, v in median.items()))
    first_ratio, shape_ratio = median[FIRST] / median[NEW], median[NEW] / median[OLD]
    print(
        f"first import / new-shape ceiling = {first_ratio:.2f} (target >= 0.9: "
        f"{'met' if first_ratio >= 0.9 else 'NOT met'})"
    )
    print(
        f"new-shape ceiling / old-shape ceiling = {shape_ratio:.2f} (target >= 1.5: "
        f"{'met' if shape_ratio >= 1.5 else 'NOT met'})"
    )
    print(
        "first import / new-shape ceiling in each round: "
        + ", ".join(f"{r:.2f}" for r in paired)
        + " (ours: the import's time not spent waiting for Saleor)"
    )
    print(f"projected first import of 18,243 products: {18243 / median[FIRST] / 60:.1f} min")


if __name__ == "__main__":
    main()
