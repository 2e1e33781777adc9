"""A named lock shared by every process of the shop (a PostgreSQL advisory lock).

Two payment requests for the same checkout (a double-clicked pay button that made two Saleor
transactions) or for the same transaction (a repeated Dashboard action) run one after the other,
so the second sees what the first did. No database transaction stays open meanwhile: the lock is
held by the connection and released when the block ends.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

DEFAULT_WAIT_SECONDS = 15.0  # below Saleor's 18 s wait for a sync webhook
POLL_SECONDS = 0.05


class LockTimeout(Exception):
    """Another request held the lock for too long."""


def _lock_id(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def advisory_lock(name: str, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    if connection.vendor != "postgresql":  # pragma: no cover - the shop runs on PostgreSQL
        yield
        return
    lock_id = _lock_id(name)
    deadline = time.monotonic() + wait_seconds
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_id])
            row = cursor.fetchone()
            if row and row[0]:
                break
            if time.monotonic() >= deadline:
                raise LockTimeout(name)
            time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_id])
