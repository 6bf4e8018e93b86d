"""Forms for facilitators in the admin: adding someone who came without registering."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Registration, WorkshopEventPage
from engage.forms import EMAIL_FORMAT_ERROR, AccessibleFormMixin


class WalkInForm(AccessibleFormMixin, forms.Form):
    """A walk-in: name and how they take part; email only if they want to give one."""

    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={"invalid": EMAIL_FORMAT_ERROR},
    )
    capacity_type = forms.ChoiceField(
        label=_("Taking part as"), choices=Registration.Capacity.choices
    )
    attended_as = forms.ChoiceField(
        label=_("How are they taking part?"),
        choices=Registration.AttendedAs.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, prefix="walk_in", **kwargs)
        if event.format != WorkshopEventPage.Format.HYBRID:
            # Only a hybrid event has two ways to take part.
            del self.fields["attended_as"]
