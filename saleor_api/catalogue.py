"""The storefront's catalogue reads: requests built per Saleor version, answers parsed to types.

The storefront caches the raw answers (plain JSON) and parses them on every read, so this module
is split into *request* builders (operation name + variables) and *parsers* (data → types).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from saleor_api import answers
from saleor_api import blueprint as bp
from saleor_api.errors import SaleorError
from saleor_api.money import Money
from saleor_api.operations import Version, newest_fitting

LANGUAGE_CODES = {"vi": "VI", "en": "EN", "fr": "FR", "zh": "ZH_HANS", "ko": "KO", "ja": "JA"}


CATALOGUE_LANGUAGE = "VI"  # the language of the products' own texts (the official lists')


def language_code(language: str) -> str:
    """Saleor's LanguageCodeEnum for a Django language code ("zh-hans" → "ZH_HANS")."""
    return LANGUAGE_CODES.get(language.split("-")[0].lower(), CATALOGUE_LANGUAGE)


def _language(language: str) -> dict[str, Any]:
    """A catalogue read's language variables: translations only for another language than the
    catalogue's own (the shop writes none in Vietnamese)."""
    code = language_code(language)
    return {"languageCode": code, "translated": code != CATALOGUE_LANGUAGE}


PAGE_SIZE = 24
SORTS = {
    "newest": {"field": "CREATED_AT", "direction": "DESC"},
    "name": {"field": "NAME", "direction": "ASC"},
    "price-asc": {"field": "MINIMAL_PRICE", "direction": "ASC"},
    "price-desc": {"field": "MINIMAL_PRICE", "direction": "DESC"},
}
PRICE_SORTS = ("price-asc", "price-desc")


@dataclass(frozen=True)
class Request:
    operation: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class Choice:
    name: str
    slug: str


@dataclass(frozen=True)
class Ocop:
    """The OCOP facts Saleor holds for a product (written by the sync)."""

    stars: int | None = None
    valid_until: date | None = None
    decided_on: date | None = None
    decision_number: str = ""
    certificate_code: str = ""
    issuing_authority: str = ""
    commune: str = ""
    province: Choice | None = None
    producer: Choice | None = None
    group: Choice | None = None

    def certified_on(self, today: date) -> bool:
        """Certified today: stars given and valid-until not passed (trusting dates over flags)."""
        return bool(self.stars) and self.valid_until is not None and today <= self.valid_until


@dataclass(frozen=True)
class ProductCard:
    id: str
    slug: str
    name: str
    price: Money | None
    available: bool
    thumbnail_url: str
    thumbnail_alt: str
    category_slug: str
    ocop: Ocop
    # Saleor's translation of the category name into the visitor's language ("" when it has none)
    category_translation: str = ""
    # False when Saleor has no translation of the name: the name shown is the Vietnamese one
    name_translated: bool = True
    # Saleor's price before its promotions (a province event's discount); None when unknown
    undiscounted_price: Money | None = None

    @property
    def discounted(self) -> bool:
        """Saleor gives a lower price than the undiscounted one (a promotion applies)."""
        return (
            self.price is not None
            and self.undiscounted_price is not None
            and self.undiscounted_price.currency == self.price.currency
            and self.price.amount < self.undiscounted_price.amount
        )

    @property
    def for_sale(self) -> bool:
        """Priced in this channel. A product imported without a price is listed (with its badge,
        certificate and producer) but has no variant listing in any channel: no price at all."""
        return self.price is not None


@dataclass(frozen=True)
class Variant:
    id: str
    name: str
    sku: str
    quantity_available: int | None
    price: Money | None


@dataclass(frozen=True)
class Image:
    url: str
    small: str
    thumb: str
    alt: str


@dataclass(frozen=True)
class ProductPage:
    card: ProductCard
    description_text: str
    images: tuple[Image, ...]
    variants: tuple[Variant, ...]
    category_name: str
    related: tuple[ProductCard, ...]
    updated_at: str
    # True when the description is Saleor's translation into the visitor's language; False when
    # it is the original (Vietnamese) text shown for want of one
    description_translated: bool = False


@dataclass(frozen=True)
class ProductList:
    products: tuple[ProductCard, ...]
    total: int
    next_cursor: str | None


@dataclass(frozen=True)
class HomePage:
    national: tuple[ProductCard, ...]
    latest: tuple[ProductCard, ...]
    provinces: tuple[Choice, ...]
    groups: tuple[Choice, ...]


@dataclass(frozen=True)
class Filters:
    min_stars: int | None = None
    province: str = ""  # attribute value slug
    producer: str = ""  # attribute value slug
    group: str = ""  # attribute value slug
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    available_only: bool = False
    search: str = ""
    sort: str = "newest"
    sort_asked: bool = False  # the visitor chose the order (else a search sorts by relevance)


# How a product filter names attribute values, by the oldest Saleor that reads it that way
# (3.22 deprecated ``values``); picked by the operations' own rule.
ATTRIBUTE_CHOICE: dict[Version, Callable[[str, list[str]], dict[str, Any]]] = {
    (3, 21): lambda slug, values: {"slug": slug, "values": values},
    (3, 22): lambda slug, values: {"slug": slug, "value": {"slug": {"oneOf": values}}},
}


def attribute_choice(slug: str, value_slugs: list[str], version: Version | None) -> dict[str, Any]:
    return newest_fitting(ATTRIBUTE_CHOICE, version)(slug, value_slugs)


# What a visitor may see. The storefront reads the catalogue with the app's token, because
# Saleor hides a product without a priced variant from anonymous queries, and a certified product
# whose cooperative has set no price yet is still shown ("not yet for sale"). With the app's
# rights Saleor also returns hidden products, so every catalogue read states this rule. It is
# "visible in listings": the sync publishes and lists a product together and hides it by turning
# both off, and Saleor's own ``isPublished`` filter also demands a priced variant.
SHOWN: dict[str, Any] = {"isVisibleInListing": True}


def shown_where(**extra: Any) -> dict[str, Any]:
    """Listed products (plus ``extra`` conditions).

    Never a condition on the certificate's date: Saleor filters a date attribute slowly (a
    listing of 7,500 products took 1.8 s with ``ocop-valid-until >= today``, 0.19 s without).
    Validity is the registry's: the sync and the daily expiry sweep hide a product whose
    certificate ended, and between midnight and the sweep the storefront drops such cards when
    it renders them (``storefront.catalog``), as product pages do.
    """
    where: dict[str, Any] = {**SHOWN}
    attributes = extra.pop("attributes", [])
    if attributes:
        where["attributes"] = attributes
    where.update(extra)
    return where


def products_request(
    channel: str,
    language: str,
    version: Version | None,
    filters: Filters,
    *,
    after: str | None = None,
    first: int | None = None,
    product_ids: list[str] | None = None,
) -> Request:
    """A listing Saleor filters and pages (price and stock filters, price sorts). The producer
    is not an attribute (blueprint.SHAPE): a producer's listing passes the ids of its products
    (``product_ids``, from the registry)."""
    attributes = []
    if filters.min_stars and filters.min_stars > 3:
        stars = [str(s) for s in range(filters.min_stars, 6)]
        attributes.append(attribute_choice(bp.STARS, stars, version))
    if filters.province:
        attributes.append(attribute_choice(bp.PROVINCE, [filters.province], version))
    if filters.group:
        attributes.append(attribute_choice(bp.GROUP, [filters.group], version))
    extra: dict[str, Any] = {"attributes": attributes, **_commerce_where(filters)}
    if product_ids is not None:
        extra["ids"] = product_ids
    variables: dict[str, Any] = {
        "channel": channel,
        **_language(language),
        "first": first or PAGE_SIZE,
        "after": after,
        "where": shown_where(**extra),
        "sortBy": SORTS.get(filters.sort, SORTS["newest"]),
    }
    if filters.search:
        variables["search"] = filters.search
        if not filters.sort_asked:
            variables["sortBy"] = {"field": "RANK", "direction": "DESC"}
    return Request("StorefrontProducts", variables)


def _commerce_where(filters: Filters) -> dict[str, Any]:
    """The filters only Saleor knows the facts of: price and availability."""
    where: dict[str, Any] = {}
    if filters.price_min is not None or filters.price_max is not None:
        price_range: dict[str, str] = {}
        if filters.price_min is not None:
            price_range["gte"] = str(filters.price_min)
        if filters.price_max is not None:
            price_range["lte"] = str(filters.price_max)
        where["minimalPrice"] = {"range": price_range}
    if filters.available_only:
        where["isAvailable"] = True
        where["stockAvailability"] = "IN_STOCK"
    return where


def products_by_ids_request(
    channel: str,
    language: str,
    filters: Filters,
    product_ids: list[str],
) -> Request:
    """The cards of these products (a search result page) in one query.

    The registry facts (certificate dates, stars, province, group, producer) were applied by
    the search index; Saleor applies the price and availability filters. The answer comes in
    Saleor's order: the caller restores the index's. Saleor sorts only for a price sort (a sort
    it need not do costs it about 4% of the query).
    """
    variables: dict[str, Any] = {
        "channel": channel,
        **_language(language),
        "first": max(len(product_ids), 1),
        "where": shown_where(ids=product_ids, **_commerce_where(filters)),
    }
    if filters.sort in PRICE_SORTS:
        variables["sortBy"] = SORTS[filters.sort]
    return Request("StorefrontProductsByIds", variables)


def in_order(
    cards: Sequence[ProductCard], product_ids: Sequence[str], sort: str = ""
) -> tuple[ProductCard, ...]:
    """``cards`` in the order of ``product_ids`` (unless a price sort was asked: Saleor sorted
    them)."""
    if sort in PRICE_SORTS:
        return tuple(cards)
    position = {product_id: index for index, product_id in enumerate(product_ids)}
    return tuple(sorted(cards, key=lambda card: position.get(card.id, len(position))))


def product_request(
    channel: str, language: str, slug: str, related_ids: Sequence[str] = ()
) -> Request:
    """A shown product by slug, even one whose certificate ended and that the sweep has not
    hidden yet (its page then says when), and the shown products of ``related_ids`` (the
    registry's suggestions; the page keeps those certified today)."""
    return Request(
        "StorefrontProduct",
        {
            "channel": channel,
            **_language(language),
            "where": {**SHOWN, "slug": {"eq": slug}},
            "related": shown_where(ids=list(related_ids)),
            "withRelated": bool(related_ids),
        },
    )


def answer(request: Request) -> dict[str, Any]:
    """Saleor's answer to a catalogue request, read with the app's token and the storefront's
    deadline and breaker (saleor_api.connection)."""
    from saleor_api.connection import get_visitor_app_client

    return get_visitor_app_client().execute(request.operation, request.variables)


def prepare_client() -> None:
    """Make the catalogue's client on this thread (it may read the app's token from the
    database), so that another thread can send ``answer`` without touching the database. No
    request is sent: a page served from the cache needs none."""
    from saleor_api.connection import get_visitor_app_client

    with suppress(SaleorError):  # not configured: ``answer`` raises it where it is needed
        get_visitor_app_client()


def server_version() -> Version:
    """The catalogue's Saleor version (asked once per process)."""
    from saleor_api.connection import get_visitor_app_client

    return get_visitor_app_client().server_version()


# --- parsing ----------------------------------------------------------------------------------
# Answers are validated by their pydantic models (saleor_api/answers.py), then turned into the
# domain results above.


def parse_money(node: dict[str, Any] | None) -> Money | None:
    """A Money node ``{amount, currency}``."""
    return answers.MoneyNode.model_validate(node).money() if node else None


def gross_money(node: dict[str, Any] | None) -> Money | None:
    """The gross amount of a TaxedMoney node ``{gross {amount currency}}``."""
    return answers.gross(answers.TaxedMoneyNode.model_validate(node)) if node else None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def attribute_values(product: answers.Attributed) -> dict[str, list[Choice]]:
    """A product's attribute values by attribute slug, from the answer of either Saleor version
    (the variant table sends ``attributes`` to 3.21, ``assignedAttributes`` from 3.22)."""
    values: dict[str, list[Choice]] = {}
    for item in product.attributes:
        values[item.attribute.slug] = [
            Choice(str(v.plain_text or v.date or v.name or ""), v.slug) for v in item.values
        ]
    for assigned in product.assigned_attributes:
        if assigned.choice is not None:
            found = [Choice(assigned.choice.name, assigned.choice.slug)]
        else:
            text = assigned.text or assigned.date
            found = [Choice(str(text), "")] if text else []
        values[assigned.attribute.slug] = found
    return values


def parse_attributes(node: dict[str, Any]) -> dict[str, list[Choice]]:
    return attribute_values(answers.Attributed.model_validate(node))


def ocop_of(product: answers.Attributed) -> Ocop:
    """The OCOP facts Saleor holds for a product: its filterable attributes and the metadata of
    the display-only ones, or (a product of shape 1 the sync has not rewritten yet) the
    attributes those were before."""
    attrs = attribute_values(product)
    metadata = {item.key: item.value for item in product.metadata}
    retired = {key: slug for slug, key in bp.RETIRED_ATTRIBUTES.items()}

    def first(slug: str) -> Choice | None:
        found = [c for c in attrs.get(slug, []) if c.name]
        return found[0] if found else None

    def text(slug: str) -> str:
        choice = first(slug)
        return choice.name if choice else ""

    def fact(key: str) -> str:
        return metadata[key] if key in metadata else text(retired[key])

    stars_text = text(bp.STARS)
    producer = fact(bp.PRODUCER)
    return Ocop(
        stars=int(stars_text) if stars_text.isdigit() else None,
        valid_until=_date(fact(bp.VALID_UNTIL)),
        decided_on=_date(fact(bp.DECISION_DATE)),
        decision_number=fact(bp.DECISION_NUMBER),
        certificate_code=fact(bp.CERTIFICATE_CODE),
        issuing_authority=fact(bp.ISSUING_AUTHORITY),
        commune=fact(bp.COMMUNE),
        province=first(bp.PROVINCE),
        # a dropdown value of shape 1, else the name (its page's slug is the registry's)
        producer=first(retired[bp.PRODUCER]) or (Choice(producer, "") if producer else None),
        group=first(bp.GROUP),
    )


def parse_ocop(node: dict[str, Any]) -> Ocop:
    return ocop_of(answers.Attributed.model_validate(node))


def card_of(product: answers.ProductNode) -> ProductCard:
    name = (product.translation.name if product.translation else "") or product.name
    price_range = product.pricing.price_range if product.pricing else None
    undiscounted = product.pricing.price_range_undiscounted if product.pricing else None
    category = product.category
    thumbnail = product.thumbnail
    return ProductCard(
        id=product.id,
        slug=product.slug,
        name=name,
        price=answers.gross(price_range.start if price_range else None),
        available=bool(product.is_available_for_purchase) and price_range is not None,
        thumbnail_url=thumbnail.url if thumbnail else "",
        thumbnail_alt=(thumbnail.alt if thumbnail else "") or name,
        category_slug=category.slug if category else "",
        ocop=ocop_of(product),
        category_translation=(
            category.translation.name if category and category.translation else ""
        ),
        name_translated=bool(product.translation and product.translation.name),
        undiscounted_price=answers.gross(undiscounted.start if undiscounted else None),
    )


def parse_card(node: dict[str, Any]) -> ProductCard:
    return card_of(answers.ProductNode.model_validate(node))


def parse_products(data: dict[str, Any]) -> ProductList:
    connection = answers.ProductsAnswer.model_validate(data).products
    if connection is None:
        return ProductList(products=(), total=0, next_cursor=None)
    info = connection.page_info
    return ProductList(
        products=tuple(card_of(node) for node in connection.nodes),
        total=connection.total_count or 0,
        next_cursor=info.end_cursor if info is not None and info.has_next_page else None,
    )


def editorjs_to_text(raw: str | None) -> list[str]:
    """Paragraph texts of an EditorJS document (Saleor's rich text), without markup."""
    import json
    import re

    if not raw:
        return []
    try:
        document = json.loads(raw)
    except (TypeError, ValueError):
        return []
    paragraphs = []
    for block in document.get("blocks") or []:
        text = str((block.get("data") or {}).get("text") or "")
        text = re.sub(r"<[^>]+>", "", text).strip()
        if text:
            paragraphs.append(text)
    return paragraphs


def parse_product(data: dict[str, Any]) -> ProductPage | None:
    """A product page's answer; its related cards in Saleor's order (the caller orders them)."""
    answer = answers.ProductPageAnswer.model_validate(data)
    connection = answer.products
    nodes = connection.nodes if connection is not None else []
    if not nodes:
        return None
    node = nodes[0]
    translated = editorjs_to_text(node.translation.description if node.translation else None)
    paragraphs = translated or editorjs_to_text(node.description)
    category = node.category
    related_nodes = answer.related.nodes if answer.related else []
    related = [card_of(n) for n in related_nodes if n.id != node.id]
    variants = node.product_variants.nodes if node.product_variants else []
    return ProductPage(
        card=card_of(node),
        description_text="\n".join(paragraphs),
        images=tuple(
            Image(m.url, m.small or m.url, m.thumb or m.url, m.alt)
            for m in node.media
            if m.type == "IMAGE"
        ),
        variants=tuple(
            Variant(
                id=v.id,
                name=v.name,
                sku=v.sku,
                quantity_available=v.quantity_available,
                price=answers.gross(v.pricing.price if v.pricing else None),
            )
            for v in variants
        ),
        category_name=category.name if category else "",
        related=tuple(related[:8]),
        updated_at=node.updated_at,
        description_translated=bool(translated),
    )
