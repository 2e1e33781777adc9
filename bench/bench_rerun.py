"""Benchmark: the no-change rerun of a 50,000-row national list (the registry already holds it).

    .venv/bin/python bench/bench_rerun.py [--rows 50000]

The first import fills the registry (its own database, ocop_bench_rerun) through the in-memory
Saleor of the tests, which is quick; the figure that matters is the rerun: read + normalise +
validate the list, load the registry from PostgreSQL, plan, and write nothing. A rerun sends no
request to Saleor at all when nothing changed, so the double plays no part in what is timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default="ocop_bench_rerun", help="dropped and recreated")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        conn.execute(f'CREATE DATABASE "{args.database}"')

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from synthetic_feed import write_feed

    from catalog_sync.services import run_sync
    from saleor_api.bootstrap import bootstrap_store
    from tests.fakes.saleor import FakeSaleor

    fake = FakeSaleor("3.23")
    fake.validate_requests = False  # 50,000 products: skip per-request schema checks
    client = fake.client()
    bootstrap_store(client)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "national.csv"
        write_feed(feed, args.rows, fmt="csv", seed=1)
        as_of = date(2025, 6, 1)
        started = time.perf_counter()
        first = run_sync(str(feed), as_of=as_of, client=client)
        print(
            f"first import (registry + in-memory Saleor): {len(first.plan.writes)} products "
            f"in {time.perf_counter() - started:.1f} s"
        )
        before = client.requests_sent
        started = time.perf_counter()
        second = run_sync(str(feed), as_of=as_of, client=client)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"rerun with no changes: {elapsed:.1f} s for {args.rows:,} rows, "
            f"{len(second.plan.writes)} planned writes, {client.requests_sent - before} Saleor requests, "
            f"peak RSS of the process {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
