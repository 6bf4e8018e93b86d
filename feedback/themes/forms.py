"""Forms for the theme review screens in the admin."""

import csv
import io
import json
from types import NoneType

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.forms import AccessibleFormMixin
from engage.ids import IdModelChoiceField
from feedback.themes.models import AnalysisRun, Theme

KEYWORDS_HELP = _("One per line or separated by commas; phrases of several words are fine.")


class ThemeForm(AccessibleFormMixin, forms.Form):
    """Define a coding-frame theme, or rename and edit one."""

    name = forms.CharField(label=_("Name"), max_length=Theme.NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One sentence: what answers in this theme are about."),
    )
    keywords = forms.CharField(
        label=_("Keywords and phrases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=KEYWORDS_HELP,
    )
    parent = IdModelChoiceField(
        label=_("Part of a broader theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, consultation, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(consultation=consultation).exclude(
            status=Theme.Status.DROPPED
        )
        if theme is not None:
            parents = parents.exclude(pk=theme.pk)
        self.fields["parent"].queryset = parents.order_by("name")


class AcceptForm(AccessibleFormMixin, forms.Form):
    """Accept a proposal under a better name, with a definition written by the officer."""

    name = forms.CharField(label=_("Name"), max_length=Theme.NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "One sentence: what answers in this theme are about. Discovery's key phrases are "
            "hints, not the definition."
        ),
    )
    keywords = forms.CharField(
        label=_("Keywords and phrases (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=KEYWORDS_HELP,
    )


class MergeForm(AccessibleFormMixin, forms.Form):
    """Merge this theme into another theme of the same consultation."""

    into = IdModelChoiceField(
        label=_("Merge into"),
        queryset=Theme.objects.none(),
        empty_label=_("Choose a theme"),
        error_messages={
            "required": _("Choose the theme to merge into."),
            "invalid_choice": _("Choose the theme to merge into from the list."),
        },
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        field = self.fields["into"]
        # The theme itself is a valid value, so that a post naming it is told why it is
        # refused (see clean_into), but the list does not offer it.
        field.queryset = (
            Theme.objects.filter(consultation_id=theme.consultation_id)
            .exclude(status=Theme.Status.DROPPED)
            .order_by("name")
        )
        field.widget.choices = [choice for choice in field.choices if choice[0] != theme.pk]

    def clean_into(self):
        into = self.cleaned_data["into"]
        if into.pk == self.theme.pk:
            raise forms.ValidationError(_("A theme cannot be merged into itself."))
        return into


class SplitForm(AccessibleFormMixin, forms.Form):
    """Split some answers off into a new theme, by keywords and/or by choosing answers."""

    name = forms.CharField(label=_("Name of the new theme"), max_length=Theme.NAME_MAX_LENGTH)
    keywords = forms.CharField(
        label=_("Move answers that mention"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=KEYWORDS_HELP,
    )
    answers = forms.MultipleChoiceField(
        label=_("Move these answers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, answer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answers"].choices = list(answer_choices)

    def clean(self):
        data = super().clean()
        if not data.get("keywords", "").strip() and not data.get("answers"):
            raise forms.ValidationError(_("Give some keywords or choose answers to move."))
        return data


class RunForm(forms.Form):
    """Which kind of analysis run to start."""

    kind = forms.ChoiceField(choices=AnalysisRun.Kind.choices)


class AddTagForm(AccessibleFormMixin, forms.Form):
    """Add a theme to one answer."""

    theme = IdModelChoiceField(
        label=_("Add a theme"), queryset=Theme.objects.none(), empty_label=_("Choose a theme")
    )

    def __init__(self, *args, consultation, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = (
            Theme.objects.filter(consultation=consultation)
            .exclude(status=Theme.Status.DROPPED)
            .exclude(pk__in=exclude)
            .order_by("name")
        )


class CodingFrameImportForm(AccessibleFormMixin, forms.Form):
    """Upload an existing coding frame: CSV (name, description, keywords, parent) or JSON."""

    file = forms.FileField(
        label=_("Coding frame file (CSV or JSON)"),
        help_text=_(
            "CSV with the columns name, description, keywords (separated by semicolons) and "
            'optionally parent; or JSON: {"themes": [{"name", "description", '
            '"keywords": [...]}]}.'
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FRAME_BYTES:
            raise forms.ValidationError(_("The file is too big for a coding frame (1 MB at most)."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Save the file as UTF-8 and upload it again.")) from error
        return read_coding_frame(text=text, name=upload.name)


MAX_FRAME_BYTES = 1024 * 1024


def read_coding_frame(*, text, name=""):
    """The themes of a coding frame file as dicts; CSV unless it looks like JSON."""
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("The JSON cannot be read (line %(line)s).") % {"line": error.lineno}
            ) from error
        except RecursionError as error:  # lists or objects nested thousands deep
            raise forms.ValidationError(
                _("The JSON cannot be read: it is nested too deeply for a coding frame.")
            ) from error
        items = data.get("themes") if isinstance(data, dict) else data
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise forms.ValidationError(_("The JSON needs a list of themes, each an object."))
        return [_frame_item(item) for item in items]
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "name" not in {(key or "").strip().lower() for key in rows[0]}:
        raise forms.ValidationError(_("The CSV needs a header row with a “name” column."))
    return [_frame_item({(k or "").strip().lower(): v for k, v in row.items()}) for row in rows]


# A theme's fields that are text (a number is read as text; a list or an object is refused).
FRAME_TEXT = ("name", "description", "parent")


def _frame_item(item):
    if not all(isinstance(item.get(key), str | int | float | NoneType) for key in FRAME_TEXT):
        raise forms.ValidationError(_("Theme names must be text."))
    keywords = item.get("keywords") or []
    # Text is split by services.clean_keywords, with the command line's separators.
    if not isinstance(keywords, str | list) or (
        isinstance(keywords, list) and not all(isinstance(w, str | int | float) for w in keywords)
    ):
        raise forms.ValidationError(_("Keywords must be a list or text."))
    return {
        "name": str(item.get("name") or ""),
        "description": str(item.get("description") or ""),
        "keywords": keywords,
        "parent": str(item.get("parent") or ""),
    }
