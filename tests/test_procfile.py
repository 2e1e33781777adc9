"""Every Procfile process starts cleanly against the local services."""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def procfile() -> dict[str, str]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name.strip()] = command.strip()
    return entries


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_env(db_name: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db_name}"
    env.update(extra)
    return env


def start(name: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own Procfile
            ["/bin/sh", "-c", procfile()[name]],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, 15)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


def wait_for_output(process: subprocess.Popen[bytes], log: Path, needle: str) -> str:
    deadline = time.monotonic() + 40
    seen = ""
    while time.monotonic() < deadline:
        seen = log.read_text(errors="replace")
        if needle in seen or process.poll() is not None:
            break
        time.sleep(0.2)
    return seen


def test_procfile_declares_the_four_processes():
    assert set(procfile()) == {"web", "worker", "beat", "release"}


@pytest.mark.django_db
def test_web_process_serves_healthz(tmp_path):
    from django.db import connection

    port = free_port()
    log = tmp_path / "web.log"
    env = process_env(connection.settings_dict["NAME"], PORT=str(port), WEB_CONCURRENCY="1")
    web = start("web", env, log)
    try:
        body = None
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and body is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                body = response.json()
            except httpx.TransportError:
                time.sleep(0.3)
        assert body is not None, log.read_text()
        assert body["checks"]["database"]["ok"] is True
        assert body["checks"]["cache"]["ok"] is True
    finally:
        stop(web)


@pytest.mark.parametrize(("name", "ready"), [("worker", "ready."), ("beat", "beat: Starting")])
def test_celery_processes_start(name, ready, tmp_path):
    log = tmp_path / f"{name}.log"
    env = process_env("ocop_shop", CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "schedule"))
    process = start(name, env, log)
    try:
        output = wait_for_output(process, log, ready)
        assert ready in output, output
        assert process.poll() is None
    finally:
        stop(process)


@pytest.mark.django_db(transaction=True)
def test_release_process_migrates(tmp_path):
    from django.db import connection

    env = process_env(connection.settings_dict["NAME"], STATIC_ROOT_DIR=str(tmp_path))
    result = subprocess.run(  # noqa: S603
        ["/bin/sh", "-c", procfile()["release"]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No migrations to apply" in result.stdout or "Applying" in result.stdout, shlex.quote(
        result.stdout
    )
