"""A webhook from a real Saleor reaches our receiver and passes JWS verification."""

from __future__ import annotations

import time
from datetime import date

import pytest

from saleor_api import gateway
from saleor_api.types import OcopAttributes, ProductDraft
from saleor_app import webhooks
from saleor_app.signals import product_updated
from tests.support import saleor as support

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_product_event_from_saleor_is_verified_and_dispatched(
    saleor, layout, unique, live_server, settings
):
    settings.SALEOR_API_URL = saleor.api_url  # the receiver trusts this Saleor
    received: list[dict] = []

    def handler(payload: dict, **_: object) -> None:
        received.append(payload)

    product_updated.connect(handler)
    draft = ProductDraft(
        external_reference=f"test-webhook:{unique}",
        name=f"Webhook test {unique}",
        slug=f"webhook-test-{unique}",
        category="food",
        ocop=OcopAttributes(
            stars=3,
            certificate_code=f"W-{unique}",
            decision_number="1/QĐ",
            decided_on=date(2025, 1, 1),
            valid_until=date(2027, 12, 31),
            issuing_authority="",
            province="Hà Giang",
            commune="",
            group="Thực phẩm",
            producer="HTX Test",
        ),
    )
    product_id = gateway.create_products(saleor, layout, [draft])[0].product_id
    assert product_id is not None
    hook = saleor.mutate(
        "WebhookCreate",
        {
            "input": {
                "name": f"integration test {unique}",
                "targetUrl": f"{live_server.url}/saleor/webhooks/",
                "asyncEvents": ["PRODUCT_UPDATED"],
                "isActive": True,
                "query": webhooks.catalogue_subscription(),
            }
        },
        result="webhookCreate",
    )["webhook"]
    try:
        gateway.set_visibility(saleor, layout, product_id, shown=False)
        deadline = time.monotonic() + 30
        while not any(p.get("product", {}).get("id") == product_id for p in received):
            assert time.monotonic() < deadline, f"no verified webhook for {product_id}: {received}"
            time.sleep(0.2)
        event = next(p for p in received if p["product"]["id"] == product_id)
        assert event["__typename"] == "ProductUpdated"
        assert event["product"]["externalReference"] == f"test-webhook:{unique}"
    finally:
        product_updated.disconnect(handler)
        saleor.mutate("WebhookDelete", {"id": hook["id"]}, result="webhookDelete")
        support.delete_product(saleor, product_id)
