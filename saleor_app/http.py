"""The JSON error answer of every endpoint Saleor calls (installation, webhooks, payments)."""

from __future__ import annotations

from django.http import JsonResponse


def error_response(status: int, code: str, message: str) -> JsonResponse:
    """``{"success": false, "error": {"code", "message"}}``: the shape Saleor's app tooling uses;
    Saleor shows ``error.message`` in the Dashboard (installation) and its delivery log."""
    return JsonResponse(
        {"success": False, "error": {"code": code, "message": message}}, status=status
    )
