"""Forms for the theme review screens in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from engage.forms import AccessibleFormMixin
from engage.ids import IdModelChoiceField
from feedback.themes.models import AnalysisRun, Theme

KEYWORDS_HELP = _("One per line or separated by commas; phrases of several words are fine.")


class ThemeForm(AccessibleFormMixin, forms.Form):
    """Define a coding-frame theme, or rename and edit one."""

    name = forms.CharField(label=_("Name"), max_length=110)
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
    """Accept a proposal, optionally under a better name."""

    name = forms.CharField(label=_("Name"), max_length=110)


class MergeForm(AccessibleFormMixin, forms.Form):
    """Merge this theme into another theme of the same consultation."""

    into = IdModelChoiceField(
        label=_("Merge into"), queryset=Theme.objects.none(), empty_label=_("Choose a theme")
    )

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Theme.objects.filter(consultation_id=theme.consultation_id)
            .exclude(pk=theme.pk)
            .exclude(status=Theme.Status.DROPPED)
            .order_by("name")
        )


class SplitForm(AccessibleFormMixin, forms.Form):
    """Split some answers off into a new theme, by keywords and/or by choosing answers."""

    name = forms.CharField(label=_("Name of the new theme"), max_length=110)
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
