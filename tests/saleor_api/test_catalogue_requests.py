"""What the storefront's catalogue reads ask Saleor for."""

from __future__ import annotations

import pytest

from saleor_api import catalogue
from saleor_api.catalogue import Filters


@pytest.mark.parametrize(
    ("language", "code", "translated"),
    [("vi", "VI", False), ("en", "EN", True), ("zh-hans", "ZH_HANS", True), ("xx", "VI", False)],
)
def test_translations_are_asked_only_in_another_language_than_the_catalogues(
    language, code, translated
):
    requests = [
        catalogue.products_by_ids_request("vn", language, Filters(), ["UHJvZHVjdDox"]),
        catalogue.products_request("vn", language, None, Filters()),
        catalogue.product_request("vn", language, "mat-ong", ["UHJvZHVjdDox"]),
    ]

    for request in requests:
        assert request.variables["languageCode"] == code
        assert request.variables["translated"] is translated
