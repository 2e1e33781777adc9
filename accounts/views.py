from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.adapter import SESSION_KEY
from accounts.services import invitation_from_token, join


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation email: sign up (or, signed in with that address, join)."""
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    user = request.user
    if user.is_authenticated:
        if join(invitation.pk, user) is None:
            return render(
                request,
                "accounts/invitation_invalid.html",
                {"other_account": True, "email": invitation.email},
                status=403,
            )
        return redirect("portal:home")
    request.session[SESSION_KEY] = token
    # The link came to this address: no second confirmation mail is needed for it.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(reverse("account_signup") + "?" + urlencode({"email": invitation.email}))
