"""Saleor's answers as typed models: nulls, both versions' shapes, a wrong shape refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from saleor_api import answers
from saleor_api.catalogue import parse_attributes, parse_card
from saleor_api.checkout import parse_checkout, parse_order
from saleor_api.money import Money


def test_a_card_with_saleors_nulls_gets_empty_texts_and_no_price():
    card = parse_card(
        {
            "id": "UHJvZHVjdDox",
            "slug": "mat-ong",
            "name": "Mật ong",
            "translation": None,
            "thumbnail": None,
            "category": None,
            "pricing": None,
            "isAvailableForPurchase": None,
        }
    )

    assert (card.name, card.thumbnail_url, card.thumbnail_alt, card.category_slug) == (
        "Mật ong",
        "",
        "Mật ong",
        "",
    )
    assert card.price is None
    assert card.available is False
    assert card.name_translated is False


def test_both_versions_attribute_shapes_give_the_same_values():
    old = {
        "attributes": [
            {"attribute": {"slug": "ocop-stars"}, "values": [{"name": "4", "slug": "4"}]}
        ]
    }
    new = {
        "assignedAttributes": [
            {"attribute": {"slug": "ocop-stars"}, "choice": {"name": "4", "slug": "4"}}
        ]
    }

    assert parse_attributes(old) == parse_attributes(new)
    assert parse_attributes(new)["ocop-stars"][0].name == "4"


def test_an_amount_keeps_every_digit():
    node = answers.TaxedMoneyNode.model_validate({"gross": {"amount": 7.5, "currency": "USD"}})

    assert answers.gross(node) == Money(Decimal("7.5"), "USD")


def test_an_answer_of_the_wrong_shape_is_refused():
    with pytest.raises(ValidationError):
        parse_card({"id": "x", "pricing": {"priceRange": {"start": {"gross": {"amount": "many"}}}}})


def test_a_checkout_reads_the_delivery_of_either_version():
    base = {"id": "Q2hlY2tvdXQ6MQ==", "lines": None, "problems": None}
    old = parse_checkout(
        {
            **base,
            "deliveryMethod": {
                "id": "SM1",
                "name": "Standard",
                "translation": {"name": "Tiêu chuẩn"},
            },
        }
    )
    new = parse_checkout(
        {**base, "delivery": {"id": "D1", "shippingMethod": {"id": "SM1", "name": "Standard"}}}
    )

    assert old is not None
    assert new is not None
    assert (old.delivery_id, old.delivery_name) == ("SM1", "Tiêu chuẩn")
    assert (new.delivery_id, new.delivery_name) == ("D1", "Standard")
    assert old.lines == ()


def test_order_lines_prefer_the_translated_name():
    order = parse_order(
        {
            "id": "T3JkZXI6MQ==",
            "number": 1024,
            "lines": [
                {"productName": "Mật ong", "translatedProductName": "Honey", "quantity": 2},
                {"productName": "Trà", "translatedProductName": None, "quantity": None},
            ],
            "fulfillments": [{"status": "FULFILLED", "trackingNumber": "VN123"}],
        }
    )

    assert order is not None
    assert order.number == "1024"
    assert [(line.product_name, line.quantity) for line in order.lines] == [
        ("Honey", 2),
        ("Trà", 0),
    ]
    assert order.shipments == ("VN123",)


def test_a_catalogue_event_names_its_product_even_through_a_variant():
    product = answers.CatalogueEvent.model_validate(
        {"__typename": "ProductUpdated", "product": {"id": "P1"}}
    )
    variant = answers.CatalogueEvent.model_validate(
        {
            "__typename": "ProductVariantUpdated",
            "productVariant": {"id": "V1", "product": {"id": "P2"}},
        }
    )
    category = answers.CatalogueEvent.model_validate(
        {"__typename": "CategoryUpdated", "category": {"slug": "tea"}}
    )

    assert (product.typename, product.product_id) == ("ProductUpdated", "P1")
    assert variant.product_id == "P2"
    assert category.product_id == ""
