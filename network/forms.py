"""Forms for network members: profile, interest, involvement log and account deletion."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.models import Borough, Locality, Topic
from engage.forms import AccessibleFormMixin, DatePartsField, PoundsField
from engage.ids import IdModelChoiceField, IdModelMultipleChoiceField
from network.models import (
    Availability,
    ContactMethod,
    ExpenseType,
    InvolvementRecord,
    MemberProfile,
    TakingPart,
)


class LocalitySelect(forms.Select):
    """Localities grouped by borough so people can find theirs."""

    def optgroups(self, name, value, attrs=None):
        groups = []
        selected = {str(v) for v in value}
        blank = self.create_option(name, "", _("Not sure / prefer not to say"), not selected, 0)
        groups.append((None, [blank], 0))
        index = 1
        by_borough = {}
        for locality in Locality.objects.select_related("borough"):
            by_borough.setdefault(locality.borough.name, []).append(locality)
        for borough_name, localities in by_borough.items():
            options = []
            for locality in localities:
                options.append(
                    self.create_option(
                        name, str(locality.pk), locality.name, str(locality.pk) in selected, index
                    )
                )
                index += 1
            groups.append((borough_name, options, index))
        return groups


class MemberProfileForm(AccessibleFormMixin, forms.ModelForm):
    """Everything a member tells us about how they take part."""

    taking_part_as = forms.MultipleChoiceField(
        label=_("How do you take part?"),
        help_text=_("Choose all that apply."),
        choices=TakingPart.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one way you take part.")},
    )
    borough = IdModelChoiceField(
        label=_("Borough"),
        queryset=Borough.objects.all(),
        required=False,
        empty_label=_("Not sure / prefer not to say"),
    )
    locality = IdModelChoiceField(
        label=_("Locality"),
        queryset=Locality.objects.select_related("borough"),
        required=False,
        widget=LocalitySelect,
    )
    topics = IdModelMultipleChoiceField(
        label=_("Topics you care about"),
        help_text=_("We use these to tell you about consultations and workshops that matter."),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_methods = forms.MultipleChoiceField(
        label=_("How may we contact you?"),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("When can you usually take part?"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "preferred_name",
            "taking_part_as",
            "borough",
            "locality",
            "topics",
            "lived_experience",
            "access_needs",
            "contact_methods",
            "phone",
            "postal_address",
            "availability",
            "availability_notes",
            "consent_contact_opportunities",
            "consent_share_name",
            "receives_digest",
        ]
        widgets = {
            "lived_experience": forms.Textarea(attrs={"rows": 4}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
            "postal_address": forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
            "preferred_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        help_texts = {
            "lived_experience": _(
                "Optional. For example, experience of psychosis, of being a carer, or of a "
                "service. Only the Involvement team can see this; it helps us invite you to "
                "groups where your experience matters."
            ),
            "access_needs": _(
                "For example: large print, British Sign Language, step-free access, breaks, "
                "papers sent in advance."
            ),
            "consent_share_name": _("Otherwise other group members will not see your name."),
        }
        error_messages = {
            "preferred_name": {"required": _("Enter the name you would like us to use.")},
        }

    def clean(self):
        cleaned = super().clean()
        methods = cleaned.get("contact_methods") or []
        if ContactMethod.PHONE in methods and not (cleaned.get("phone") or "").strip():
            self.add_error("phone", _("Enter a phone number, or do not choose contact by phone."))
        if ContactMethod.POST in methods and not (cleaned.get("postal_address") or "").strip():
            self.add_error(
                "postal_address", _("Enter a postal address, or do not choose contact by post.")
            )
        borough, locality = cleaned.get("borough"), cleaned.get("locality")
        if locality and borough and locality.borough_id != borough.pk:
            self.add_error("locality", _("Choose a locality in the borough you chose."))
        if locality and not borough:
            cleaned["borough"] = locality.borough
        return cleaned

    def profile_fields(self):
        """The cleaned fields as keyword arguments for network.services.member_profile_save."""
        data = dict(self.cleaned_data)
        topics = data.pop("topics", [])
        return {"topics": topics, **data}


class InterestForm(AccessibleFormMixin, forms.Form):
    """A member's short note on why they would like to take part."""

    why_me = forms.CharField(
        label=_("Why would you like to take part?"),
        help_text=_("A few sentences are enough: what you would bring, or what it means to you."),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tell us briefly why you would like to take part.")},
    )


class InvolvementLogForm(AccessibleFormMixin, forms.Form):
    """A member logs a piece of involvement, with an optional expense."""

    activity = forms.ChoiceField(
        label=_("What did you do?"),
        choices=InvolvementRecord.Activity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you did.")},
    )
    description = forms.CharField(
        label=_("Short description"),
        help_text=_("For example: design group meeting about the new community teams."),
        max_length=250,
        required=False,
    )
    date = DatePartsField(
        label=_("When did you do it?"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date you did it")},
        past_only=True,
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        help_text=_("In quarter hours, for example 1.5 for an hour and a half."),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={
            "required": _("Enter how many hours."),
            "invalid": _("Enter hours as a number, for example 1.5."),
        },
    )
    is_paid = forms.BooleanField(
        label=_("Claim payment for my time"),
        required=False,
        initial=True,
        help_text=_("Untick if you gave this time voluntarily."),
    )
    expense_type = IdModelChoiceField(
        label=_("Expense type"),
        queryset=ExpenseType.objects.filter(is_active=True),
        required=False,
        empty_label=_("No expenses"),
    )
    expense_amount = PoundsField(
        label=_("Expense amount in pounds"),
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Enter the amount in pounds and pence, for example £6.80.")},
    )
    expense_note = forms.CharField(
        label=_("Expense details"),
        help_text=_("For example: return bus fare from Southall."),
        max_length=250,
        required=False,
    )

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if (hours * 4) % 1:
            raise forms.ValidationError(_("Enter hours in quarter hours, for example 1.25."))
        return hours

    def clean(self):
        cleaned = super().clean()
        expense_type = cleaned.get("expense_type")
        amount = cleaned.get("expense_amount")
        if expense_type and amount is None and "expense_amount" not in self.errors:
            self.add_error("expense_amount", _("Enter the expense amount."))
        if amount is not None and not expense_type:
            self.add_error("expense_type", _("Choose the type of expense."))
        if (
            expense_type
            and amount is not None
            and expense_type.maximum_amount is not None
            and amount > expense_type.maximum_amount
        ):
            self.add_error(
                "expense_amount",
                _("%(type)s claims are limited to £%(max)s.")
                % {"type": expense_type.name, "max": expense_type.maximum_amount},
            )
        return cleaned

    def expenses(self):
        """The expense lines as (type, amount, note) for network.services.involvement_log."""
        if self.cleaned_data.get("expense_type"):
            return [
                (
                    self.cleaned_data["expense_type"],
                    self.cleaned_data["expense_amount"],
                    self.cleaned_data.get("expense_note", ""),
                )
            ]
        return []


class AccountDeleteForm(AccessibleFormMixin, forms.Form):
    """Confirm account deletion with the password."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password to confirm.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand my account and profile will be deleted and cannot be restored"),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


class InterestDecisionForm(forms.Form):
    """The Involvement team's decision on an interest (Wagtail admin)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the member"),
        help_text=_("Emailed to them with the decision."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ClaimRejectForm(forms.Form):
    """Why a claim was turned down (Wagtail admin)."""

    note = forms.CharField(label=_("Reason"), max_length=250)
