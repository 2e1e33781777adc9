from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import TestCase

from catalog_sync.services import run_sync
from saleor_api import connection
from tests.fakes.shop import TODAY, sample_shop

# Made-up products of the three provinces that have a theme (two each, without photos: their cards
# show the theme's group drawings).
PROVINCES_SAMPLE = Path(__file__).resolve().parent / "provinces-sample.csv"


def add_province_products() -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        run_sync(str(PROVINCES_SAMPLE), as_of=TODAY, client=connection.get_client())


@pytest.fixture
def themed_shop(db: None, monkeypatch: pytest.MonkeyPatch, settings: Any) -> Any:
    """The sample shop (in the in-memory Saleor) plus products of Quảng Ninh, Lạng Sơn, Bắc Giang."""
    fake = sample_shop(monkeypatch, settings)
    add_province_products()
    yield fake
    cache.clear()


@pytest.fixture
def cold_templates() -> Any:
    """The template cache emptied before and after, so a test sees what it compiles itself."""

    def reset() -> None:
        for loader in engines["django"].engine.template_loaders:  # type: ignore[attr-defined]
            loader.reset()

    reset()
    yield
    reset()
