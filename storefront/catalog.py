"""The catalogue as the storefront reads it: one cached Saleor query per page.

Read with the app's token (and the storefront's deadline and breaker): Saleor shows an anonymous
visitor only products with a priced variant, and a certified product whose price is not set yet
is listed as "not yet for sale". Every request states what a visitor may see
(``catalogue.SHOWN``); carts and checkouts stay anonymous.

No query asks Saleor about certificate dates (a date-attribute filter is Saleor's slowest): the
sync and the daily expiry sweep keep channel visibility right, and between midnight and the
sweep the cards of a certificate that ended are dropped here when the page is read (the
``ocop-valid-until`` Saleor holds, as product pages check it). A listing page may then show a
card or two fewer for those hours; its count is Saleor's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from saleor_api import catalogue
from saleor_api.catalogue import (
    Filters,
    HomePage,
    ProductCard,
    ProductList,
    ProductPage,
    Request,
)
from saleor_api.client import SaleorClient
from saleor_api.connection import get_visitor_app_client as get_catalogue_client
from search.query import search_products
from storefront.cache import fetch


def _run(request: Request, client: SaleorClient) -> dict:
    return fetch(request, lambda: client.execute(request.operation, request.variables))


def _certified(cards: tuple[ProductCard, ...], today: date) -> tuple[ProductCard, ...]:
    """The cards whose certificate is valid today (the safety net for the hours before the
    sweep hides a product whose certificate ended at midnight)."""
    return tuple(card for card in cards if card.ocop.certified_on(today))


def home(channel: str, language: str, today: date) -> HomePage:
    client = get_catalogue_client()
    request = catalogue.home_request(channel, language, client.server_version())
    page = catalogue.parse_home(_run(request, client))
    return replace(
        page, national=_certified(page.national, today), latest=_certified(page.latest, today)
    )


def products(
    channel: str, language: str, today: date, filters: Filters, after: str | None = None
) -> ProductList:
    client = get_catalogue_client()
    if filters.search:
        return _search(client, channel, language, today, filters, after)
    request = catalogue.products_request(
        channel, language, client.server_version(), filters, after=after
    )
    result = catalogue.parse_products(_run(request, client))
    return replace(result, products=_certified(result.products, today))


def _search(
    client: SaleorClient,
    channel: str,
    language: str,
    today: date,
    filters: Filters,
    after: str | None,
) -> ProductList:
    """A search: the ranked page from our index, its products from Saleor in one query."""
    offset = int(after) if after and after.isdigit() else 0
    page = search_products(
        filters.search,
        language=language,
        today=today,
        filters=filters,
        offset=offset,
        limit=catalogue.PAGE_SIZE,
    )
    if not page.saleor_product_ids:
        return ProductList(products=(), total=page.total, next_cursor=None)
    ids = list(page.saleor_product_ids)
    request = catalogue.products_by_ids_request(channel, language, filters, ids)
    found = catalogue.parse_products(_run(request, client))
    found = replace(found, products=_certified(found.products, today))
    next_offset = page.next_offset
    return ProductList(
        products=tuple(catalogue.in_order(found, ids, filters.extra.get("sort", ""))),
        total=page.total,
        next_cursor=str(next_offset) if next_offset is not None else None,
    )


def product(channel: str, language: str, slug: str, today: date) -> ProductPage | None:
    client = get_catalogue_client()
    request = catalogue.product_request(channel, language, slug)
    page = catalogue.parse_product(_run(request, client))
    if page is not None:
        page = replace(page, related=_certified(page.related, today))
    return page
