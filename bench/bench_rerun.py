"""Benchmark: the no-change rerun of a national list (the registry already holds it).

    .venv/bin/python bench/bench_rerun.py [--rows 5000 20000 50000] [--database ocop_bench_rerun] \
        [--fresh]

For each size, the set-up fills the registry (its own database, dropped and recreated) with a
first import through the in-memory Saleor of the tests (about a minute for 50,000 rows: the
sync's own first import, registry and search index, at about 1.3 ms a product). The database it
leaves is kept as a PostgreSQL template named after the size and a digest of the code and the
day (the synthetic list's dates follow today), so a later run of the same code copies it in
seconds instead (``--fresh`` imports again). The rerun is then measured in a fresh
process, so its peak resident size is the rerun's own (not the set-up's, nor the in-memory
Saleor's): read + normalise + validate the list, load the registry from PostgreSQL, plan, record
(nothing new), and write nothing to Saleor. That process is given an empty in-memory Saleor, so
any request it sent would be counted; a rerun with no change sends none.

Target (issue 14): 50,000 rows in at most 8 s and 300 MB peak RSS, costs linear in rows.
Wall times depend on what else the machine runs: the load average is printed beside them, and
the CPU time of the process too.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from process import peak_rss_mb  # noqa: E402

AS_OF = date(2025, 6, 1)
TARGET_SECONDS = 8.0
TARGET_MEGABYTES = 300.0
STAGES = ("parse_source", "load_registry", "plan_sync", "record_plan", "sync_photos")


def _django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def set_up(rows: int, database: str, feed: Path) -> dict[str, float]:
    """A fresh database holding the first import of a synthetic list of ``rows`` rows."""
    _sql(f'DROP DATABASE IF EXISTS "{database}"', f'CREATE DATABASE "{database}"')
    _django(database)
    from django.core.management import call_command
    from synthetic_feed import write_feed

    from catalog_sync.services import run_sync
    from saleor_api.bootstrap import bootstrap_store
    from tests.fakes.saleor import FakeSaleor

    call_command("migrate", verbosity=0)
    fake = FakeSaleor("3.23")
    fake.validate_requests = False  # 50,000 products: skip per-request schema checks
    client = fake.client()
    bootstrap_store(client)
    write_feed(feed, rows, fmt="csv", seed=1)
    started = time.perf_counter()
    first = run_sync(str(feed), as_of=AS_OF, client=client)
    return {"seconds": time.perf_counter() - started, "created": len(first.plan.writes)}


def code_digest() -> str:
    """A digest of every tracked Python file as it is on disk, the lock and today's date: the
    registry a first import leaves depends on nothing else."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.py", "uv.lock"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    digest = hashlib.sha256(date.today().isoformat().encode())
    for name in sorted(n for n in listed if n):
        path = ROOT / name.decode()
        digest.update(name + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    return digest.hexdigest()[:12]


def _sql(
    *statements: str, query: str = "", params: tuple[object, ...] = (), database: str = "postgres"
) -> list[tuple[Any, ...]]:
    """Run these statements (database names: no parameters there), then ``query`` with
    ``params``; its rows. Autocommit: CREATE and DROP DATABASE run outside a transaction."""
    import psycopg

    url = f"postgresql://postgres@127.0.0.1:5432/{database}"
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)
        return conn.execute(query, params).fetchall() if query else []


def from_template(rows: int, database: str, feed: Path, template: str) -> dict[str, float] | None:
    """The registry of an earlier set-up of the same code, copied; None when there is none."""
    if not _sql(query="SELECT 1 FROM pg_database WHERE datname = %s", params=(template,)):
        return None
    started = time.perf_counter()
    _sql(
        f'DROP DATABASE IF EXISTS "{database}"',
        f'CREATE DATABASE "{database}" TEMPLATE "{template}"',
    )
    from synthetic_feed import write_feed

    write_feed(feed, rows, fmt="csv", seed=1)
    [(created,)] = _sql(query="SELECT count(*) FROM catalog_sync_ocopproduct", database=database)
    return {"seconds": time.perf_counter() - started, "created": created}


def keep_as_template(rows: int, database: str, template: str) -> None:
    """Keep the set-up's database as ``template`` (and drop those of other code for this size)."""
    stale = _sql(
        query="SELECT datname FROM pg_database WHERE datname LIKE %s",
        params=(f"ocop_bench_rerun_{rows}_%",),
    )
    _sql(
        *(f'DROP DATABASE IF EXISTS "{name}"' for (name,) in stale),
        f'CREATE DATABASE "{template}" TEMPLATE "{database}"',
    )


def rerun(database: str, feed: Path) -> dict[str, Any]:
    """The no-change rerun, in this (fresh) process, with the time of each stage."""
    _django(database)
    from catalog_sync import services
    from tests.fakes.saleor import FakeSaleor

    stages: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                stages[name] += time.perf_counter() - started

        return wrapper

    for name in STAGES:
        setattr(services, name, timed(name, getattr(services, name)))
    fake = FakeSaleor("3.23")
    client = fake.client()
    wall, cpu = time.perf_counter(), time.process_time()
    result = services.run_sync(str(feed), as_of=AS_OF, client=client)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "maxrss_mb": peak_rss_mb(),
        "rows": result.feed.rows_read if result.feed else 0,
        "writes": len(result.plan.writes),
        "requests": len(fake.calls),
        "stages": dict(stages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 20_000, 50_000])
    parser.add_argument("--database", default="ocop_bench_rerun", help="dropped and recreated")
    parser.add_argument(
        "--fresh", action="store_true", help="import again even if a template of this code exists"
    )
    parser.add_argument("--rerun", help=argparse.SUPPRESS)  # the child: the feed to rerun
    args = parser.parse_args()
    if args.rerun:
        print(json.dumps(rerun(args.database, Path(args.rerun))))
        return

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; rerun as of {AS_OF}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    verdicts = []
    digest = code_digest()
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as scratch:
            feed = Path(scratch) / f"national-{rows}.csv"
            command = [sys.executable, __file__, "--database", args.database]
            template = f"ocop_bench_rerun_{rows}_{digest}"
            setup = None if args.fresh else from_template(rows, args.database, feed, template)
            how = f"copied from template {template} (the same code's first import)"
            if setup is None:
                setup = json.loads(
                    subprocess.run(
                        [*command, "--set-up-only", str(rows), "--feed", str(feed)],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                )
                keep_as_template(rows, args.database, template)
                how = f"first import, registry + in-memory Saleor; kept as {template}"
            load = os.getloadavg()[0]
            result = json.loads(
                subprocess.run(
                    [*command, "--rerun", str(feed)], check=True, capture_output=True, text=True
                ).stdout
            )
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in result["stages"].items())
        print(
            f"\n{rows:,} rows: set-up {setup['created']:,} products in {setup['seconds']:.1f} s ({how})"
        )
        print(
            f"  rerun with no change: {result['seconds']:.2f} s wall ({result['cpu_seconds']:.2f} s "
            f"CPU, load average {load:.1f}), peak RSS {result['maxrss_mb']:.0f} MB, "
            f"{result['writes']} planned writes, {result['requests']} Saleor requests"
        )
        print(f"  stages (s): {stages}")
        print(f"  per 1,000 rows: {result['seconds'] / rows * 1000:.3f} s")
        if rows >= 50_000:
            verdicts.append(
                result["seconds"] <= TARGET_SECONDS and result["maxrss_mb"] <= TARGET_MEGABYTES
            )
        if result["writes"] or result["requests"]:
            raise SystemExit("a rerun with no change must plan no write and send no request")
    if verdicts:
        verdict = "within" if all(verdicts) else "OUTSIDE"
        print(
            f"\n50,000 rows: {verdict} the target of {TARGET_SECONDS:.0f} s and "
            f"{TARGET_MEGABYTES:.0f} MB"
        )


def _set_up_child() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database")
    parser.add_argument("--set-up-only", type=int)
    parser.add_argument("--feed")
    args = parser.parse_args()
    print(json.dumps(set_up(args.set_up_only, args.database, Path(args.feed))))


if __name__ == "__main__":
    if "--set-up-only" in sys.argv:
        _set_up_child()
    else:
        main()
