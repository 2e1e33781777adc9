"""A visitor's way through the storefront's checkout pages, for the integration tests that need an
order placed as a tourist places it (cart, email, address, delivery, billing, then a payment)."""

from __future__ import annotations

import re
import uuid

from django.http import HttpResponse
from django.test import Client

ADDRESS = {
    "first_name": "Lan",
    "last_name": "Nguyễn",
    "phone": "0912345678",
    "street_address_1": "12 Trần Hưng Đạo",
    "city": "Phường Hoàn Kiếm",
    "country_area": "Hà Nội",
    "country": "VN",
}


def guest_email() -> str:
    return f"guest-{uuid.uuid4().hex[:8]}@example.com"


def fill_checkout(client: Client, base: str, email: str | None = None) -> str:
    """Email, a Hà Nội address, the first delivery option and billing as shipping, for the cart
    ``client`` holds under ``base`` (``/vi/vn``); returns the payment page's HTML."""
    client.post(f"{base}/checkout/email/", {"email": email or guest_email()})
    client.post(f"{base}/checkout/address/", ADDRESS)
    delivery = client.get(f"{base}/checkout/delivery/").content.decode()
    option = re.search(r'name="option" id="[^"]+" value="([^"]+)"', delivery)
    assert option is not None, delivery
    client.post(f"{base}/checkout/delivery/", {"option": option[1]})
    client.post(f"{base}/checkout/billing/", {"same_as_shipping": "on"})
    return client.get(f"{base}/checkout/payment/").content.decode()


def pay_cash_on_delivery(client: Client, base: str, payment_page: str) -> HttpResponse:
    """Press "pay on delivery" on the payment page; the answer redirects to the order."""
    form = dict(
        re.findall(r'name="(total|idempotency_key)" value="(cod-[^"]+|[\d.]+)"', payment_page)
    )
    return client.post(f"{base}/checkout/pay/cod/", form)  # type: ignore[return-value]
