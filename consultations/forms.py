"""Public forms: registering for a workshop, and filtering the list of consultations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Borough, ConsultationPage, ConsultationStatus, Registration, Topic
from engage.forms import EMAIL_FORMAT_ERROR, AccessibleFormMixin, HoneypotMixin


class RegistrationForm(AccessibleFormMixin, HoneypotMixin, forms.Form):
    """A place at a workshop, without an account (with a honeypot field for bots)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Enter your name")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send your confirmation and a link to cancel to this address."),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": EMAIL_FORMAT_ERROR,
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    capacity_type = forms.ChoiceField(
        label=_("Are you coming as"),
        choices=Registration.Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you are coming to this event")},
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Do you need anything to take part?"),
        help_text=_("Select all that apply. We will contact you to arrange it."),
        choices=Registration.AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    access_other = forms.CharField(
        label=_("Tell us what you need"),
        help_text=_("For example, a quiet space, a dietary need, or a support worker with you."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    attendance = forms.ChoiceField(
        label=_("Will you come in person or join online?"),
        help_text=_("Places in the room are limited; there is room for everyone online."),
        choices=Registration.Attendance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you will come in person or join online")},
    )
    consent_to_contact = forms.BooleanField(
        label=_("You may contact me about this event and about arranging my access needs"),
        help_text=_("We use your details only for this event, as our privacy notice explains."),
        required=False,
    )

    field_order = [
        "name",
        "email",
        "capacity_type",
        "attendance",
        "access_needs",
        "access_other",
        "consent_to_contact",
    ]

    def __init__(self, *args, event=None, user=None, **kwargs):
        # A signed-in person need not type what their account already says.
        if user is not None and user.is_authenticated and "initial" not in kwargs:
            kwargs["initial"] = {"name": user.get_full_name(), "email": user.email}
        super().__init__(*args, **kwargs)
        # Only a hybrid event has a choice to make; the others are one or the other.
        if event is None or event.format != event.Format.HYBRID:
            del self.fields["attendance"]

    def clean(self):
        cleaned = super().clean()
        needs = cleaned.get("access_needs") or []
        other = (cleaned.get("access_other") or "").strip()
        if Registration.AccessNeed.OTHER in needs and not other:
            self.add_error("access_other", _("Tell us what else you need, or untick it"))
        if Registration.AccessNeed.DIETARY in needs and not other:
            self.add_error("access_other", _("Tell us about your dietary requirements"))
        return cleaned


class _UnknownMeansUnset:
    """A filter field for which a value it does not know means "not set".

    Filter links outlive what they name (a borough or topic removed or renamed, a link typed
    by hand): such a value lists everything, as if that filter were not set, with no error.
    """

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice":
                raise
            return self.to_python("")


class FilterChoiceField(_UnknownMeansUnset, forms.ChoiceField):
    """A choice filter that ignores unknown values."""


class FilterModelChoiceField(_UnknownMeansUnset, forms.ModelChoiceField):
    """A model choice filter that ignores unknown values."""


class ConsultationFilterForm(AccessibleFormMixin, forms.Form):
    """Filters for the list of consultations; sent with GET so they work without JavaScript."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = FilterChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ConsultationStatus.choices],
    )
    audience = FilterChoiceField(
        label=_("Who it is for"),
        required=False,
        choices=[("", _("Anyone")), *ConsultationPage.Audience.choices],
    )
    borough = FilterModelChoiceField(
        label=_("Borough"),
        required=False,
        queryset=Borough.objects.all(),
        to_field_name="slug",
        empty_label=_("All boroughs"),
    )
    topic = FilterModelChoiceField(
        label=_("Topic"),
        required=False,
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("All topics"),
    )
