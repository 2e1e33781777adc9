"""Products leave an event when their certificate ends (filled in below)."""

from __future__ import annotations

from typing import Any


def drop_lapsed_after_catalogue_change(sender: Any, **kwargs: Any) -> None:
    return None
