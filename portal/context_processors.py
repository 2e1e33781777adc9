from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts import policy

PORTAL_NAMESPACES = ("portal", "accounts")


def portal(request: HttpRequest) -> dict[str, Any]:
    """The portal's navigation: the member's producer and whether the user invites."""
    match = getattr(request, "resolver_match", None)
    in_portal = match is not None and (
        match.namespace in PORTAL_NAMESPACES or (match.url_name or "").startswith("account_")
    )
    if not in_portal or not request.user.is_authenticated:
        return {}
    return {
        "portal_member": policy.member_of(request.user),
        "portal_can_invite": policy.can_invite(request.user),
    }
