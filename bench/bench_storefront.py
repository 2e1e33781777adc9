"""Benchmark: cold storefront pages beside Saleor's own listing query, page weight, warm throughput.

    DATABASE_URL=... REDIS_URL=... SALEOR_API_URL=... SALEOR_APP_TOKEN=... \
        .venv/bin/python bench/bench_storefront.py [--rounds 7] [--warm]

Fill the Saleor first (bench/fill_saleor.py imports a few thousand synthetic products through the
sync into the registry of DATABASE_URL and the Saleor). Starts the web process as production runs
it (gunicorn, 2 workers, DEBUG off) on a free loopback port.

Cold pages: each round times one request to each page — listing, search, province, producer,
home, product — with the storefront's cache in REDIS_URL emptied first (only its ``sf:`` keys:
Saleor's answers), each right after Saleor's own plain listing of 24 products
(``products(first: 24, channel)`` with a card's fields, no filter) sent straight to Saleor. The
median of each page's ratios to its paired listing is printed: on a shared machine only the
ratios mean something, absolute times move with the load (printed before and after).

For comparison each round also times, straight to Saleor, the listing query as pages send it
now (the 24 products the registry chose, by id) and the same query filtered in Saleor by
``isVisibleInListing`` (what a price filter or price sort still sends). The certificate-date
filter the listing used before issue 14 (``ocop-valid-until >= today``, 1.8 s with 7,500
products) cannot be timed any more: the product shape 2 has no such attribute.

Page weight: the product page's HTML as served compressed, its CSS and its images, with the
cache headers of the hashed static files. ``--warm`` adds requests/s of warm pages (needs wrk).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

PLAIN_LISTING = """
query BenchPlainListing($channel: String!) {
  products(first: 24, channel: $channel) {
    edges { node {
      id name slug
      thumbnail(size: 512, format: WEBP) { url alt }
      pricing { priceRange { start { gross { amount currency } } } }
    } }
  }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# wrk prints 50/75/90/99%; this asks it for the 95th percentile too.
P95_SCRIPT = Path(__file__).with_name("wrk_p95.lua")


def wrk(url: str, seconds: int = 10, connections: int = 16) -> str:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(P95_SCRIPT),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return (
        f"{float(rps.group(1)) if rps else 0:.0f} req/s, p50 {p50.group(1) if p50 else '?'}, "
        f"p99 {p99.group(1) if p99 else '?'}"
    )


def storefront_queries(today: date) -> dict[str, tuple[str, dict[str, Any]]]:
    """The listing's query as pages send it now (the registry's 24 ids) and the Saleor-filtered
    query that price filters still send."""
    from saleor_api import catalogue
    from saleor_api.operations import select_operation
    from search.query import browse_products

    document = select_operation("StorefrontProducts", (3, 23)).document
    ids = list(browse_products(today=today).saleor_product_ids)
    by_ids = catalogue.products_by_ids_request("vn", "vi", catalogue.Filters(), ids)
    by_ids_document = select_operation(by_ids.operation, (3, 23)).document
    filtered = catalogue.products_request("vn", "vi", (3, 23), catalogue.Filters())
    return {
        "listing query by the registry's 24 ids (now)": (by_ids_document, by_ids.variables),
        "listing query filtered in Saleor (prices)": (document, filtered.variables),
    }


def timed(call: Callable[..., Any], *args: Any) -> float:
    started = time.perf_counter()
    call(*args)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--warm", action="store_true", help="also drive warm pages with wrk")
    args = parser.parse_args()
    if not (os.environ.get("SALEOR_API_URL") and os.environ.get("SALEOR_APP_TOKEN")):
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a Saleor filled by fill_saleor.py)")
    if not os.environ.get("REDIS_URL"):
        sys.exit("set REDIS_URL (the bench empties the storefront's keys there)")
    if args.warm and not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import redis

    from catalog_sync.validity import ocop_today

    store = redis.Redis.from_url(os.environ["REDIS_URL"])
    saleor = httpx.Client(
        base_url=os.environ["SALEOR_API_URL"],
        headers={"Authorization": f"Bearer {os.environ['SALEOR_APP_TOKEN']}"},
        timeout=60,
    )

    def ask_saleor(document: str, variables: dict[str, Any]) -> None:
        answer = saleor.post("", json={"query": document, "variables": variables}).json()
        if answer.get("errors"):
            sys.exit(f"Saleor refused the query: {answer['errors']}")

    def empty_cache() -> None:
        keys = list(store.scan_iter(match="*sf:*", count=1000))
        if keys:
            store.delete(*keys)

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
        "PORTAL_PHOTO_UPLOADS": "direct",  # production settings without a bucket: photos to the shop
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "STATIC_ROOT_DIR": "/tmp/ocop-bench-static",
        "LOG_LEVEL": "WARNING",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        shop = httpx.Client(base_url=base, timeout=60)
        for _ in range(100):
            try:
                shop.get("/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        for _ in range(4):  # both workers import, connect and learn Saleor's version
            shop.get("/vi/vn/ocop-stars/")
        listing = shop.get("/vi/vn/products/").text
        product = re.search(r'href="/vi/vn/products/([a-z0-9-]+)/"', listing)
        home = shop.get("/vi/vn/").text
        province = re.search(r'href="/vi/vn/provinces/([a-z0-9-]+)/"', home)
        if not product or not province:
            sys.exit("no product listed: fill the Saleor first (bench/fill_saleor.py)")
        product_page = shop.get(f"/vi/vn/products/{product[1]}/").text
        producer = re.search(r'href="/vi/vn/producers/([a-z0-9-]+)/"', product_page)
        pages = {
            "listing": "/vi/vn/products/",
            # a tourist's: the same listing in English (Saleor's translations asked too)
            "listing in English": "/en/vn/products/",
            "search 'mat ong'": "/vi/vn/products/?q=mat+ong",
            f"province {province[1]}": f"/vi/vn/provinces/{province[1]}/",
            "producer": f"/vi/vn/producers/{producer[1]}/" if producer else "",
            "home": "/vi/vn/",
            "product page": f"/vi/vn/products/{product[1]}/",
        }
        pages = {name: url for name, url in pages.items() if url}
        queries = storefront_queries(ocop_today())

        total = saleor.post(
            "", json={"query": '{ products(first: 1, channel: "vn") { totalCount } }'}
        ).json()["data"]["products"]["totalCount"]
        shown = saleor.post(
            "",
            json={
                "query": '{ products(first: 1, channel: "vn", '
                "where: {isVisibleInListing: true}) { totalCount } }"
            },
        ).json()["data"]["products"]["totalCount"]
        print(f"Saleor: {total} products in channel vn, {shown} of them listed")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        # Each measurement is paired with Saleor's plain listing timed just before it: the ratio
        # of the pair is what counts (Saleor's own time drifts by a third over a minute here).
        plain = "Saleor plain listing (24)"
        times: dict[str, list[float]] = {name: [] for name in [plain, *queries]}
        times.update({f"cold {name}": [] for name in pages})
        ratios: dict[str, list[float]] = {name: [] for name in times}

        def paired(name: str, measure: Callable[[], float]) -> None:
            baseline = timed(ask_saleor, PLAIN_LISTING, {"channel": "vn"})
            times[plain].append(baseline)
            ratios[plain].append(1.0)
            seconds = measure()
            times[name].append(seconds)
            ratios[name].append(seconds / baseline)

        def cold(url: str) -> float:
            empty_cache()
            response = shop.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
            return response.elapsed.total_seconds()

        for _ in range(args.rounds):
            for name, (document, variables) in queries.items():
                paired(name, partial(timed, ask_saleor, document, variables))
            for name, url in pages.items():
                paired(f"cold {name}", partial(cold, url))
        print(f"load average after:  {os.getloadavg()[0]:.1f} (the machine is shared and busy)")
        print(
            f"{args.rounds} rounds; median time, and median ratio to Saleor's plain 24-product "
            "listing timed just before (target for the five listing pages and home: <= 1.3x):"
        )
        targeted = [f"cold {name}" for name in pages if name != "product page"]
        for name, values in times.items():
            ratio = statistics.median(ratios[name])
            mark = "" if name not in targeted else ("  within" if ratio <= 1.3 else "  OUTSIDE")
            print(f"  {name:45} {statistics.median(values) * 1000:7.0f} ms  {ratio:5.2f}x{mark}")

        page_weight(shop, pages["product page"])
        if args.warm:
            empty_cache()
            for name, url in pages.items():
                shop.get(url)
                print(f"warm cache, {name:20} c16: {wrk(base + url)}")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=20)


def page_weight(shop: httpx.Client, url: str) -> None:
    """What a phone downloads for a product page the first time: bytes on the wire."""
    response = shop.get(url, headers={"Accept-Encoding": "gzip"})
    html = response.text
    sent = {"HTML": response.num_bytes_downloaded}
    raw = len(response.content)
    cache_control = ""
    for css in re.findall(r'href="(/static/[^"]+\.css)"', html):
        got = shop.get(css, headers={"Accept-Encoding": "gzip"})
        sent["CSS"] = sent.get("CSS", 0) + got.num_bytes_downloaded
        cache_control = got.headers.get("Cache-Control", "")
    images = set(re.findall(r'<img[^>]+src="([^"]+)"', html))
    for image in images:
        got = httpx.get(image, timeout=60) if image.startswith("http") else shop.get(image)
        sent["images"] = sent.get("images", 0) + got.num_bytes_downloaded
    print(
        f"product page weight: HTML {sent['HTML'] / 1024:.1f} KB gzip "
        f"({response.headers.get('Content-Encoding', 'plain')}; {raw / 1024:.1f} KB plain) + "
        f"CSS {sent.get('CSS', 0) / 1024:.1f} KB + {len(images)} images "
        f"{sent.get('images', 0) / 1024:.1f} KB = {sum(sent.values()) / 1024:.1f} KB"
    )
    print(f"hashed CSS Cache-Control: {cache_control}")


if __name__ == "__main__":
    main()
