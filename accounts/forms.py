"""allauth's forms with the shop's labels (allauth has no Vietnamese): big, plain, labelled fields."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

LABELS = {
    "login": _("Email address"),
    "email": _("Email address"),
    "password": _("Password"),
    "password1": _("New password"),
    "password2": _("New password again"),
    "remember": _("Stay signed in on this phone"),
}
PASSWORD_HINT = _("At least 8 characters, not only digits, not a common password.")


def _relabel(form: forms.Form) -> None:
    for name, field in form.fields.items():
        if name in LABELS:
            field.label = LABELS[name]
        field.widget.attrs.pop("placeholder", None)
        if name in ("login", "email"):
            field.widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
    if "password" in form.fields:
        form.fields["password"].help_text = ""
    if "password1" in form.fields:
        form.fields["password1"].help_text = PASSWORD_HINT


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self)
        self.fields["password1"].label = _("Choose a password")
        self.fields["password2"].label = _("The same password again")


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self)


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self)


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _relabel(self)
        self.fields["oldpassword"].label = _("Current password")


class InvitationForm(forms.Form):
    """Staff or a province officer invites someone to manage a producer's listings."""

    email = forms.EmailField(label=_("Email address of the person to invite"))
    language = forms.ChoiceField(label=_("Language of the email"), initial="vi")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        kwargs.setdefault("initial", {"language": "vi"})
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        if isinstance(language, forms.ChoiceField):
            language.choices = settings.LANGUAGES
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "inputmode": "email"})
