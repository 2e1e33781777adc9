"""allauth's hooks: sign-up only through an invitation, and messages in the shop's languages.

allauth ships no Vietnamese: the messages a producer sees are the shop's own (translated in
locale/), and the forms' labels are set in :mod:`accounts.forms`.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.services import invitation_from_token, join

SESSION_KEY = "accounts_invitation"

# allauth's messages (templates under account/messages/) in the shop's words; others are dropped.
MESSAGES = {
    "account/messages/logged_in.txt": _("You are signed in."),
    "account/messages/logged_out.txt": _("You are signed out."),
    "account/messages/email_confirmed.txt": _("Your email address is confirmed."),
    "account/messages/email_confirmation_sent.txt": _(
        "We sent you an email. Open the link in it to confirm your address."
    ),
    "account/messages/password_changed.txt": _("Your password is changed."),
    "account/messages/password_set.txt": _("Your password is set."),
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is switched off. Contact the shop."),
        "email_password_mismatch": _("The email address or the password is not right."),
        "email_taken": _("An account with this email address exists already. Sign in instead."),
        "invalid_or_expired_key": _("This link is not valid any more. Ask for a new one."),
        "invalid_password_reset": _("This link is not valid any more. Ask for a new one."),
        "too_many_login_attempts": _(
            "Too many failed attempts. Wait a few minutes, then try again."
        ),
        "rate_limited": _("Too many attempts. Wait a few minutes, then try again."),
        "unknown_email": _("No account uses this email address."),
        "unverified_primary_email": _("Confirm your email address first."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up uninvited: the session must hold a usable invitation."""
        token = str(request.session.get(SESSION_KEY) or "")
        return bool(token) and invitation_from_token(token) is not None

    def clean_email(self, email: str) -> str:
        """The invited address only: the link was sent there, so it is proven to be theirs."""
        email = super().clean_email(email)
        token = self.request.session.get(SESSION_KEY, "") if self.request else ""
        invitation = invitation_from_token(token) if token else None
        if invitation is not None and invitation.email != email.strip().lower():
            raise forms.ValidationError(
                _("Use the address the invitation was sent to: %(email)s")
                % {"email": invitation.email}
            )
        return email

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        invitation = invitation_from_token(str(request.session.get(SESSION_KEY, "")))
        if commit and invitation is not None:
            join(invitation.pk, user)
            request.session.pop(SESSION_KEY, None)
        return user

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        text = MESSAGES.get(message_template or "")
        if text is None:
            return
        super().add_message(request, level, message=str(text), extra_tags=extra_tags)
