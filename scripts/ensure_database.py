"""Create the shop's PostgreSQL database if it does not exist yet (used by `make run` and `make test`).

Reads DATABASE_URL like the settings do; connects to the server's `postgres` database to create it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import dj_database_url
import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ocop_shop"


def main() -> int:
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_URL))
    name = config["NAME"]
    params: dict[str, Any] = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
        "connect_timeout": 5,
    }
    try:
        with psycopg.connect(**params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}")
    except psycopg.OperationalError as exc:
        print(
            f"PostgreSQL is not reachable at {params['host']}:{params['port']} ({exc}).\n"
            "Start it, or set DATABASE_URL to a server you can reach.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
