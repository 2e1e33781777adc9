"""The payment app's sync webhooks in the manifest, and their subscriptions in every Saleor."""

from __future__ import annotations

import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, validate
from graphql.language import InlineFragmentNode, Visitor, visit
from graphql.validation import NoDeprecatedCustomRule, specified_rules

from payments.manifest import SYNC_WEBHOOKS, subscription
from saleor_app.manifest import manifest_data
from saleor_app.webhooks import event_typename
from tests.contract.test_operations import SCHEMA_FILES, schema, schema_id

SUBSCRIPTIONS = [w.subscription_file for w in SYNC_WEBHOOKS]


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.APP_PUBLIC_URL = "https://shop.test/"


def test_the_manifest_registers_one_sync_webhook_per_payment_event():
    payment_webhooks = manifest_data()["webhooks"][1:]

    assert [
        (w["name"], w["targetUrl"], w["syncEvents"], w["isActive"]) for w in payment_webhooks
    ] == [
        (
            "OCOP shop payments: payment gateway initialize session",
            "https://shop.test/payments/saleor/gateway-initialize/",
            ["PAYMENT_GATEWAY_INITIALIZE_SESSION"],
            True,
        ),
        (
            "OCOP shop payments: transaction initialize session",
            "https://shop.test/payments/saleor/transaction-initialize/",
            ["TRANSACTION_INITIALIZE_SESSION"],
            True,
        ),
        (
            "OCOP shop payments: transaction process session",
            "https://shop.test/payments/saleor/transaction-process/",
            ["TRANSACTION_PROCESS_SESSION"],
            True,
        ),
        (
            "OCOP shop payments: transaction charge requested",
            "https://shop.test/payments/saleor/transaction-charge/",
            ["TRANSACTION_CHARGE_REQUESTED"],
            True,
        ),
        (
            "OCOP shop payments: transaction refund requested",
            "https://shop.test/payments/saleor/transaction-refund/",
            ["TRANSACTION_REFUND_REQUESTED"],
            True,
        ),
        (
            "OCOP shop payments: transaction cancelation requested",
            "https://shop.test/payments/saleor/transaction-cancel/",
            ["TRANSACTION_CANCELATION_REQUESTED"],
            True,
        ),
    ]
    assert [w["query"] for w in payment_webhooks] == [subscription(f) for f in SUBSCRIPTIONS]
    assert "HANDLE_PAYMENTS" in manifest_data()["permissions"]


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
def test_the_sync_events_exist_in_every_saleor(schema_path):
    sync_events = schema(schema_path).get_type("WebhookEventTypeSyncEnum")

    assert {w.event for w in SYNC_WEBHOOKS} <= set(sync_events.values)  # type: ignore[union-attr]


@pytest.mark.parametrize("schema_path", SCHEMA_FILES, ids=schema_id)
@pytest.mark.parametrize("file_name", SUBSCRIPTIONS)
def test_the_subscriptions_validate_without_deprecated_fields(schema_path, file_name):
    errors = validate(
        schema(schema_path),
        parse(subscription(file_name)),
        [*specified_rules, NoDeprecatedCustomRule],
    )

    assert [e.message for e in errors] == []


class _EventFragments(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.types: list[str] = []

    def enter_inline_fragment(self, node: InlineFragmentNode, *_: object) -> None:
        if node.type_condition is not None and node.type_condition.name.value not in (
            "Checkout",
            "Order",
        ):
            self.types.append(node.type_condition.name.value)


@pytest.mark.parametrize("webhook", SYNC_WEBHOOKS, ids=lambda w: w.event)
def test_each_subscription_asks_for_its_event_with_typename_and_issued_at(webhook):
    document = parse(subscription(webhook.subscription_file))
    fragments = _EventFragments()
    visit(document, fragments)

    operation, *fragment_definitions = document.definitions  # the shared fragments follow
    assert isinstance(operation, OperationDefinitionNode)
    assert all(isinstance(f, FragmentDefinitionNode) for f in fragment_definitions)
    assert operation.operation.value == "subscription"
    assert fragments.types == [event_typename(webhook.header_event)]
    event = operation.selection_set.selections[0]
    fields = [s.name.value for s in event.selection_set.selections if hasattr(s, "name")]  # type: ignore[attr-defined]
    assert fields[:2] == ["__typename", "issuedAt"]
