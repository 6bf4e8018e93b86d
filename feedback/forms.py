"""Forms for responding: one form per questionnaire section, about you, equality, staff entry."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultations.models import WorkshopEventPage
from consultations.selectors import consultation_places
from engage.forms import EMAIL_FORMAT_ERROR, AccessibleFormMixin, DatePartsField, HoneypotMixin
from engage.ids import IdModelChoiceField
from feedback import equality
from feedback.models import Capacity, Question, Response
from feedback.question_kinds import FREE_TEXT_MAX_LENGTH, OTHER, kind_of

# Personal details: the autocomplete tokens let browsers fill them in (WCAG 1.3.5).
EMAIL_WIDGET_ATTRS = {"autocomplete": "email", "spellcheck": "false"}


def _field_name(question):
    return f"q_{question.pk}"


def _other_name(question):
    return f"q_{question.pk}_other"


class StartForm(HoneypotMixin, forms.Form):
    """Starting a response: carries a random key so a double click starts only one."""

    start_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("start_key", uuid.uuid4())


class SectionForm(AccessibleFormMixin, forms.Form):
    """The questions of one section, built from the questionnaire definition.

    `questions` are those asked (see feedback.conditions); how each is asked and stored comes
    from its kind (feedback.question_kinds).
    """

    def __init__(self, *args, section, questions=None, enforce_required=True, **kwargs):
        self.section = section
        self.questions = list(questions if questions is not None else section.questions.all())
        self.enforce_required = enforce_required
        super().__init__(*args, **kwargs)
        for question in self.questions:
            kind = kind_of(question)
            self.fields[_field_name(question)] = kind.form_field(
                question, required=question.required and enforce_required
            )
            if kind.offers_other(question):
                self.fields[_other_name(question)] = kind.other_field()

    def question_fields(self):
        """(question, bound field, bound "other" field or None) in order, for templates."""
        for question in self.questions:
            other = self[_other_name(question)] if _other_name(question) in self.fields else None
            yield question, self[_field_name(question)], other

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            other_name = _other_name(question)
            if other_name not in self.fields:
                continue
            value = cleaned.get(_field_name(question))
            selected = value if isinstance(value, list) else [value]
            if OTHER in selected and not cleaned.get(other_name, "").strip():
                self.add_error(other_name, _("Say what 'other' means, or untick it."))
        return cleaned

    def answer_values(self):
        """{question: {"text", "choices", "number"}} from cleaned data (empty answers too)."""
        return {
            question: kind_of(question).answer_from_form(
                self.cleaned_data.get(_field_name(question)),
                self.cleaned_data.get(_other_name(question), ""),
            )
            for question in self.questions
        }

    @classmethod
    def initial_from_answers(cls, questions, answers_by_question):
        """Initial data for the form from stored answers."""
        initial = {}
        for question in questions:
            answer = answers_by_question.get(question.pk)
            if answer is None:
                continue
            value, other = kind_of(question).form_initial(answer)
            if value is not None:
                initial[_field_name(question)] = value
            if other:
                initial[_other_name(question)] = other
        return initial


class AboutYouForm(AccessibleFormMixin, forms.ModelForm):
    """The section every questionnaire ends with: who is responding, and consent."""

    capacity = forms.ChoiceField(
        label=_("In what capacity are you responding?"),
        choices=Capacity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the capacity you are responding in")},
    )
    on_behalf_of_organisation = forms.TypedChoiceField(
        label=_("Are you responding on behalf of an organisation?"),
        choices=[("no", _("No, for myself")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
        empty_value=False,
        error_messages={
            "required": _("Select yes if you are responding on behalf of an organisation, or no")
        },
    )
    consent_to_quote = forms.TypedChoiceField(
        label=_("May we quote what you wrote, anonymously, in reports?"),
        help_text=_("We remove names and other details that could identify anyone."),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        empty_value=None,
        error_messages={"required": _("Select yes if we may quote what you wrote, or no")},
    )
    is_anonymous = forms.BooleanField(
        label=_("Respond anonymously"),
        required=False,
        help_text=_("We will not store your name, email address, account or IP address."),
    )
    consent_to_outcome_email = forms.BooleanField(
        label=_("Email me when you publish what you heard and what you decided"),
        required=False,
        help_text=_(
            "Optional. We use your email address once more, for this, and remove it when we "
            "no longer need it. You need to give your email address above."
        ),
    )

    class Meta:
        model = Response
        fields = [
            "capacity",
            "team_or_service",
            "on_behalf_of_organisation",
            "organisation_name",
            "borough",
            "locality",
            "pcn",
            "consent_to_quote",
            "is_anonymous",
            "respondent_name",
            "respondent_email",
            "consent_to_outcome_email",
        ]
        labels = {
            "team_or_service": _("Your team or service"),
            "organisation_name": _("Name of the organisation"),
            "borough": _("Borough"),
            "locality": _("Locality"),
            "pcn": _("Primary care network (PCN)"),
            "respondent_name": _("Your name"),
            "respondent_email": _("Your email address"),
        }
        help_texts = {
            "team_or_service": _("If you work for the NHS or the council."),
            "borough": _("Where you live or work."),
            "respondent_email": _("For your receipt. Leave empty if you prefer."),
        }
        widgets = {
            "respondent_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "respondent_email": forms.EmailInput(attrs=EMAIL_WIDGET_ATTRS),
        }
        error_messages = {"respondent_email": {"invalid": EMAIL_FORMAT_ERROR}}

    def __init__(self, *args, enforce_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.enforce_required = enforce_required
        # A consultation limited to some boroughs offers only their places.
        places = consultation_places(
            consultation=self.instance.consultation if self.instance.consultation_id else None
        )
        for name, queryset in zip(("borough", "locality", "pcn"), places, strict=True):
            self.fields[name].queryset = queryset
            self.fields[name].empty_label = _("Prefer not to say / not sure")
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the places this consultation covers, or “Prefer not to say”."
            )
        if self.instance and self.instance.pk:
            self.initial["on_behalf_of_organisation"] = (
                "yes" if self.instance.on_behalf_of_organisation else "no"
            )
            # No answer is chosen for the person: only what they said before is shown again.
            if self.instance.consent_to_quote is not None:
                self.initial["consent_to_quote"] = "yes" if self.instance.consent_to_quote else "no"
        if not enforce_required:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_behalf_of_organisation") and not cleaned.get("organisation_name"):
            self.add_error("organisation_name", _("Enter the name of the organisation."))
        if cleaned.get("consent_to_outcome_email") and self.enforce_required:
            if cleaned.get("is_anonymous"):
                self.add_error(
                    "consent_to_outcome_email",
                    _(
                        "You are responding anonymously, so we cannot email you. Untick one "
                        "of the two."
                    ),
                )
            elif not cleaned.get("respondent_email") and "respondent_email" not in self.errors:
                self.add_error(
                    "respondent_email",
                    _("Enter your email address so we can tell you the outcome, or untick it."),
                )
        if cleaned.get("is_anonymous") or not cleaned.get("respondent_email"):
            # Only meaningful with an email address; never stored for anonymous responses.
            cleaned["consent_to_outcome_email"] = False
        if cleaned.get("is_anonymous"):
            cleaned["respondent_name"] = ""
            cleaned["respondent_email"] = ""
        locality, borough = cleaned.get("locality"), cleaned.get("borough")
        if locality and borough and locality.borough_id != borough.pk:
            self.add_error("locality", _("Choose a locality in the borough you chose."))
        return cleaned


class ReceiptForm(AccessibleFormMixin, forms.Form):
    """The last step: where to send a receipt (used once, not stored when anonymous)."""

    receipt_email = forms.EmailField(
        label=_("Email address for your receipt"),
        required=False,
        help_text=_("We send a copy of your answers and a link to withdraw them."),
        error_messages={"invalid": EMAIL_FORMAT_ERROR},
        widget=forms.EmailInput(attrs=EMAIL_WIDGET_ATTRS),
    )


class SaveForLaterForm(AccessibleFormMixin, forms.Form):
    """Where to send the private link that resumes a draft."""

    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We only use this to send you the link; we do not keep it."),
        error_messages={
            "required": _("Enter the email address to send the link to"),
            "invalid": EMAIL_FORMAT_ERROR,
        },
        widget=forms.EmailInput(attrs=EMAIL_WIDGET_ATTRS),
    )


class EqualityForm(AccessibleFormMixin, forms.Form):
    """Optional equality monitoring questions (GSS harmonised standards)."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (question, options) in equality.QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=question, choices=options, widget=forms.RadioSelect, required=False
            )
        self.fields["ethnicity_other"] = forms.CharField(
            label=_("If you chose an 'any other' background, you can describe it"),
            required=False,
            max_length=200,
        )
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def answer_fields(self):
        """The bound fields, in the order asked."""
        return [self[name] for name in [*equality.QUESTIONS, "ethnicity_other"]]


class WithdrawForm(forms.Form):
    """Confirm withdrawing a response (no fields: the button is the confirmation)."""


class ReceivedForm(AccessibleFormMixin, forms.ModelForm):
    """How and when a paper, email or phone response came: asked before its answers are typed
    in, and corrected later on its own page."""

    channel = forms.ChoiceField(
        label=_("How was it received?"),
        choices=[
            (Response.Channel.PAPER, _("Paper")),
            (Response.Channel.EMAIL, _("Email")),
            (Response.Channel.PHONE, _("Phone")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the response was received")},
    )
    received_on = DatePartsField(
        label=_("Date received"),
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date the response was received")},
        past_only=True,
    )

    class Meta:
        model = Response
        fields = ["channel", "received_on"]


class OfflineResponseForm(ReceivedForm):
    """Staff starting to type in a response received on paper, by email or by phone."""

    # Set once when the form is shown: saving the same form twice stores one response.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class WorkshopNotesForm(AccessibleFormMixin, forms.Form):
    """A facilitator's notes from one table or discussion topic at a workshop."""

    event = IdModelChoiceField(label=_("Workshop"), queryset=WorkshopEventPage.objects.none())
    table_or_topic = forms.CharField(label=_("Table or discussion topic"), max_length=200)
    question = IdModelChoiceField(
        label=_("Question the notes answer"), queryset=Question.objects.none()
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Type what was said. Leave out names of people."),
    )
    # Set once when the form is shown: saving the same notes twice stores them once.
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, consultation, events, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
        self.fields["event"].queryset = events
        self.fields["question"].queryset = Question.objects.filter(
            section__questionnaire__consultation=consultation,
            kind__in=Question.TEXT_KINDS,
        ).order_by("section__sort_order", "sort_order")


class ImportForm(AccessibleFormMixin, forms.Form):
    """Upload a CSV or XLSX file of responses."""

    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("The first row must hold column names. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".csv") or name.endswith(".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload


class QuestionnaireTranslationUploadForm(AccessibleFormMixin, forms.Form):
    """A translator's PO file for one language of a questionnaire."""

    language = forms.ChoiceField(
        label=_("Language"),
        error_messages={"invalid_choice": _("Choose one of the languages offered.")},
    )
    file = forms.FileField(
        label=_("PO file"),
        help_text=_("The file downloaded from this page, with the translations filled in."),
    )

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(languages.items())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload
