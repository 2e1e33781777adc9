"""Write the live Saleor's GraphQL schema (SDL) to a file, by introspection.

Lets anyone run the contract tests against their own Saleor:
    python manage.py saleor_schema --output schemas/schema-3.23.graphql
    SALEOR_SCHEMA_DIR=schemas pytest tests/contract
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import httpx
from django.core.management.base import BaseCommand, CommandError, CommandParser
from graphql import build_client_schema, get_introspection_query, print_schema

from saleor_api.connection import api_url, app_token, get_client
from saleor_api.errors import SaleorError


class Command(BaseCommand):
    help = "Write the schema of the Saleor at SALEOR_API_URL to a file (SDL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", default=None, help="default: schema-<major.minor>.graphql"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        url = api_url()
        if not url:
            raise CommandError("SALEOR_API_URL is not set")
        headers = {"Authorization": f"Bearer {app_token()}"} if app_token() else {}
        # Saleor runs graphql-core 3.2, which lacks `includeDeprecated` on arguments.
        query = get_introspection_query(descriptions=True)
        try:
            response = httpx.post(url, json={"query": query}, headers=headers, timeout=60)
            response.raise_for_status()
            body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise CommandError(f"introspection of {url} failed: {exc}") from exc
        if body.get("errors"):
            raise CommandError(f"introspection of {url} failed: {body['errors']}")
        sdl = print_schema(build_client_schema(body["data"]))
        version = ""  # the contract tests take a file without a version as the newest Saleor
        with contextlib.suppress(SaleorError):
            major, minor = get_client().server_version()
            version = f"{major}.{minor}"
        output = Path(options["output"] or f"schema-{version or 'live'}.graphql")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(sdl + "\n", encoding="utf-8")
        self.stdout.write(f"wrote {output} ({len(sdl.splitlines())} lines) from {url}")
