"""Saleor's answers and webhook payloads as typed models (pydantic), as the operations ask for them.

The gateway validates an answer here once, then builds its domain results (``ProductCard``,
``Checkout``, ``Order`` …) from typed fields instead of walking dicts with ``.get() or ""``.
Field names are Saleor's in snake case (``isAvailableForPurchase`` → ``is_available_for_purchase``);
Saleor's ``null`` for a text becomes ``""`` and for a list ``[]``; fields an operation does not ask
for keep their default, so one model serves every operation reading that type. An answer of the
wrong shape raises ``pydantic.ValidationError``.

Where a Saleor version renamed a field, the model carries both names as the variant table sends
them (``saleor_api/operations.py``): ``attributes`` (3.21) and ``assignedAttributes`` (3.22+) on
a product, ``deliveryMethod`` and ``delivery`` (3.23) on a checkout.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from saleor_api.money import Money

T = TypeVar("T")


def _text(value: Any) -> Any:
    return "" if value is None else value


def _items(value: Any) -> Any:
    return [] if value is None else value


def _count(value: Any) -> Any:
    return 0 if value is None else value


Text = Annotated[str, BeforeValidator(_text)]
Count = Annotated[int, BeforeValidator(_count)]
Number = Annotated[str, BeforeValidator(str)]  # an order number (Saleor: a string of digits)


class Answer(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )


class Node(Answer):
    id: str


class Slugged(Answer):
    slug: Text = ""


class Named(Answer):
    name: Text = ""


# --- money ---------------------------------------------------------------------------------------


class MoneyNode(Answer):
    amount: Decimal
    currency: str

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class TaxedMoneyNode(Answer):
    gross: MoneyNode | None = None


def gross(node: TaxedMoneyNode | None) -> Money | None:
    """The gross amount of a TaxedMoney, if any."""
    return node.gross.money() if node is not None and node.gross is not None else None


# --- connections -----------------------------------------------------------------------------------


class Edge(Answer, Generic[T]):
    node: T


class PageInfo(Answer):
    has_next_page: bool = False
    end_cursor: str | None = None


class Connection(Answer, Generic[T]):
    edges: Annotated[list[Edge[T]], BeforeValidator(_items)] = []
    total_count: int | None = None
    page_info: PageInfo | None = None

    @property
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


# --- products --------------------------------------------------------------------------------------


class Translation(Answer):
    name: Text = ""
    description: str | None = None  # EditorJS JSON


class Image(Answer):
    url: Text = ""
    alt: Text = ""


class Media(Image):
    small: Text = ""
    thumb: Text = ""
    type: str = "IMAGE"


class Category(Slugged, Named):
    translation: Translation | None = None


class AttributeValue(Slugged, Named):
    plain_text: str | None = None
    date: str | None = None


class ProductAttribute(Answer):
    """Saleor 3.21's ``Product.attributes``."""

    attribute: Slugged
    values: Annotated[list[AttributeValue], BeforeValidator(_items)] = []


class AssignedAttribute(Answer):
    """Saleor 3.22's ``Product.assignedAttributes`` (the fields of its kinds, as aliased)."""

    attribute: Slugged
    choice: AttributeValue | None = None
    text: str | None = None
    date: str | None = None


class PriceRange(Answer):
    start: TaxedMoneyNode | None = None


class ProductPricing(Answer):
    price_range: PriceRange | None = None
    price_range_undiscounted: PriceRange | None = None  # struck through beside a promotion's price


class VariantPricing(Answer):
    price: TaxedMoneyNode | None = None


class VariantNode(Node):
    name: Text = ""
    sku: Text = ""
    quantity_available: int | None = None
    pricing: VariantPricing | None = None


class MetadataItem(Answer):
    key: str
    value: Text = ""


class Attributed(Answer):
    """What carries OCOP facts: a product's attribute values, in either version's shape, and
    its public metadata."""

    attributes: Annotated[list[ProductAttribute], BeforeValidator(_items)] = []
    assigned_attributes: Annotated[list[AssignedAttribute], BeforeValidator(_items)] = []
    metadata: Annotated[list[MetadataItem], BeforeValidator(_items)] = []


class ProductNode(Node, Attributed):
    slug: Text = ""
    name: Text = ""
    description: str | None = None
    updated_at: Text = ""
    is_available_for_purchase: bool | None = None
    translation: Translation | None = None
    thumbnail: Image | None = None
    category: Category | None = None
    pricing: ProductPricing | None = None
    media: Annotated[list[Media], BeforeValidator(_items)] = []
    product_variants: Connection[VariantNode] | None = None


class ProductsAnswer(Answer):
    products: Connection[ProductNode] | None = None


class ProductPageAnswer(ProductsAnswer):
    """StorefrontProduct: the product, and the related products asked for by id."""

    related: Connection[ProductNode] | None = None


# --- checkouts and orders --------------------------------------------------------------------------


class Country(Answer):
    code: Text = ""


class AddressNode(Answer):
    first_name: Text = ""
    last_name: Text = ""
    company_name: Text = ""
    street_address_1: Text = Field("", alias="streetAddress1")
    street_address_2: Text = Field("", alias="streetAddress2")
    city: Text = ""
    city_area: Text = ""
    postal_code: Text = ""
    country_area: Text = ""
    phone: Text = ""
    country: Country | None = None


class ShippingMethod(Answer):
    id: Text = ""
    name: Text = ""
    translation: Translation | None = None
    price: MoneyNode | None = None
    minimum_delivery_days: int | None = None
    maximum_delivery_days: int | None = None

    @property
    def shown_name(self) -> str:
        """Its name in the language asked for, else its own name."""
        return (self.translation.name if self.translation else "") or self.name


class Delivery(Answer):
    """Saleor 3.23's ``Checkout.delivery``."""

    id: Text = ""
    shipping_method: ShippingMethod | None = None


class LineRef(Answer):
    id: str | None = None


class CheckoutProblem(Answer):
    line: LineRef | None = None
    available_quantity: int | None = None
    insufficient_stock: bool = (
        False  # a CheckoutLineProblemInsufficientStock (it names the quantity)
    )

    @model_validator(mode="before")
    @classmethod
    def _kind(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {**raw, "insufficientStock": "availableQuantity" in raw}
        return raw


class CheckoutLineVariant(Node):
    name: Text = ""
    sku: Text = ""
    quantity_available: int | None = None
    product: ProductNode | None = None


class CheckoutLineNode(Node):
    quantity: int
    unit_price: TaxedMoneyNode | None = None
    total_price: TaxedMoneyNode | None = None
    variant: CheckoutLineVariant | None = None


class CheckoutNode(Node):
    email: Text = ""
    is_shipping_required: bool | None = True
    shipping_address: AddressNode | None = None
    billing_address: AddressNode | None = None
    subtotal_price: TaxedMoneyNode | None = None
    shipping_price: TaxedMoneyNode | None = None
    total_price: TaxedMoneyNode | None = None
    channel: Slugged | None = None
    problems: Annotated[list[CheckoutProblem], BeforeValidator(_items)] = []
    lines: Annotated[list[CheckoutLineNode], BeforeValidator(_items)] = []
    delivery_method: ShippingMethod | None = None
    delivery: Delivery | None = None


class OrderLineNode(Answer):
    product_name: Text = ""
    translated_product_name: Text = ""
    variant_name: Text = ""
    product_sku: Text = ""
    quantity: Count = 0
    total_price: TaxedMoneyNode | None = None


class Fulfillment(Answer):
    status: Text = ""
    tracking_number: Text = ""


class OrderNode(Node):
    number: Number
    created: Text = ""
    status: Text = ""
    user_email: Text = ""
    channel: Slugged | None = None
    delivery_method: ShippingMethod | None = None
    shipping_method_name: Text = ""
    authorize_status: Text = ""
    charge_status: Text = ""
    shipping_address: AddressNode | None = None
    subtotal: TaxedMoneyNode | None = None
    shipping_price: TaxedMoneyNode | None = None
    total: TaxedMoneyNode | None = None
    lines: Annotated[list[OrderLineNode], BeforeValidator(_items)] = []
    fulfillments: Annotated[list[Fulfillment], BeforeValidator(_items)] = []


# --- webhook payloads ------------------------------------------------------------------------------


class ProductRef(Answer):
    id: Text = ""


class VariantRef(Answer):
    id: Text = ""
    product: ProductRef | None = None


class CatalogueEvent(Answer):
    """A catalogue webhook's payload (``saleor_api/subscriptions/catalogue_events.graphql``)."""

    typename: Text = Field("", alias="__typename")
    issued_at: str | None = None
    product: ProductRef | None = None
    product_variant: VariantRef | None = None
    category: Slugged | None = None

    @property
    def product_id(self) -> str:
        """The product the event is about (a variant's product for a variant event), or ""."""
        if self.product is not None and self.product.id:
            return self.product.id
        variant = self.product_variant
        return variant.product.id if variant is not None and variant.product is not None else ""


Category.model_rebuild()
