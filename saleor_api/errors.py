"""Saleor's failures as typed exceptions that name the operation (and the field, for mutations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SaleorError(Exception):
    """Base class of every failure talking to Saleor."""

    def __init__(self, operation: str, message: str) -> None:
        self.operation = operation
        super().__init__(f"{operation}: {message}")


class SaleorNotConfigured(SaleorError):
    """SALEOR_API_URL (or the app token) is not set."""


class SaleorUnavailable(SaleorError):
    """Saleor did not answer (network error, timeout, 5xx or rate limit) after every retry."""


class SaleorAuthError(SaleorError):
    """Saleor refused the token or the app lacks a permission."""


class SaleorGraphQLError(SaleorError):
    """Saleor answered with top-level GraphQL ``errors``."""

    def __init__(self, operation: str, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        messages = "; ".join(str(err.get("message", err)) for err in errors)
        super().__init__(operation, messages)

    @property
    def codes(self) -> set[str]:
        return {
            str(err.get("extensions", {}).get("exception", {}).get("code", ""))
            for err in self.errors
        } - {""}


@dataclass(frozen=True)
class FieldError:
    """One entry of a mutation's ``errors`` list."""

    field: str | None
    code: str
    message: str
    index: int | None = None  # position in a bulk input, when Saleor says

    def __str__(self) -> str:
        where = self.field or "input"
        if self.index is not None:
            where = f"[{self.index}].{where}"
        return f"{where}: {self.code} ({self.message})"


class SaleorMutationError(SaleorError):
    """A mutation answered with a non-empty ``errors`` list."""

    def __init__(self, operation: str, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__(operation, "; ".join(str(err) for err in errors))

    @property
    def codes(self) -> set[str]:
        return {err.code for err in self.errors}

    @property
    def fields(self) -> set[str]:
        return {err.field for err in self.errors if err.field}
