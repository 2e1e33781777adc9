"""The catalogue as the storefront reads it: one cached Saleor query per page."""

from __future__ import annotations

from datetime import date

from saleor_api import catalogue
from saleor_api.catalogue import Filters, HomePage, ProductList, ProductPage, Request
from saleor_api.client import SaleorClient
from saleor_api.connection import get_storefront_client
from storefront.cache import fetch


def _run(request: Request, client: SaleorClient) -> dict:
    return fetch(request, lambda: client.execute(request.operation, request.variables))


def home(channel: str, language: str, today: date) -> HomePage:
    client = get_storefront_client()
    request = catalogue.home_request(channel, language, today, client.server_version())
    return catalogue.parse_home(_run(request, client))


def products(
    channel: str, language: str, today: date, filters: Filters, after: str | None = None
) -> ProductList:
    client = get_storefront_client()
    request = catalogue.products_request(
        channel, language, today, client.server_version(), filters, after=after
    )
    return catalogue.parse_products(_run(request, client))


def product(channel: str, language: str, slug: str) -> ProductPage | None:
    client = get_storefront_client()
    request = catalogue.product_request(channel, language, slug, client.server_version())
    return catalogue.parse_product(_run(request, client))
