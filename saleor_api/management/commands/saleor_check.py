"""Stop early, with a useful message, when the shop has no Saleor to talk to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from saleor_api.connection import api_url, app_token, get_client
from saleor_api.errors import SaleorError

HOW_TO_GET_A_SALEOR = """\
The shop needs a Saleor (3.21 or newer) and an app token for it. Set:
  SALEOR_API_URL    e.g. http://127.0.0.1:8100/graphql/
  SALEOR_APP_TOKEN  a token of a Saleor app with the permissions listed in README.md
Three ways to get a Saleor:
  1. its official container image (ghcr.io/saleor/saleor), with PostgreSQL;
  2. Saleor Cloud (a sandbox is free): create an app in the Dashboard and copy its token;
  3. a local Saleor run from source (github.com/saleor/saleor, Python 3.12, see its CONTRIBUTING),
     then `python manage.py create_app "OCOP shop" --activate --permission MANAGE_PRODUCTS ...`.
"""


class Command(BaseCommand):
    help = "Check that Saleor answers with the configured app token; explain how to get one if not."

    def handle(self, *args: Any, **options: Any) -> None:
        if not api_url() or not app_token():
            raise CommandError(
                "SALEOR_API_URL or SALEOR_APP_TOKEN is not set.\n" + HOW_TO_GET_A_SALEOR
            )
        try:
            data = get_client().execute("ShopInfo")
        except SaleorError as exc:
            raise CommandError(
                f"Saleor at {api_url()} did not answer as expected: {exc}\n" + HOW_TO_GET_A_SALEOR
            ) from exc
        self.stdout.write(f"Saleor {data['shop']['version']} at {api_url()}: OK")
