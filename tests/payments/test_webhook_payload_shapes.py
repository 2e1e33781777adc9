"""A signed payment webhook of the wrong shape is a 400 with a reason, never a 500."""

from __future__ import annotations

import pytest

from tests.payments.helpers import (
    TYPENAMES,
    URLS,
    initialize_session,
    saleor_sends,
    transaction_id,
)

pytestmark = pytest.mark.django_db

CARD = {"gateway": "app.ocop.stripe", "paymentMethodId": "pm_card_visa"}


@pytest.mark.parametrize("event", sorted(URLS))
@pytest.mark.parametrize(
    "source", ["Checkout:1", 42, ["x"], {"__typename": "Checkout", "channel": "vn"}]
)
def test_a_malformed_source_object_is_a_bad_request(
    client, saleor_key, stripe_double, event, source
):
    payload = initialize_session(transaction_id(), data=CARD)
    payload["__typename"] = TYPENAMES[event]
    payload["sourceObject"] = source

    response = saleor_sends(client, saleor_key, event, payload)

    assert response.status_code in (200, 400)  # never 500
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "BAD_PAYLOAD"


def test_a_string_source_object_names_what_is_wrong(client, saleor_key, stripe_double):
    payload = initialize_session(transaction_id(), data=CARD)
    payload["sourceObject"] = "Checkout:1"

    response = saleor_sends(client, saleor_key, "transaction_initialize_session", payload)

    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "BAD_PAYLOAD",
        "message": "sourceObject must be a JSON object",
    }


def test_a_string_transaction_is_a_bad_request(client, saleor_key, stripe_double):
    payload = initialize_session(transaction_id(), data=CARD)
    payload["transaction"] = "T1"

    response = saleor_sends(client, saleor_key, "transaction_initialize_session", payload)

    assert response.status_code == 400
