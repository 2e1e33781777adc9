"""Benchmark: read + normalise + validate + plan official lists of 5,000, 20,000 and 50,000 rows,
as CSV and as XLSX, to show the costs are linear in rows.

Target (issue 14): 50,000 rows read, normalised, validated and planned in at most 4 s as CSV and
6 s as XLSX, with at most 250 MB peak resident size. "plan" plans a first import (empty
registry); "replan" plans the same list again against a registry that already holds it (the
no-change rerun, without the database read).

Each measurement runs in a fresh process, so the peak resident size (VmHWM) is that of one
parse. Wall time, CPU time and peak RSS come from a run without tracemalloc (which slows Python
down); the tracemalloc peak (Python allocations only) from a second run (--traced). Wall times
depend on what else the machine runs: the load average is printed beside them.

    .venv/bin/python bench/bench_feed_parse.py [--rows 5000 20000 50000] [--keep DIR] [--traced] \
        [--baseline DIR [--pairs N]]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A child measuring the baseline (--baseline) imports the sync's code from that checkout instead.
CODE = Path(os.environ.get("BENCH_CODE_ROOT") or ROOT)
if str(CODE) not in sys.path:
    sys.path.insert(0, str(CODE))

from process import peak_rss_mb  # noqa: E402
from synthetic_feed import write_feed  # noqa: E402

from catalog_sync.domain import FeedDefaults  # noqa: E402
from catalog_sync.feeds import read_feed  # noqa: E402
from catalog_sync.planner import (  # noqa: E402
    CertStatus,
    KnownCertificate,
    KnownProduct,
    Plan,
    certificate_valid_until,
    plan_sync,
)
from catalog_sync.validate import parse_source  # noqa: E402

TARGET_SECONDS = {"csv": 4.0, "xlsx": 6.0}
TARGET_MEGABYTES = 250.0
# What issue 14 measured of the code before it (50,000 rows, parse + plan) on the machine its
# targets were set on: with --baseline, the targets as ratios to that code, run here alike.
ISSUE_BEFORE_SECONDS = {"csv": 7.3, "xlsx": 10.9}


def measure(source: str, stage: str, traced: bool) -> dict[str, float]:
    """Run one stage on one feed in this process: "read" (rows only) or "parse" (validated)."""
    if traced:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    if stage == "read":
        with read_feed(source) as feed:
            count = sum(1 for _ in feed)
        accepted = refused = 0
    else:
        parsed = parse_source(source, defaults=FeedDefaults(), today=date.today())
        count, accepted, refused = parsed.rows_read, len(parsed.rows), len(parsed.errors)
        if stage in ("plan", "replan"):
            plan = plan_sync({}, parsed.rows, date.today(), validity_months=36)
            if stage == "replan":
                registry = registry_after(plan)
                started, cpu = time.perf_counter(), time.process_time()  # the plan alone
                again = plan_sync(registry, parsed.rows, date.today(), validity_months=36)
                if again.writes:
                    raise SystemExit(f"a rerun must plan no writes, planned {len(again.writes)}")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    return {
        "rows": count,
        "accepted": accepted,
        "refused": refused,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "tracemalloc_mb": peak / 1e6,
        "maxrss_mb": peak_rss_mb(),
    }


def registry_after(plan: Plan) -> dict[str, KnownProduct]:
    """The registry as the first import leaves it (what load_registry would return)."""
    certificates: dict[str, list[KnownCertificate]] = {}
    for row in plan.new_certificates:
        certificates.setdefault(row.product_key, []).append(
            KnownCertificate(
                row.decision_number,
                row.decided_on,
                certificate_valid_until(row, 36),
                row.stars,
                CertStatus.ACTIVE,
            )
        )
    registry = {}
    for action in plan.actions:
        if action.content is None:
            continue
        certs = sorted(
            certificates[action.product_key], key=lambda c: (c.decided_on, c.decision_number)
        )
        certs = [
            c
            if c is certs[-1]
            else KnownCertificate(
                c.decision_number, c.decided_on, c.valid_until, c.stars, CertStatus.SUPERSEDED
            )
            for c in certs
        ]
        registry[action.product_key] = KnownProduct(
            product_key=action.product_key,
            province_key="",
            saleor_product_id="P",
            shown=action.show,
            applied_hash=action.content.content_hash(),
            content=action.content,
            certificates=tuple(certs),
        )
    return registry


def in_fresh_process(
    source: str, stage: str, traced: bool, code: Path | None = None
) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", source, "--stage", stage]
    if traced:
        command.append("--traced")
    env = {**os.environ, "BENCH_CODE_ROOT": str(code)} if code else None
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env=env, cwd=code
    ).stdout
    result: dict[str, float] = json.loads(output)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 20_000, 50_000])
    parser.add_argument("--keep", help="write the feeds into this folder and keep them")
    parser.add_argument("--traced", action="store_true", help="also measure tracemalloc's peak")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a checkout of other code to measure alike in the same run, e.g. the code before "
        "issue 14: git worktree add /tmp/before 45566a5^1 (read, parse and plan only)",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="with --baseline: measure ours and the baseline this many times, alternating, and "
        "print the median of the paired ratios (a shared machine's noise is a few tenths)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--stage", default="parse", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.stage, args.traced)))
        return

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    labels = {
        "read": "read only",
        "parse": "read+normalise+validate",
        "plan": "…+plan (first import)",
        "replan": "rerun's plan alone",
    }
    failures: list[str] = []
    ratios: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for fmt in ("csv", "xlsx"):
            for rows in args.rows:
                path = folder / f"synthetic-{rows}.{fmt}"
                started = time.perf_counter()
                stats = write_feed(path, rows, fmt=fmt, seed=0)
                written = time.perf_counter() - started
                print(
                    f"\n{fmt.upper()} {rows:,} rows: {path.stat().st_size / 1e6:.1f} MB written in "
                    f"{written:.1f} s ({stats.refused} rows to refuse, {stats.messy} messy)"
                )
                for stage in ("read", "parse", "plan", "replan"):
                    load = os.getloadavg()[0]
                    plain = in_fresh_process(str(path), stage, traced=False)
                    traced = (
                        f"  tracemalloc peak "
                        f"{in_fresh_process(str(path), stage, traced=True)['tracemalloc_mb']:6.1f} MB"
                        if args.traced
                        else ""
                    )
                    print(
                        f"  {labels[stage]:<24} {plain['seconds']:6.2f} s wall "
                        f"{plain['cpu_seconds']:6.2f} s CPU (load {load:4.1f})  "
                        f"{plain['rows'] / plain['seconds']:8,.0f} rows/s  "
                        f"peak RSS {plain['maxrss_mb']:6.1f} MB{traced}"
                    )
                    if args.baseline and stage != "replan":
                        before = in_fresh_process(str(path), stage, False, args.baseline)
                        ratios_of_pairs = [plain["cpu_seconds"] / before["cpu_seconds"]]
                        for _ in range(args.pairs - 1):  # the other order, then alternating
                            first = in_fresh_process(str(path), stage, False, args.baseline)
                            ours = in_fresh_process(str(path), stage, traced=False)
                            ratios_of_pairs.append(ours["cpu_seconds"] / first["cpu_seconds"])
                        ratio = statistics.median(ratios_of_pairs)
                        each = (
                            f" (median of {len(ratios_of_pairs)} pairs: "
                            + ", ".join(f"{r:.2f}" for r in ratios_of_pairs)
                            + ")"
                            if len(ratios_of_pairs) > 1
                            else ""
                        )
                        print(
                            f"  {'  baseline':<24} {before['seconds']:6.2f} s wall "
                            f"{before['cpu_seconds']:6.2f} s CPU: ours {ratio:.2f}x of it{each}"
                        )
                        if stage == "plan" and rows >= 50_000:
                            wanted = TARGET_SECONDS[fmt] / ISSUE_BEFORE_SECONDS[fmt]
                            mark = "within" if ratio <= wanted else "OUTSIDE"
                            ratios.append(
                                f"{fmt.upper()} parse + plan {ratio:.2f}x of the baseline's CPU "
                                f"time (target {TARGET_SECONDS[fmt]:.0f} s / the issue's "
                                f"{ISSUE_BEFORE_SECONDS[fmt]} s = {wanted:.2f}x): {mark}"
                            )
                    if stage == "plan":
                        print(
                            f"  {'':<24} {plain['accepted']:,.0f} accepted, "
                            f"{plain['refused']:,.0f} refused (expected {stats.refused})"
                        )
                        if rows >= 50_000:
                            slow = plain["seconds"] > TARGET_SECONDS[fmt]
                            heavy = plain["maxrss_mb"] > TARGET_MEGABYTES
                            if slow or heavy:
                                failures.append(f"{fmt} {rows}")
    targets = ", ".join(f"{fmt.upper()} {seconds:.0f} s" for fmt, seconds in TARGET_SECONDS.items())
    if failures:
        print(f"\nOUTSIDE the target ({targets}, {TARGET_MEGABYTES:.0f} MB): {', '.join(failures)}")
    elif any(rows >= 50_000 for rows in args.rows):
        print(f"\n50,000 rows: within the target ({targets}, {TARGET_MEGABYTES:.0f} MB)")
    for line in ratios:
        print(line)


if __name__ == "__main__":
    main()
