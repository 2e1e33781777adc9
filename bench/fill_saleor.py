"""Fill a development Saleor with a few thousand synthetic OCOP products (for bench_storefront.py).

    DATABASE_URL=... SALEOR_API_URL=... SALEOR_APP_TOKEN=... \
        .venv/bin/python bench/fill_saleor.py --rows 3000 [--marker perf]
    ... bench/fill_saleor.py --remove [--marker perf]

Imports a synthetic national list (bench/synthetic_feed.py) through the sync's own bulk path into
the registry of DATABASE_URL and the Saleor, so the storefront's listing, search (our index),
province and producer pages all have something to read. Every product name ends with
``· <marker>`` so the products are recognisable in a shared Saleor; ``--remove`` deletes from
Saleor every product whose name carries the marker (bulk deletes of 100); the registry keeps its
rows (a scratch database).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def mark(path: Path, marker: str) -> None:
    """Suffix every product name of a synthetic CSV list with the marker."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "STT")
    for row in rows[header + 1 :]:
        if row[1].strip():
            row[1] = f"{row[1].strip()} · {marker}"
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)


FIND = """
query BenchFind($after: String) {
  products(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name } }
  }
}
"""
DELETE = """
mutation BenchDelete($ids: [ID!]!) { productBulkDelete(ids: $ids) { count errors { message } } }
"""


def remove(marker: str) -> None:
    """Delete from Saleor every product whose name ends with the marker (100 at a time)."""
    import httpx

    saleor = httpx.Client(
        base_url=os.environ["SALEOR_API_URL"],
        headers={"Authorization": f"Bearer {os.environ['SALEOR_APP_TOKEN']}"},
        timeout=300,
    )
    marked: list[str] = []
    after = None
    while True:
        found = saleor.post("", json={"query": FIND, "variables": {"after": after}}).json()
        products = found["data"]["products"]
        marked.extend(
            edge["node"]["id"]
            for edge in products["edges"]
            if edge["node"]["name"].endswith(f"· {marker}")
        )
        if not products["pageInfo"]["hasNextPage"]:
            break
        after = products["pageInfo"]["endCursor"]
    removed = 0
    for start in range(0, len(marked), 100):
        batch = marked[start : start + 100]
        saleor.post("", json={"query": DELETE, "variables": {"ids": batch}})
        removed += len(batch)
    print(f"removed {removed} products marked {marker!r} from Saleor")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--marker", default="perf")
    parser.add_argument("--seed", type=int, default=14014)
    parser.add_argument("--remove", action="store_true")
    args = parser.parse_args()
    if not (os.environ.get("SALEOR_API_URL") and os.environ.get("SALEOR_APP_TOKEN")):
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a development Saleor)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import subprocess

    # The registry's database, created when missing (as `make run` and `make test` do).
    subprocess.run([sys.executable, str(ROOT / "scripts" / "ensure_database.py")], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from catalog_sync.services import run_sync
    from saleor_api.bootstrap import bootstrap_store
    from saleor_api.connection import get_client

    if args.remove:
        remove(args.marker)
        return

    from synthetic_feed import write_feed

    client = get_client()
    bootstrap_store(client)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "national.csv"
        write_feed(feed, args.rows, fmt="csv", seed=args.seed)
        mark(feed, args.marker)
        started = time.perf_counter()
        result = run_sync(str(feed), client=client)
        elapsed = time.perf_counter() - started
    created = result.applied.done.get("create", 0) if result.applied else 0
    print(f"{args.rows} rows: {created} products created in {elapsed:.0f} s")


if __name__ == "__main__":
    main()
