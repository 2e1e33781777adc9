"""Benchmark: the first import of a synthetic national list into a real Saleor, then a rerun.

    SALEOR_API_URL=... SALEOR_APP_TOKEN=... .venv/bin/python bench/bench_saleor_import.py --rows 2000

Uses its own database (ocop_bench, recreated each time) so the registry starts empty, and a fresh
seed so the products are new to Saleor. Prints products per second, where the time goes (waiting
for Saleor versus our own work) and the rerun's time and writes. The products stay in the Saleor
it ran against: run it against a development Saleor.
"""

from __future__ import annotations

import argparse
import os
import random
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
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--as-of", default="2025-06-01", help="judge validity on this day")
    args = parser.parse_args()
    if not (os.environ.get("SALEOR_API_URL") and os.environ.get("SALEOR_APP_TOKEN")):
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a development Saleor)")
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

    from synthetic_feed import write_feed

    from catalog_sync.services import run_sync
    from saleor_api.bootstrap import bootstrap_store
    from saleor_api.connection import get_client

    client = get_client()
    bootstrap_store(client)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "national.csv"
        write_feed(feed, args.rows, fmt="csv", seed=random.randrange(1_000_000))
        as_of = date.fromisoformat(args.as_of)

        client.seconds_waiting, client.requests_sent, client.mutations_sent = 0.0, 0, 0
        started = time.perf_counter()
        first = run_sync(str(feed), as_of=as_of, client=client)
        elapsed = time.perf_counter() - started
        created = first.applied.done.get("create", 0) if first.applied else 0
        print(f"first import: {args.rows} rows, {created} products created in {elapsed:.1f} s")
        print(f"  {created / elapsed:.1f} products/s; {client.requests_sent} requests")
        # Creates go one bulk request at a time, so wall time = waiting for Saleor + ours.
        print(
            f"  waiting for Saleor {client.seconds_waiting:.1f} s, "
            f"ours (read, plan, registry, building requests) {elapsed - client.seconds_waiting:.1f} s"
        )
        print(f"  failures: {len(first.applied.failures) if first.applied else 0}")
        print(f"  projected for 18,243 products: {18243 / (created / elapsed) / 60:.1f} min")

        client.seconds_waiting, client.requests_sent, client.mutations_sent = 0.0, 0, 0
        started = time.perf_counter()
        second = run_sync(str(feed), as_of=as_of, client=client)
        elapsed = time.perf_counter() - started
        print(
            f"rerun with no changes: {elapsed:.1f} s, {client.mutations_sent} mutations, "
            f"{len(second.plan.writes)} planned writes"
        )


if __name__ == "__main__":
    main()
