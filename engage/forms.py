"""Form helpers shared by every app: accessible hints, errors and invalid states; a honeypot;
the GOV.UK date input; sums of money typed with a pound sign."""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.blocks import StreamValue

from engage.text import strip_control_characters

# One wording for a mistyped email address on every public form (GOV.UK style).
EMAIL_FORMAT_ERROR = _("Enter an email address in the correct format, like name@example.org")


class ControlCharactersMixin:
    """Remove control characters from everything submitted, before any field sees it."""

    def __init__(self, *args, **kwargs):
        # The data comes first or by keyword; allauth's account forms take ``user`` first.
        if kwargs.get("data") is not None:
            kwargs["data"] = _without_control_characters(kwargs["data"])
        elif args and isinstance(args[0], Mapping):
            args = (_without_control_characters(args[0]), *args[1:])
        super().__init__(*args, **kwargs)


def _without_control_characters(data):
    if hasattr(data, "setlist"):  # a QueryDict: copy() is mutable
        cleaned = data.copy()
        for key in cleaned:
            cleaned.setlist(key, [strip_control_characters(v) for v in data.getlist(key)])
        return cleaned
    return {
        key: [strip_control_characters(v) for v in value]
        if isinstance(value, list | tuple)
        else strip_control_characters(value)
        for key, value in data.items()
    }


def _without_control_characters_deep(value):
    """A block's stored form (lists, dicts, strings) with control characters removed."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return [_without_control_characters_deep(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_control_characters_deep(item) for key, item in value.items()}
    return value


class CleanTextMixin(ControlCharactersMixin):
    """An admin form whose text is saved without control characters.

    Plain fields are cleaned as they arrive (ControlCharactersMixin); rich text and StreamField
    blocks arrive as JSON, where a control character is an escape such as ``\\u0001``, so they
    are cleaned again once decoded. One stray character would otherwise break XLSX exports
    and search, and could not be seen to be removed by hand.
    """

    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = strip_control_characters(value)
            elif isinstance(value, StreamValue):
                block = value.stream_block
                stored = block.get_prep_value(value)
                stripped = _without_control_characters_deep(stored)
                if stripped != stored:
                    cleaned_data[name] = block.to_python(stripped)
        return cleaned_data


class PageForm(CleanTextMixin, WagtailAdminPageForm):
    """The admin form of every page model: text is saved without control characters."""


class AdminModelForm(CleanTextMixin, WagtailAdminModelForm):
    """The admin form of every snippet, ModelViewSet and setting: text is saved without
    control characters (engage.viewsets.CleanTextViewSetMixin makes it their base)."""


class AccessibleFormMixin(ControlCharactersMixin):
    """Link each widget to its hint and error text, and mark invalid fields with aria-invalid.

    Templates render hints as ``<id>-hint`` and errors as ``<id>-error`` (see
    templates/includes/form_field.html).
    """

    # How hint and error ids end, for templates that render them (feedback/admin/field_list.html).
    hint_suffix = "-hint"
    error_suffix = "-error"

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}{self.hint_suffix}")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}{self.error_suffix}")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault(
                    "aria-describedby", f"{self[name].auto_id}{self.hint_suffix}"
                )


class HoneypotMixin(forms.Form):
    """A field hidden with CSS (class "honeypot"): bots that fill in every field give
    themselves away. People never see it, and screen readers skip it (display: none)."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        """True when the hidden field was filled in."""
        return bool(self.data.get(self.add_prefix("website")))


class DatePartsWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three labelled boxes."""

    template_name = "engage/widgets/date_parts.html"
    # templates/includes/form_field.html puts a group of inputs in a fieldset with a legend.
    is_group = True
    part_labels = (_("Day"), _("Month"), _("Year"))

    def __init__(self, attrs=None):
        def box(size):
            return forms.TextInput(
                attrs={"inputmode": "numeric", "class": f"date-input__input date-input--{size}"}
            )

        super().__init__([box("2"), box("2"), box("4")], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.part_labels, strict=True):
            subwidget["label"] = label
        return context


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DatePartsWidget
    default_error_messages = {
        "required": _("Enter the date"),
        "incomplete": _("The date must include a day, month and year"),
        "invalid": _("Enter a real date, for example 27 3 2026"),
        "future": _("The date must be today or in the past."),
    }

    def __init__(self, *, past_only=False, **kwargs):
        # ``past_only``: the date something happened or arrived, so not after today.
        self.past_only = past_only
        # No length limit on the boxes themselves: a long or wordy part gets the date's own
        # message below, not "Ensure this value has at most 4 characters".
        parts = [forms.CharField(required=False) for _part in range(3)]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or not any(part.strip() for part in data_list):
            return None
        day, month, year = (part.strip() for part in data_list)
        if not (day and month and year):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        # Figures only, and a year of four: "26" is not taken as 26 AD (the example shows 2026).
        sizes_ok = len(day) <= 2 and len(month) <= 2 and len(year) == 4
        if not (sizes_ok and day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if self.past_only and date > timezone.localdate():
            raise forms.ValidationError(self.error_messages["future"], code="future")
        return date


class PoundsField(forms.DecimalField):
    """An amount in pounds that accepts what people type: "£4.80", "4.80" or "1,200"."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").strip().replace(",", "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value
