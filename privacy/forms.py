"""Forms for data protection requests: who the request is about, why, and confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

REASON_HELP = _(
    "Recorded in the audit log with your name and the time, for example: “Subject access "
    "request received by email on 3 March, ref DP-123”."
)

REASON_REQUIRED = _("Say why: the reason is recorded in the audit log.")


class SearchForm(forms.Form):
    """Find what is held for an address."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address the person gave us when responding or registering."),
    )
    reason = forms.CharField(
        label=_("Why are you searching?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": REASON_REQUIRED},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REASON_REQUIRED)
        return reason


class ExportForm(SearchForm):
    """Export what is held for an address (the address and reason come from the search)."""

    email = forms.EmailField(widget=forms.HiddenInput, max_length=254)
    reason = forms.CharField(
        label=_("Reason recorded with the export"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": REASON_REQUIRED},
    )


class EraseForm(ExportForm):
    """Erase what is held for an address, once the officer has confirmed."""

    reason = forms.CharField(
        label=_("Reason recorded with the erasure"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=REASON_HELP,
        error_messages={"required": REASON_REQUIRED},
    )
    confirm = forms.BooleanField(
        label=_("I have checked the person's identity and that they asked for erasure"),
        required=False,
    )
