"""Benchmark: the shop under a slow Saleor (issue 15). Prints p95 and the error rate.

    SALEOR_API_URL=... SALEOR_APP_TOKEN=... .venv/bin/python bench/bench_slow_saleor.py \
        [--seconds 60] [--rate 8] [--latency 2.0]

A local TCP proxy on 127.0.0.1 adds ``--latency`` seconds to every Saleor request; the web
process runs as production runs it (gunicorn, 2 workers, 30 s timeout, DEBUG off) against that
proxy, with empty caches. A steady ``--rate`` of requests a second, half to product pages and
half to listings (with varying filters, so many miss the cache), runs for ``--seconds``; every
request has a 35 s client timeout and the loop is bounded in time and count. Printed: p50/p95/
p99, error rate (5xx and timeouts), how many answers were 503, and whether gunicorn killed a
worker (its log says "WORKER TIMEOUT").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_latency_proxy(target_host: str, target_port: int, latency: float) -> int:
    """A TCP proxy in a thread that holds each client's first bytes ``latency`` seconds."""
    port = free_port()

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(latency)
        try:
            upstream_r, upstream_w = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(pipe(client_r, upstream_w), pipe(upstream_r, client_w))

    async def serve() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    time.sleep(0.3)
    return port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rate", type=float, default=8.0)
    parser.add_argument("--latency", type=float, default=2.0)
    args = parser.parse_args()
    saleor = os.environ.get("SALEOR_API_URL")
    if not saleor:
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a Saleor with the sample feed)")
    target = urlsplit(saleor)
    proxy = start_latency_proxy(target.hostname or "127.0.0.1", target.port or 80, args.latency)
    port = free_port()
    log = Path(f"/tmp/bench-slow-saleor-{port}.log")
    env = {
        **os.environ,
        "SALEOR_API_URL": f"http://127.0.0.1:{proxy}{target.path}",
        "DJANGO_DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PORTAL_PHOTO_UPLOADS": "direct",
        "CACHE_KEY_PREFIX": f"bench-slow-{port}",
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )  # DEBUG off serves the manifest's files
    web = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "30"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/verify/warm-up", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        prefix, slugs = product_slugs(base)
        if not slugs:
            sys.exit("no channel of this Saleor lists a product: import a list first")
        print(f"{len(slugs)} product pages and 12 listings under {prefix}/")
        paths = [f"{prefix}/products/{slug}/" for slug in slugs]
        listings = [f"{prefix}/products/?stars={s}&sort={o}" for s in (3, 4, 5)
                    for o in ("newest", "price-asc", "price-desc", "name")]  # fmt: skip
        results = drive(base, paths, listings, args.seconds, args.rate)
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
    report(results, args, log.read_text())


def product_slugs(base: str) -> tuple[str, list[str]]:
    """The first channel that lists products (a Saleor may sell in đồng only) and 12 of them."""
    for prefix in ("/en/intl", "/en/vn", "/en/eu"):
        page = httpx.get(f"{base}{prefix}/products/", timeout=35).text
        slugs = sorted(set(re.findall(rf'href="{prefix}/products/([\w-]+)/"', page)))[:12]
        if slugs:
            return prefix, slugs
    return "/en/intl", []


def drive(
    base: str, products: list[str], listings: list[str], seconds: int, rate: float
) -> list[tuple[float, int]]:
    """(seconds, status) per request; status 0 for a client time-out or a broken connection."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    total = int(seconds * rate)

    def one(i: int) -> None:
        path = products[i % len(products)] if i % 2 else listings[i % len(listings)]
        started = time.monotonic()
        try:
            status = httpx.get(base + path, timeout=35).status_code
        except httpx.HTTPError:
            status = 0
        with lock:
            results.append((time.monotonic() - started, status))

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for i in range(total):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i)
    return results


def report(results: list[tuple[float, int]], args: argparse.Namespace, log: str) -> None:
    times = sorted(t for t, _ in results)
    errors = sum(1 for _, s in results if s == 0 or s >= 500)
    unavailable = sum(1 for _, s in results if s == 503)
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
    print(f"slow Saleor (+{args.latency:.1f} s a request), {args.rate}/s for {args.seconds} s:")
    print(f"  requests {len(results)}, p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")  # fmt: skip
    print(f"  error rate {errors / len(results):.1%} (of which 503 pages: {unavailable})")
    statuses = sorted({s for _, s in results})
    print("  answers: " + ", ".join(f"{sum(1 for _, x in results if x == s)} × {s or 'none'}"
                                   for s in statuses))  # fmt: skip
    print(f"  workers killed by gunicorn's timeout: {log.count('WORKER TIMEOUT')}")


if __name__ == "__main__":
    main()
