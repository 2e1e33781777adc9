"""Benchmark: storefront server time with a warm cache, and page weight.

    SALEOR_API_URL=... SALEOR_APP_TOKEN=... .venv/bin/python bench/bench_storefront.py

Starts the web process as production runs it (gunicorn, 2 workers, DEBUG off) on a free
loopback port, warms the catalogue cache, then drives the product page and the listing with
wrk (apt-get install wrk) on loopback for a bounded time, and prints requests/s and latency
percentiles. Also prints the compressed size of a product page's HTML + CSS (+ JS: none).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


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
    p90 = re.search(r"^\s+90%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    p95 = re.search(r"^p95_us (\d+)", out, re.M)
    return (
        f"{float(rps.group(1)) if rps else 0:.0f} req/s, p50 {p50.group(1) if p50 else '?'}, "
        f"p90 {p90.group(1) if p90 else '?'}, "
        f"p95 {int(p95.group(1)) / 1000 if p95 else 0:.2f}ms, p99 {p99.group(1) if p99 else '?'}"
    )


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if not os.environ.get("SALEOR_API_URL"):
        sys.exit("set SALEOR_API_URL and SALEOR_APP_TOKEN (a Saleor with the sample feed)")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
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
        for _ in range(100):
            try:
                httpx.get(base + "/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        listing = httpx.get(base + "/vi/vn/products/", timeout=30).text
        slug = re.search(r"/vi/vn/products/([a-z0-9-]+)/", listing)
        if not slug:
            sys.exit("no product listed: import the sample feed first (make run does)")
        product_url = f"{base}/vi/vn/products/{slug.group(1)}/"
        for url in (product_url, base + "/vi/vn/products/", base + "/vi/vn/"):
            for _ in range(5):
                httpx.get(url, timeout=30)  # warm both workers' view of the cache

        html = httpx.get(product_url, timeout=30).content
        css_path = re.search(rb'href="(/static/[^"]+\.css)"', html)
        css = httpx.get(base + css_path.group(1).decode(), timeout=30).content if css_path else b""
        scripts = re.findall(rb'<script src="([^"]+)"', html)
        print(
            f"product page weight: HTML {len(gzip.compress(html))} B + CSS {len(gzip.compress(css))} B "
            f"gzip = {(len(gzip.compress(html)) + len(gzip.compress(css))) / 1024:.1f} KB; "
            f"external scripts: {len(scripts)}"
        )
        pages = {
            "product page": product_url,
            "listing": base + "/vi/vn/products/",
            "home": base + "/vi/vn/",
        }
        # 16 connections for throughput; 2 (one per worker) for latency without queueing,
        # which is the server time a visitor waits for.
        for name, url in pages.items():
            print(f"warm cache, {name:12} c16: {wrk(url)}")
            print(f"warm cache, {name:12} c2:  {wrk(url, connections=2)}")
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=20)


if __name__ == "__main__":
    main()
