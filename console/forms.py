"""The console's forms: big labelled fields, errors in the officer's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from catalog_sync.normalise import parse_date


class DayField(forms.Field):
    """A day typed as Vietnamese write it (24/11/2024) or as yyyy-mm-dd."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Type the date as day/month/year, for example 24/11/2024."), code="date"
            ) from None


class UploadForm(forms.Form):
    """An official list and what the command line's --decision, --decided-on and
    --issuing-authority say for it (the province is the console's)."""

    file = forms.FileField(
        label=_("The official list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet,text/csv"
            }
        ),
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        required=False,
        max_length=100,
        help_text=_("For a list whose rows name no decision, e.g. 2751/QĐ-UBND."),
    )
    decided_on = DayField(label=_("Decision date"), required=False)
    issuing_authority = forms.CharField(
        label=_("Issuing authority"),
        required=False,
        max_length=300,
        help_text=_("e.g. Provincial People's Committee"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(mb)s MB.") % {
            "mb": settings.CONSOLE_UPLOAD_MAX_BYTES // (1024 * 1024)
        }
        self.fields["decided_on"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["decided_on"].help_text = _("day/month/year")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("decision_number")) != bool(data.get("decided_on")) and not (
            self.errors.get("decided_on")
        ):
            raise forms.ValidationError(
                _("Give the decision number and its date together, or neither."), code="decision"
            )
        return data


class RevokeForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Number of the revocation decision"),
        max_length=100,
        help_text=_("e.g. 3763/QĐ-UBND"),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. food-safety violation, production stopped"),
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is revoked."))
        return reason
