"""Benchmark: the product search (our PostgreSQL index, search/) on a 50,000-certificate registry.

    .venv/bin/python bench/bench_search.py [--rows 50000] [--passes 20] [--reuse]
    SALEOR_API_URL=... SALEOR_APP_TOKEN=... .venv/bin/python bench/bench_search.py  # + Saleor

The registry is filled in its own database (ocop_bench_search, dropped and created afresh unless
``--reuse`` finds it filled) from a synthetic national list through the in-memory Saleor of the
tests, then the index is rebuilt. Timed: ``search.query.search_products`` as the storefront calls
it (parse, typo correction against the vocabulary, the ranked query), for a mix of what tourists
type: Vietnamese with and without diacritics, English and French words the glossary knows, typos,
unfinished words, Chinese, Korean and Japanese. Printed: p50/p95/p99 per kind and overall.

With a Saleor configured, the same Vietnamese queries are sent to Saleor's own search
(``products(search:)``, as the storefront asked it before the index) and the ratio of the p95s is
printed, with the size of that Saleor's catalogue (a small catalogue flatters Saleor).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DATABASE = "ocop_bench_search"
AS_OF = date(2025, 6, 1)  # the list's date and the search's "today": most certificates valid

VIETNAMESE = [
    "Mật ong rừng",
    "nước mắm",
    "Trà shan tuyết",
    "Bưởi da xanh",
    "cà phê rang xay",
    "Gạo thơm",
    "Tinh dầu sả",
    "Nón lá",
    "khô cá lóc",
    "Rượu nếp",
    "mật ong Lâm Đồng",
    "bánh pía Sóc Trăng",
]
QUERIES: dict[str, list[str]] = {
    "vi (diacritics)": VIETNAMESE,
    "vi (no diacritics)": [
        "mat ong rung",
        "nuoc mam",
        "tra shan tuyet",
        "buoi da xanh",
        "ca phe rang xay",
        "gao thom",
        "tinh dau sa",
        "non la",
        "kho ca loc",
        "ruou nep",
        "mat ong lam dong",
        "banh pia soc trang",
    ],
    "en (glossary)": [
        "honey",
        "fish sauce",
        "coffee",
        "tea",
        "rice",
        "dried fish",
        "pottery",
        "essential oil",
        "pomelo",
        "mango",
        "rice wine",
        "ginger tea",
    ],
    "fr (glossary)": [
        "miel",
        "sauce de poisson",
        "café",
        "thé",
        "riz",
        "poterie",
        "huile essentielle",
        "mangue",
        "noix de coco",
        "gingembre",
    ],
    "typo": [
        "hony",
        "cofee",
        "nuoc mma",
        "mat ongg rung",
        "potery",
        "mnago",
        "xoai catt",
        "buoi da xnah",
        "tinh dua sa",
        "gingr",
    ],
    "unfinished": ["mat o", "nuoc m", "hon", "caf", "tra sh", "banh p"],
    "cjk": ["蜂蜜", "鱼露", "咖啡", "茶", "꿀", "커피", "はちみつ", "コーヒー", "米", "生姜茶"],
}
LANGUAGE = {
    "vi (diacritics)": "vi",
    "vi (no diacritics)": "vi",
    "en (glossary)": "en",
    "fr (glossary)": "fr",
    "typo": "en",
    "unfinished": "vi",
}


def cjk_language(text: str) -> str:
    if any("\uac00" <= c <= "\ud7af" for c in text):
        return "ko"
    if any("\u3040" <= c <= "\u30ff" for c in text):
        return "ja"
    return "zh"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95, p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def line(label: str, samples: list[float]) -> str:
    p50, p95, p99 = percentiles(samples)
    return f"  {label:<20} {len(samples):>6} {p50:>9.1f} {p95:>9.1f} {p99:>9.1f}"


HEADER = f"  {'kind':<20} {'n':>6} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}"


def prepare_database(rows: int, reuse: bool) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and reuse:
            return
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def fill_registry(rows: int) -> None:
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
        write_feed(feed, rows, fmt="csv", seed=1)
        started = time.perf_counter()
        result = run_sync(str(feed), as_of=AS_OF, client=client)
        print(
            f"registry filled: {len(result.plan.writes):,} products written "
            f"in {time.perf_counter() - started:.0f} s (in-memory Saleor)"
        )


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def bench_index(passes: int) -> dict[str, list[float]]:
    from search.query import search_products

    plan = [
        (kind, text, LANGUAGE.get(kind) or cjk_language(text))
        for kind, texts in QUERIES.items()
        for text in texts
    ]
    for _kind, text, language in plan:  # warm the caches and the connection
        search_products(text, language=language, today=AS_OF)
    order = plan * passes
    random.Random(7).shuffle(order)
    samples: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    for kind, text, language in order:
        samples[kind].append(
            timed(lambda: search_products(text, language=language, today=AS_OF))  # noqa: B023
        )
    return samples


def results_of_a_few() -> None:
    from search.query import search_products

    for text, language in [("nuoc mam", "vi"), ("honey", "en"), ("hony", "en"), ("蜂蜜", "zh")]:
        page = search_products(text, language=language, today=AS_OF)
        print(f"  {text!r} ({language}): {page.total:,} products found")


def bench_saleor(passes: int) -> tuple[dict[str, list[float]], int] | None:
    url, token = os.environ.get("SALEOR_API_URL", ""), os.environ.get("SALEOR_APP_TOKEN", "")
    if not (url and token):
        return None
    from saleor_api import catalogue
    from saleor_api.catalogue import Filters
    from saleor_api.client import SaleorClient

    app = SaleorClient(url, token, max_retries=0)
    version = app.server_version()
    visitor = SaleorClient(url, max_retries=0, version_source=lambda: version)

    def ask(text: str) -> dict:
        request = catalogue.products_request(
            "vn", "vi", version, Filters(search=text), first=catalogue.PAGE_SIZE
        )
        return visitor.execute(request.operation, request.variables)

    size_request = catalogue.products_request("vn", "vi", version, Filters(), first=1)
    size = int(
        visitor.execute(size_request.operation, size_request.variables)["products"]["totalCount"]
    )
    kinds = ["vi (diacritics)", "vi (no diacritics)"]
    plan = [(kind, text) for kind in kinds for text in QUERIES[kind]]
    for _kind, text in plan:
        ask(text)
    order = plan * passes
    random.Random(7).shuffle(order)
    samples: dict[str, list[float]] = {kind: [] for kind in kinds}
    for kind, text in order:
        samples[kind].append(timed(lambda: ask(text)))  # noqa: B023
    return samples, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--passes", type=int, default=20, help="times each query is timed")
    parser.add_argument("--saleor-passes", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep a filled ocop_bench_search")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    saleor_env = {k: os.environ.pop(k, "") for k in ("SALEOR_API_URL", "SALEOR_APP_TOKEN")}

    prepare_database(args.rows, args.reuse)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalog_sync.models import Certificate, OcopProduct
    from search import indexer
    from search.models import SearchEntry

    call_command("migrate", verbosity=0)
    if not OcopProduct.objects.exists():
        fill_registry(args.rows)
    report = indexer.rebuild()
    with connection.cursor() as cursor:  # as autovacuum does within a minute of a rebuild
        for table in ("search_searchentry", "search_searchword", "catalog_sync_ocopproduct"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"registry: {OcopProduct.objects.count():,} products, {Certificate.objects.count():,} "
        f"certificates; index: {SearchEntry.objects.count():,} rows "
        f"({SearchEntry.objects.filter(valid_until__gte=AS_OF).count():,} valid on {AS_OF}), "
        f"{report.words:,} words, rebuilt in {report.seconds:.1f} s"
    )
    results_of_a_few()

    samples = bench_index(args.passes)
    everything = [s for kind in samples.values() for s in kind]
    print(f"\nour index (search_products), {args.passes} passes of {len(QUERIES)} query kinds:")
    print(HEADER)
    for kind, kind_samples in samples.items():
        print(line(kind, kind_samples))
    print(line("overall", everything))

    os.environ.update({k: v for k, v in saleor_env.items() if v})
    compared = bench_saleor(args.saleor_passes)
    if compared is None:
        print(
            "\nSALEOR_API_URL/SALEOR_APP_TOKEN not set: skipping the comparison with Saleor's search"
        )
        return
    saleor_samples, size = compared
    print(
        f"\nSaleor's own search (products(search:), channel vn, {size:,} products listed there), "
        f"{args.saleor_passes} passes:"
    )
    print(HEADER)
    for kind, kind_samples in saleor_samples.items():
        print(line(kind, kind_samples))
    saleor_all = [s for kind in saleor_samples.values() for s in kind]
    print(line("overall", saleor_all))
    ours = [s for kind in saleor_samples for s in samples[kind]]
    ratio = percentiles(ours)[1] / percentiles(saleor_all)[1]
    print(
        f"\np95 of the same Vietnamese queries: our index {percentiles(ours)[1]:.1f} ms, "
        f"Saleor {percentiles(saleor_all)[1]:.1f} ms: ratio {ratio:.2f} "
        f"(the index answers ids only; a search page then fetches those products from Saleor)"
    )


if __name__ == "__main__":
    main()
