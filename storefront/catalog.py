"""The catalogue as the storefront reads it: one cached Saleor query per page.

Read with the app's token (and the storefront's deadline and breaker): Saleor shows an anonymous
visitor only products with a priced variant, and a certified product whose price is not set yet
is listed as "not yet for sale". Every request states what a visitor may see
(``catalogue.SHOWN``); carts and checkouts stay anonymous.

No query asks Saleor about certificates (a date-attribute filter is Saleor's slowest, and
reading a card's ten attributes costs it more than the rest of a listing): Saleor gives the
cards (name, photo, price) and the registry their OCOP facts (stars, province, group,
certificate), in one indexed query per page. The sync and the daily expiry sweep keep channel
visibility right; between midnight and the sweep (or when hiding a revoked product in Saleor
failed) the registry's own check drops the cards whose certificate is not valid today, as the
product page does. A listing Saleor filters (a price filter or sort) may then show a card or two
fewer for those hours, its count being Saleor's; the registry's listings count what they show.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date

from catalog_sync.public import registry_facts
from saleor_api import catalogue
from saleor_api.catalogue import (
    Choice,
    Filters,
    HomePage,
    Ocop,
    ProductCard,
    ProductList,
    ProductPage,
    Request,
)
from search.query import (
    BROWSE_ORDERS,
    SearchPage,
    browse_products,
    count_products,
    related_products,
    search_products,
    shown_places_and_groups,
)
from storefront.cache import fetch


def _run(request: Request) -> dict:
    return fetch(request, lambda: catalogue.answer(request))


# A page that knows its products' ids before asking Saleor (the registry chose them) sends its
# query at once and waits for the answer in a thread of this pool while it reads the registry on
# its own thread (and database connection): the cards' OCOP facts, the count, the home page's
# chips. It waits for the longer of the two, not their sum.
_SALEOR_READS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="catalogue")


@dataclass(frozen=True)
class _Asked:
    """Saleor's cards of ``ids``, asked and not yet read (``cards`` waits for them)."""

    answer: Future[dict]
    ids: list[str]
    today: date
    sort: str

    def cards(self) -> tuple[ProductCard, ...]:
        """The cards with the registry's facts, of the products certified today, in the order
        of ``ids`` (unless a price sort was asked: Saleor sorted)."""
        facts = registry_facts(self.ids)
        found = catalogue.parse_products(self.answer.result()).products
        return _with_facts(catalogue.in_order(found, self.ids, self.sort), facts, self.today)


def _ask_cards(request: Request, ids: list[str], today: date, sort: str = "") -> _Asked:
    """Send ``request`` (the cards of ``ids``) to Saleor now; read them with ``cards()``."""
    catalogue.prepare_client()
    return _Asked(_SALEOR_READS.submit(_run, request), ids, today, sort)


def _certified(cards: tuple[ProductCard, ...], today: date) -> tuple[ProductCard, ...]:
    """The cards with the registry's OCOP facts, of the products certified today (none that the
    registry does not know: the shop lists only what an official list certified)."""
    return _with_facts(cards, registry_facts([card.id for card in cards]), today)


def _with_facts(
    cards: tuple[ProductCard, ...], facts: dict[str, Ocop], today: date
) -> tuple[ProductCard, ...]:
    return tuple(
        replace(card, ocop=facts[card.id])
        for card in cards
        if card.id in facts and facts[card.id].certified_on(today)
    )


HOME_CARDS = 8
PRODUCER_PRODUCTS = 1000  # more than any producer has certified
RELATED_PRODUCTS = 8


def home(channel: str, language: str, today: date) -> HomePage:
    """The national (5-star) and latest products the registry chose, their cards from Saleor in
    one query by id; the province and group chips are the registry's (those with a product)."""
    national = list(
        browse_products(
            today=today, filters=Filters(min_stars=5), limit=HOME_CARDS
        ).saleor_product_ids
    )
    latest = list(browse_products(today=today, sort="recent", limit=HOME_CARDS).saleor_product_ids)
    ids = list(dict.fromkeys(national + latest))
    asked = None
    if ids:
        request = catalogue.products_by_ids_request(channel, language, Filters(), ids)
        asked = _ask_cards(request, ids, today)
    provinces, groups = shown_places_and_groups(today)  # while Saleor answers
    by_id = {card.id: card for card in (asked.cards() if asked else ())}
    return HomePage(
        national=tuple(by_id[i] for i in national if i in by_id),
        latest=tuple(by_id[i] for i in latest if i in by_id),
        provinces=tuple(Choice(name, slug) for name, slug in provinces),
        groups=tuple(Choice(name, slug) for name, slug in groups),
    )


def _browsable(filters: Filters) -> bool:
    """Whether the registry can choose the page: no price or stock filter, no price sort."""
    return (
        filters.price_min is None
        and filters.price_max is None
        and not filters.available_only
        and filters.sort in BROWSE_ORDERS
    )


def products(
    channel: str, language: str, today: date, filters: Filters, after: str | None = None
) -> ProductList:
    if filters.search:
        return _search(channel, language, today, filters, after)
    if _browsable(filters):
        offset = int(after) if after and after.isdigit() else 0
        sort = filters.sort
        page = browse_products(
            today=today, filters=filters, sort=sort, offset=offset, limit=catalogue.PAGE_SIZE
        )
        return _by_ids(channel, language, today, filters, page)
    producer_ids = None
    if filters.producer:  # not an attribute in Saleor: the registry's products of the producer
        producer_ids = list(
            browse_products(
                today=today, filters=Filters(producer=filters.producer), limit=PRODUCER_PRODUCTS
            ).saleor_product_ids
        )
        if not producer_ids:
            return ProductList(products=(), total=0, next_cursor=None)
    request = catalogue.products_request(
        channel,
        language,
        catalogue.server_version(),
        filters,
        after=after,
        product_ids=producer_ids,
    )
    result = catalogue.parse_products(_run(request))
    return replace(result, products=_certified(result.products, today))


def _search(
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
    return _by_ids(channel, language, today, filters, page)


def _by_ids(
    channel: str,
    language: str,
    today: date,
    filters: Filters,
    page: SearchPage,
) -> ProductList:
    """The page of products the registry chose, from Saleor in one query, in the registry's
    order (unless a price sort was asked: Saleor sorted them)."""

    def total() -> int:  # a search counted its page; a listing counts apart
        return (
            page.total if page.total is not None else count_products(today=today, filters=filters)
        )

    if not page.saleor_product_ids:
        return ProductList(products=(), total=total(), next_cursor=None)
    ids = list(page.saleor_product_ids)
    request = catalogue.products_by_ids_request(channel, language, filters, ids)
    asked = _ask_cards(request, ids, today, filters.sort)
    counted = total()  # while Saleor answers
    next_offset = page.next_offset
    return ProductList(
        products=asked.cards(),
        total=counted,
        next_cursor=str(next_offset) if next_offset is not None else None,
    )


def product(channel: str, language: str, slug: str, today: date) -> ProductPage | None:
    """The product and, in the same query, the products the registry suggests beside it."""
    related_ids = list(related_products(slug, today=today, limit=RELATED_PRODUCTS))
    request = catalogue.product_request(channel, language, slug, related_ids)
    page = catalogue.parse_product(_run(request))
    if page is not None:
        # The registry's facts, as on the cards (Saleor keeps a copy in its metadata): the
        # product's and its related products' in one read
        facts = registry_facts([page.card.id, *(c.id for c in page.related)])
        own = facts.get(page.card.id)
        card = replace(page.card, ocop=own) if own is not None else page.card
        related = _with_facts(catalogue.in_order(page.related, related_ids), facts, today)
        page = replace(page, card=card, related=related)
    return page


def cards(channel: str, language: str, today: date, product_ids: list[str]) -> list[ProductCard]:
    """The cards of these Saleor products, certified today, in the order given (a province
    event's featured products); prices are Saleor's, its promotions applied."""
    if not product_ids:
        return []
    request = catalogue.products_by_ids_request(channel, language, Filters(), product_ids)
    return list(_ask_cards(request, product_ids, today).cards())
