"""Carts, checkouts and orders in Saleor: calls with plain arguments, answers parsed to types.

The storefront's cart is a Saleor checkout; every rule about stock, prices, availability and
totals is Saleor's. Failures are Saleor's own (``SaleorMutationError`` with Saleor's error codes).
Operation variants per Saleor version are picked by the client (see ``checkout.graphql``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from saleor_api import answers
from saleor_api.catalogue import Money, Ocop, language_code, ocop_of
from saleor_api.client import SaleorClient

# Saleor's CheckoutLineProblem types, as the cart names them.
INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
VARIANT_NOT_AVAILABLE = "VARIANT_NOT_AVAILABLE"


@dataclass(frozen=True)
class Address:
    first_name: str = ""
    last_name: str = ""
    street_address_1: str = ""
    street_address_2: str = ""
    city: str = ""  # in Vietnam: the commune or ward (xã / phường)
    city_area: str = ""
    postal_code: str = ""
    country_area: str = ""  # in Vietnam: the province
    country: str = "VN"
    phone: str = ""  # E.164, e.g. +84912345678
    company_name: str = ""

    def as_input(self) -> dict[str, Any]:
        """Saleor's ``AddressInput``."""
        return {
            "firstName": self.first_name,
            "lastName": self.last_name,
            "companyName": self.company_name,
            "streetAddress1": self.street_address_1,
            "streetAddress2": self.street_address_2,
            "city": self.city,
            "cityArea": self.city_area,
            "postalCode": self.postal_code,
            "countryArea": self.country_area,
            "country": self.country,
            "phone": self.phone,
        }

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def lines(self) -> list[str]:
        """The address as printed on a parcel, one line per part."""
        place = ", ".join(p for p in (self.city_area, self.city) if p)
        region = " ".join(p for p in (self.country_area, self.postal_code) if p)
        parts = [
            self.full_name,
            self.company_name,
            self.street_address_1,
            self.street_address_2,
            place,
            region,
            self.country,
            self.phone,
        ]
        return [p for p in parts if p]


@dataclass(frozen=True)
class CartLine:
    id: str
    quantity: int
    variant_id: str
    variant_name: str
    sku: str
    product_id: str
    product_slug: str
    product_name: str
    available_for_purchase: bool
    unit_price: Money | None
    total: Money | None
    ocop: Ocop
    problem: str = ""  # INSUFFICIENT_STOCK / VARIANT_NOT_AVAILABLE, from Saleor's `problems`
    available_quantity: int | None = None  # with INSUFFICIENT_STOCK

    def certified_on(self, today: date) -> bool:
        return self.ocop.certified_on(today)


@dataclass(frozen=True)
class Checkout:
    id: str
    channel: str
    email: str
    lines: tuple[CartLine, ...]
    subtotal: Money | None
    shipping_price: Money | None
    total: Money | None
    shipping_address: Address | None
    billing_address: Address | None
    delivery_id: str  # the option chosen (ShippingMethod id up to 3.22, Delivery id in 3.23)
    delivery_name: str
    is_shipping_required: bool = True

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.lines)

    def lapsed_lines(self, today: date) -> tuple[CartLine, ...]:
        """Lines whose OCOP certificate is not valid today (the dates are trusted)."""
        return tuple(line for line in self.lines if not line.certified_on(today))


@dataclass(frozen=True)
class DeliveryOption:
    id: str  # what checkoutDeliveryMethodUpdate takes on this Saleor
    name: str
    price: Money | None
    minimum_days: int | None = None
    maximum_days: int | None = None


@dataclass(frozen=True)
class PaymentResult:
    transaction_id: str
    event_type: str  # e.g. AUTHORIZATION_SUCCESS, CHARGE_ACTION_REQUIRED, CHARGE_FAILURE
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.event_type in {"AUTHORIZATION_SUCCESS", "CHARGE_SUCCESS"}

    @property
    def action_required(self) -> bool:
        return self.event_type.endswith("_ACTION_REQUIRED")

    @property
    def error_code(self) -> str:
        error = self.data.get("error") if isinstance(self.data, dict) else None
        return str((error or {}).get("code") or "") if isinstance(error, dict) else ""


@dataclass(frozen=True)
class OrderRef:
    id: str
    number: str


@dataclass(frozen=True)
class OrderLine:
    product_name: str
    variant_name: str
    sku: str
    quantity: int
    total: Money | None


@dataclass(frozen=True)
class Order:
    id: str
    number: str
    created: str
    status: str
    email: str
    channel: str
    shipping_method: str
    authorize_status: str
    charge_status: str
    shipping_address: Address | None
    subtotal: Money | None
    shipping_price: Money | None
    total: Money | None
    lines: tuple[OrderLine, ...]
    # Tracking numbers of the parcels sent (Saleor fulfilments; the producer names the carrier).
    shipments: tuple[str, ...] = ()

    def belongs_to(self, email: str) -> bool:
        return bool(email) and self.email.strip().lower() == email.strip().lower()


# --- reading ----------------------------------------------------------------------------------


def get_checkout(client: SaleorClient, checkout_id: str, language: str) -> Checkout | None:
    """The checkout, or None when Saleor no longer has it (completed, expired, deleted)."""
    data = client.execute(
        "CheckoutDetails", {"id": checkout_id, "languageCode": language_code(language)}
    )
    return parse_checkout(data.get("checkout"))


def delivery_options(
    client: SaleorClient, checkout_id: str, language: str
) -> tuple[DeliveryOption, ...]:
    """The ways the checkout can be delivered to its shipping address, named in ``language``."""
    variables = {"id": checkout_id, "languageCode": language_code(language)}
    if client.resolve("CheckoutDeliveryOptions").is_mutation:  # 3.23: deliveryOptionsCalculate
        payload = client.mutate(
            "CheckoutDeliveryOptions", variables, result="deliveryOptionsCalculate"
        )
        return tuple(
            _delivery_option(delivery["id"], delivery["shippingMethod"])
            for delivery in payload.get("deliveries") or []
            if delivery.get("shippingMethod")
        )
    data = client.execute("CheckoutDeliveryOptions", variables)
    methods = (data.get("checkout") or {}).get("shippingMethods") or []
    return tuple(_delivery_option(method["id"], method) for method in methods)


def get_order(client: SaleorClient, order_id: str, language: str = "vi") -> Order | None:
    """An order by its id (the app token: orders are not public); its delivery method named in
    ``language``."""
    variables = {"id": order_id, "languageCode": language_code(language)}
    return parse_order(client.execute("OrderDetails", variables).get("order"))


def order_by_number(client: SaleorClient, number: str, language: str = "vi") -> Order | None:
    """An order by the number its customer was shown (the app token)."""
    number = number.strip().lstrip("#")
    if not number.isdigit() or len(number) > 12:
        return None
    variables: dict[str, Any] = {"number": int(number), "languageCode": language_code(language)}
    if client.resolve("OrderByNumber").name == "OrderByNumber":  # 3.21: filter.numbers: [String]
        variables["number"] = number
    edges = (client.execute("OrderByNumber", variables).get("orders") or {}).get("edges") or []
    return parse_order(edges[0]["node"]) if edges else None


# --- writing ----------------------------------------------------------------------------------


def create_checkout(
    client: SaleorClient, channel: str, variant_id: str, quantity: int, language: str
) -> str:
    payload = client.mutate(
        "CheckoutCreate",
        {
            "input": {
                "channel": channel,
                "lines": [{"variantId": variant_id, "quantity": quantity}],
                "languageCode": language_code(language),
            }
        },
        result="checkoutCreate",
    )
    return str(payload["checkout"]["id"])


def add_line(client: SaleorClient, checkout_id: str, variant_id: str, quantity: int) -> None:
    client.mutate(
        "CheckoutLinesAdd",
        {"id": checkout_id, "lines": [{"variantId": variant_id, "quantity": quantity}]},
        result="checkoutLinesAdd",
    )


def update_line(client: SaleorClient, checkout_id: str, line_id: str, quantity: int) -> None:
    client.mutate(
        "CheckoutLinesUpdate",
        {"id": checkout_id, "lines": [{"lineId": line_id, "quantity": quantity}]},
        result="checkoutLinesUpdate",
    )


def delete_lines(client: SaleorClient, checkout_id: str, line_ids: list[str]) -> None:
    client.mutate(
        "CheckoutLinesDelete",
        {"id": checkout_id, "linesIds": line_ids},
        result="checkoutLinesDelete",
    )


def set_email(client: SaleorClient, checkout_id: str, email: str) -> None:
    client.mutate(
        "CheckoutEmailUpdate", {"id": checkout_id, "email": email}, result="checkoutEmailUpdate"
    )


def set_shipping_address(client: SaleorClient, checkout_id: str, address: Address) -> None:
    client.mutate(
        "CheckoutShippingAddressUpdate",
        {"id": checkout_id, "address": address.as_input()},
        result="checkoutShippingAddressUpdate",
    )


def set_billing_address(client: SaleorClient, checkout_id: str, address: Address) -> None:
    client.mutate(
        "CheckoutBillingAddressUpdate",
        {"id": checkout_id, "address": address.as_input()},
        result="checkoutBillingAddressUpdate",
    )


def set_delivery(client: SaleorClient, checkout_id: str, option_id: str) -> None:
    client.mutate(
        "CheckoutDeliveryMethodUpdate",
        {"id": checkout_id, "deliveryMethodId": option_id},
        result="checkoutDeliveryMethodUpdate",
    )


def initialize_payment(
    client: SaleorClient,
    checkout_id: str,
    amount: Decimal,
    idempotency_key: str,
    gateway_id: str,
    data: dict[str, Any],
) -> PaymentResult:
    """``transactionInitialize`` for the total the visitor was shown (a changed cart is refused)."""
    payload = client.mutate(
        "CheckoutTransactionInitialize",
        {
            "id": checkout_id,
            "amount": str(amount),
            "idempotencyKey": idempotency_key,
            "gateway": {"id": gateway_id, "data": data},
        },
        result="transactionInitialize",
    )
    return _payment_result(payload)


def process_payment(
    client: SaleorClient, transaction_id: str, data: dict[str, Any] | None = None
) -> PaymentResult:
    """``transactionProcess``: the payments app tells what became of the payment (e.g. back from
    Stripe's page). A transaction already settled answers its settling event again."""
    payload = client.mutate(
        "CheckoutTransactionProcess",
        {"transactionId": transaction_id, "data": data},
        result="transactionProcess",
    )
    return _payment_result(payload, transaction_id)


def _payment_result(payload: dict[str, Any], transaction_id: str = "") -> PaymentResult:
    event = payload.get("transactionEvent") or {}
    answer = payload.get("data")
    return PaymentResult(
        transaction_id=str((payload.get("transaction") or {}).get("id") or transaction_id),
        event_type=str(event.get("type") or ""),
        message=str(event.get("message") or ""),
        data=answer if isinstance(answer, dict) else {},
    )


def complete(client: SaleorClient, checkout_id: str) -> OrderRef:
    payload = client.mutate("CheckoutComplete", {"id": checkout_id}, result="checkoutComplete")
    order = payload["order"]
    return OrderRef(id=str(order["id"]), number=str(order["number"]))


# --- parsing ----------------------------------------------------------------------------------


def address_of(node: answers.AddressNode | None) -> Address | None:
    if node is None:
        return None
    return Address(
        first_name=node.first_name,
        last_name=node.last_name,
        company_name=node.company_name,
        street_address_1=node.street_address_1,
        street_address_2=node.street_address_2,
        city=node.city,
        city_area=node.city_area,
        postal_code=node.postal_code,
        country_area=node.country_area,
        country=node.country.code if node.country else "",
        phone=node.phone,
    )


def parse_address(node: dict[str, Any] | None) -> Address | None:
    return address_of(answers.AddressNode.model_validate(node)) if node else None


def _cart_line(
    line: answers.CheckoutLineNode, problems: dict[str, tuple[str, int | None]]
) -> CartLine:
    variant = line.variant or answers.CheckoutLineVariant(id="")
    product = variant.product or answers.ProductNode(id="")
    problem, available = problems.get(line.id, ("", None))
    return CartLine(
        id=line.id,
        quantity=line.quantity,
        variant_id=variant.id,
        variant_name=variant.name,
        sku=variant.sku,
        product_id=product.id,
        product_slug=product.slug,
        product_name=(product.translation.name if product.translation else "") or product.name,
        available_for_purchase=bool(product.is_available_for_purchase),
        unit_price=answers.gross(line.unit_price),
        total=answers.gross(line.total_price),
        ocop=ocop_of(product),
        problem=problem,
        available_quantity=available,
    )


def parse_checkout(node: dict[str, Any] | None) -> Checkout | None:
    if not node:
        return None
    checkout = answers.CheckoutNode.model_validate(node)
    problems: dict[str, tuple[str, int | None]] = {}
    for problem in checkout.problems:
        if problem.line is None or not problem.line.id:
            continue
        if problem.insufficient_stock:
            problems[problem.line.id] = (INSUFFICIENT_STOCK, problem.available_quantity)
        else:
            problems[problem.line.id] = (VARIANT_NOT_AVAILABLE, None)
    delivery_id, delivery_name = "", ""
    if checkout.delivery is not None:  # 3.23
        delivery_id = checkout.delivery.id
        method = checkout.delivery.shipping_method
        delivery_name = method.shown_name if method else ""
    elif checkout.delivery_method is not None:
        delivery_id = checkout.delivery_method.id
        delivery_name = checkout.delivery_method.shown_name
    return Checkout(
        id=checkout.id,
        channel=checkout.channel.slug if checkout.channel else "",
        email=checkout.email,
        lines=tuple(_cart_line(line, problems) for line in checkout.lines),
        subtotal=answers.gross(checkout.subtotal_price),
        shipping_price=answers.gross(checkout.shipping_price),
        total=answers.gross(checkout.total_price),
        shipping_address=address_of(checkout.shipping_address),
        billing_address=address_of(checkout.billing_address),
        delivery_id=delivery_id,
        delivery_name=delivery_name,
        is_shipping_required=bool(checkout.is_shipping_required),
    )


def method_name(method: dict[str, Any] | None) -> str:
    """A shipping method's name in the language asked for, else its own name."""
    return answers.ShippingMethod.model_validate(method or {}).shown_name


def _delivery_option(option_id: str, method: dict[str, Any]) -> DeliveryOption:
    shipping = answers.ShippingMethod.model_validate(method)
    return DeliveryOption(
        id=option_id,
        name=shipping.shown_name,
        price=shipping.price.money() if shipping.price else None,
        minimum_days=shipping.minimum_delivery_days,
        maximum_days=shipping.maximum_delivery_days,
    )


def parse_order(node: dict[str, Any] | None) -> Order | None:
    if not node:
        return None
    order = answers.OrderNode.model_validate(node)
    return Order(
        id=order.id,
        number=order.number,
        created=order.created,
        status=order.status,
        email=order.user_email,
        channel=order.channel.slug if order.channel else "",
        shipping_method=(
            (
                order.delivery_method.translation.name
                if order.delivery_method and order.delivery_method.translation
                else ""
            )
            or order.shipping_method_name
        ),
        authorize_status=order.authorize_status,
        charge_status=order.charge_status,
        shipping_address=address_of(order.shipping_address),
        subtotal=answers.gross(order.subtotal),
        shipping_price=answers.gross(order.shipping_price),
        total=answers.gross(order.total),
        lines=tuple(
            OrderLine(
                # the name in the checkout's language when Saleor had a translation
                product_name=line.translated_product_name or line.product_name,
                variant_name=line.variant_name,
                sku=line.product_sku,
                quantity=line.quantity,
                total=answers.gross(line.total_price),
            )
            for line in order.lines
        ),
        shipments=tuple(f.tracking_number for f in order.fulfillments if f.status == "FULFILLED"),
    )
