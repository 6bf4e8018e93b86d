"""Questionnaires and the responses that come back, equality monitoring and safeguarding."""

import json
import secrets
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from consultations.models import (
    Borough,
    ConsultationPage,
    Locality,
    PrimaryCareNetwork,
    WorkshopEventPage,
)
from engage import tokens
from feedback import conditions, equality, question_kinds
from feedback.analysis.language import ENGLISH, language_name
from feedback.question_kinds import FREE_TEXT_MAX_LENGTH, kind_of

# All of a question's options together, stored as JSON (bytes): keeps answers indexable.
MAX_OPTIONS_BYTES = 2000
# Unambiguous characters for human-friendly references (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_token():
    """A long random URL-safe token (kept for migration 0001; links now use engage.tokens)."""
    return secrets.token_urlsafe(32)


def new_reference():
    """A short reference people can read out on the phone, e.g. ``R-7K3Q-9P2X``."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{chars[:4]}-{chars[4:]}"


class ChoiceListFormField(forms.CharField):
    """Edit a list of options as one option per line."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class ChoiceListField(models.JSONField):
    """A JSON list of option labels, edited in forms as one option per line."""

    def formfield(self, **kwargs):
        return ChoiceListFormField(
            required=not self.blank,
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
        )


# --- Questionnaires ---------------------------------------------------------------------


class Questionnaire(ClusterableModel):
    """The questions asked by one consultation, in sections shown one per page."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="questionnaire"
    )
    intro = models.TextField(
        blank=True, help_text=_("Shown before the first section: what it is for, how long.")
    )
    equality_monitoring = models.BooleanField(
        _("ask equality monitoring questions"),
        default=True,
        help_text=_("Optional questions after the main ones, stored apart from the answers."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("consultation"),
        FieldPanel("intro"),
        FieldPanel("equality_monitoring"),
        InlinePanel("sections", heading=_("Sections"), label=_("Section"), min_num=1),
    ]

    class Meta:
        verbose_name = _("questionnaire")

    def __str__(self):
        return str(self.consultation.title) if self.consultation_id else "questionnaire"

    @property
    def has_responses(self):
        """True once any response (other than a draft) exists for the consultation."""
        return self.consultation.responses.exclude(status=Response.Status.DRAFT).exists()


def _shown_if_field():
    return models.ForeignKey(
        "feedback.Question",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind__in": question_kinds.CONTROLLING_KINDS},
        verbose_name=_("ask only if the answer to"),
        help_text=_(
            "Optional. A single-choice or yes/no question in an earlier section: this is asked "
            "only when its answer is one of the answers below (see feedback.conditions)."
        ),
    )


def _shown_if_answers_field():
    return ChoiceListField(
        _("is one of"),
        default=list,
        blank=True,
        help_text=_("The answers, one per line, exactly as the options are written."),
    )


class ConditionalMixin(models.Model):
    """A question or section that may be asked only after some answers (skip logic)."""

    condition_panel = MultiFieldPanel(
        [FieldPanel("shown_if"), FieldPanel("shown_if_answers")],
        heading=_("Skip logic"),
        classname="collapsed",
    )

    class Meta:
        abstract = True

    @property
    def condition_text(self):
        """“Asked only of people who answered …”, or "" when always asked."""
        return conditions.describe(self)

    def clean_condition(self, *, own_section):
        """Refuse a condition that could never work (see conditions.problems)."""
        questionnaire_id = own_section.questionnaire_id if own_section is not None else None
        errors = conditions.problems(
            controller=self.shown_if,
            values=list(self.shown_if_answers or []),
            own_section=own_section,
            own_questionnaire_id=questionnaire_id,
        )
        if errors:
            raise ValidationError(errors)


class QuestionSection(ClusterableModel, Orderable, ConditionalMixin):
    """A group of questions shown on one page."""

    questionnaire = ParentalKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    shown_if = _shown_if_field()
    shown_if_answers = _shown_if_answers_field()

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        ConditionalMixin.condition_panel,
        InlinePanel("questions", heading=_("Questions"), label=_("Question")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("section")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.shown_if_id or self.shown_if_answers:
            self.clean_condition(own_section=self)


class Question(Orderable, ConditionalMixin):
    """One question; its kind decides how it is asked and summarised."""

    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        AGREEMENT = "agreement", _("Agreement scale (strongly agree to strongly disagree)")
        RATING = "rating", _("Rating from 1 to 5")
        YES_NO = "yes_no", _("Yes or no")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long free text")

    # How each kind behaves lives in feedback.question_kinds; these are kept for queries.
    TEXT_KINDS = question_kinds.TEXT_KINDS
    CLOSED_KINDS = question_kinds.CLOSED_KINDS
    AGREEMENT_OPTIONS = question_kinds.AGREEMENT_OPTIONS
    YES_NO_OPTIONS = question_kinds.YES_NO_OPTIONS
    RATING_OPTIONS = question_kinds.RATING_OPTIONS

    section = ParentalKey(QuestionSection, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LONG_TEXT)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    choices = ChoiceListField(
        default=list,
        blank=True,
        help_text=_("For single and multiple choice questions: one option per line."),
    )
    allow_other = models.BooleanField(
        _('allow "other, please say"'),
        default=False,
        help_text=_("Multiple and single choice only: adds a free text 'other' option."),
    )
    shown_if = _shown_if_field()
    shown_if_answers = _shown_if_answers_field()

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("choices"),
        FieldPanel("allow_other"),
        ConditionalMixin.condition_panel,
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if self.kind in question_kinds.OWN_OPTION_KINDS and not self.choices:
            raise ValidationError({"choices": _("Give at least one option, one per line.")})
        # Answers store the chosen options and are indexed by them; database indexes limit
        # the size of an entry (about 2,700 bytes on PostgreSQL), so the options are bounded.
        stored = len(json.dumps(list(self.choices or []), ensure_ascii=False).encode())
        if stored > MAX_OPTIONS_BYTES:
            raise ValidationError(
                {
                    "choices": _(
                        "These options are too long together. Shorten them or split the "
                        "question: all the options together can be about %(limit)s characters."
                    )
                    % {"limit": f"{MAX_OPTIONS_BYTES:,}"}
                }
            )
        if self.shown_if_id or self.shown_if_answers:
            self.clean_condition(own_section=self.section if self.section_id else None)

    @property
    def is_text(self):
        """True for questions answered in the respondent's own words."""
        return kind_of(self).is_text

    @property
    def is_closed(self):
        """True for questions with a fixed set of answers that can be counted."""
        return kind_of(self).is_closed

    def options(self):
        """The fixed options offered, as strings, in order."""
        return kind_of(self).options(self)


class QuestionnaireTranslation(models.Model):
    """A questionnaire's own words in one other language (feedback.questionnaire_translations).

    Only the words are translated: answers always point at the one set of questions and store
    the English options, so they count together whatever language they were given in.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=10)
    # {context: {English text: translation}}, the context naming the field ("question 12 text").
    # Keyed by the English too, so a translation is dropped once the English it was made for
    # changes, rather than shown against different words.
    strings = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("questionnaire translation")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "language"], name="questionnaire_translation_once"
            )
        ]

    def __str__(self):
        return f"{self.questionnaire} ({self.language})"


# --- Responses ----------------------------------------------------------------------------


class Capacity(models.TextChoices):
    """The capacity in which someone responds (the "about you" section)."""

    NHS_STAFF = "nhs_staff", _("NHS staff")
    COUNCIL_STAFF = "council_staff", _("Council staff")
    RESIDENT = "resident", _("Resident")
    SERVICE_USER = "service_user", _("Service user")
    CARER = "carer", _("Carer")
    PEER_SUPPORT = "peer_support", _("Peer support worker")
    VCSE = "vcse", _("Voluntary, community or social enterprise (VCSE) organisation")
    PRIMARY_CARE = "primary_care", _("GP or primary care")
    OTHER = "other", _("Other")


# Who each audience of consultation is meant to reach (ConsultationPage.Audience values): the
# committee report says which of these groups sent few or no responses. "Other" is never
# expected; peer support workers are both staff and people with lived experience.
STAFF_CAPACITIES = (
    Capacity.NHS_STAFF,
    Capacity.COUNCIL_STAFF,
    Capacity.PRIMARY_CARE,
    Capacity.PEER_SUPPORT,
)
RESIDENT_CAPACITIES = (
    Capacity.RESIDENT,
    Capacity.SERVICE_USER,
    Capacity.CARER,
    Capacity.PEER_SUPPORT,
    Capacity.VCSE,
)
CAPACITIES_BY_AUDIENCE = {
    ConsultationPage.Audience.STAFF: STAFF_CAPACITIES,
    ConsultationPage.Audience.RESIDENTS: RESIDENT_CAPACITIES,
    ConsultationPage.Audience.BOTH: STAFF_CAPACITIES + RESIDENT_CAPACITIES,
}


class Response(models.Model):
    """One person's (or one workshop table's) response to a consultation."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        WORKSHOP = "workshop", _("Workshop notes")
        IMPORT = "import", _("Imported")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    Capacity = Capacity

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="responses"
    )
    reference = models.CharField(max_length=20, unique=True, default=new_reference, editable=False)
    # A random key from the form that started this response: a resubmitted POST finds the same row.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Progress through the online journey: the index of the furthest section reached.
    last_section = models.PositiveSmallIntegerField(default=0)
    # The language the questionnaire was read in (a code from settings.LANGUAGES, e.g. "pl").
    # The answers are the same whatever it is: they point at the one set of questions.
    language = models.CharField(
        _("answered in"), max_length=10, blank=True, default="", editable=False
    )

    # About you
    capacity = models.CharField(
        _("responding as"), max_length=20, choices=Capacity.choices, blank=True
    )
    team_or_service = models.CharField(max_length=200, blank=True)
    on_behalf_of_organisation = models.BooleanField(default=False)
    organisation_name = models.CharField(max_length=200, blank=True)
    borough = models.ForeignKey(
        Borough, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    locality = models.ForeignKey(
        Locality, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    pcn = models.ForeignKey(
        PrimaryCareNetwork,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
        verbose_name=_("PCN"),
    )

    # Consent and identity (all empty when anonymous)
    # No default: the person says yes or no (None until they do; only True allows quoting).
    consent_to_quote = models.BooleanField(
        _("may we quote you anonymously"), null=True, blank=True, default=None
    )
    # Only meaningful with an email address: cleared with the identity (anonymous, withdrawn,
    # retention, account deletion).
    consent_to_outcome_email = models.BooleanField(
        _("may we email you the outcome"),
        default=False,
        help_text=_("Tell them by email when the outcome (you said, we did) is published."),
    )
    is_anonymous = models.BooleanField(default=False)
    respondent_name = models.CharField(max_length=150, blank=True)
    respondent_email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )

    # Private links: only sha256 of each link's token is stored (see engage.tokens). New rows
    # get the hashes of tokens derived from submission_key when first saved.
    resume_token_hash = models.CharField(
        max_length=64, unique=True, default=tokens.placeholder_hash, editable=False
    )
    withdraw_token_hash = models.CharField(
        max_length=64, unique=True, default=tokens.placeholder_hash, editable=False
    )

    # Other channels
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entered_responses",
        help_text=_("The member of staff who typed in a paper, email, phone or workshop response."),
    )
    event = models.ForeignKey(
        WorkshopEventPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="table_notes",
    )
    table_or_topic = models.CharField(
        max_length=200, blank=True, help_text=_("Workshop notes: the table or discussion topic.")
    )
    received_on = models.DateField(
        null=True, blank=True, help_text=_("For paper, email and phone responses.")
    )

    is_demo = models.BooleanField(default=False, help_text=_("Invented demonstration data."))
    safeguarding_flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("response")
        indexes = [
            models.Index(fields=["consultation", "status"]),
            models.Index(fields=["consultation", "submitted_at"]),
            # Covering indexes for the report's counts: the database groups responses by
            # these without reading the rows (see feedback.selectors.response_breakdowns).
            models.Index(
                fields=["consultation", "status", "channel", "capacity", "borough", "locality"],
                name="response_breakdown_idx",
            ),
            models.Index(
                fields=["consultation", "status", "organisation_name"],
                name="response_organisation_idx",
            ),
            # A tagged respondent's capacity and locality, found by id from the index alone
            # (see feedback.themes.selectors._respondent_rows).
            models.Index(
                fields=["consultation", "status", "id", "capacity", "locality"],
                name="response_by_id_idx",
            ),
        ]
        permissions = [
            ("enter_offline_response", "Can enter paper, email and phone responses"),
            ("enter_workshop_notes", "Can enter workshop table notes"),
            ("import_responses", "Can import responses from a file"),
            ("export_responses", "Can export responses"),
        ]

    def __str__(self):
        return self.reference

    RESUME_LINK = "feedback.resume"
    WITHDRAW_LINK = "feedback.withdraw"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.set_link_hashes()
        super().save(*args, **kwargs)

    def set_link_hashes(self):
        """Store the hashes of this response's resume and withdraw tokens (never the tokens)."""
        self.resume_token_hash = tokens.derived_hash(self.RESUME_LINK, self.submission_key)
        self.withdraw_token_hash = tokens.derived_hash(self.WITHDRAW_LINK, self.submission_key)

    def resume_link_token(self):
        """The token for the private resume link, or "" if it cannot be rebuilt (see tokens)."""
        return tokens.link_token(self.RESUME_LINK, self.submission_key, self.resume_token_hash)

    def withdraw_link_token(self):
        """The token for the private withdraw link, or "" if it cannot be rebuilt."""
        return tokens.link_token(self.WITHDRAW_LINK, self.submission_key, self.withdraw_token_hash)

    @classmethod
    def by_resume_token(cls, token):
        """Responses whose resume link carries this token (at most one)."""
        return cls.objects.filter(resume_token_hash=tokens.token_hash(token))

    @classmethod
    def by_withdraw_token(cls, token):
        """Responses whose withdraw link carries this token (at most one)."""
        return cls.objects.filter(withdraw_token_hash=tokens.token_hash(token))

    @property
    def display_name(self):
        """The respondent's name for officers, never anything identifying when anonymous."""
        if self.is_anonymous:
            return str(_("Anonymous"))
        return self.respondent_name or str(_("Not given"))

    def clear_identity(self):
        """Remove everything that could identify the respondent (used when anonymous)."""
        self.respondent_name = ""
        self.respondent_email = ""
        self.consent_to_outcome_email = False
        self.user = None


# Free text in another language that nobody has translated yet (the one definition: the
# selectors, the queue and the index below all use it).
AWAITING_TRANSLATION = (
    ~models.Q(text="") & ~models.Q(language__in=["", ENGLISH]) & models.Q(text_in_english="")
)


def themed_text(*, text, text_in_english):
    """The text the theme analysis reads: the English rendering when there is one (the one
    rule: `Answer.themed_text` and the runs' reads of plain values use it)."""
    return text_in_english or text


class Answer(models.Model):
    """One answer to one question; choice answers as a list, free text as text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # RESTRICT keeps answers meaningful: a question that has answers cannot be deleted on its
    # own, but deleting the whole consultation (which deletes its responses too) still works.
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    text = models.TextField(blank=True, max_length=FREE_TEXT_MAX_LENGTH)
    choices = models.JSONField(default=list, blank=True)
    number = models.IntegerField(null=True, blank=True)
    # The language the text is written in (feedback.analysis.language), "" until detected.
    language = models.CharField(_("language"), max_length=12, blank=True, default="")
    # An English rendering typed by an analyst or translator; the original text is kept as it is.
    text_in_english = models.TextField(
        _("English translation"), blank=True, max_length=FREE_TEXT_MAX_LENGTH
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        permissions = [
            ("translate_answer", "Can type the English translation of an answer"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question_per_response"
            )
        ]
        indexes = [
            # Closed questions are summarised by grouping answers on their list of choices,
            # read from this index alone (choices are bounded: see Question.clean).
            models.Index(fields=["question", "choices", "response"], name="answer_choices_idx"),
            # Answers with some text: free text, and "other, please say" on closed questions.
            models.Index(
                fields=["question", "response"],
                name="answer_with_text_idx",
                condition=~models.Q(text=""),
            ),
            # The few answers that wait for an English rendering, counted on every report and
            # themes screen without reading every answer.
            models.Index(
                fields=["question", "response"],
                name="answer_awaiting_english_idx",
                condition=AWAITING_TRANSLATION,
            ),
        ]

    def __str__(self):
        return f"{self.response} / {self.question_id}"

    @property
    def needs_translation(self):
        """True for free text in another language that nobody has translated yet."""
        return bool(self.text) and self.language not in ("", ENGLISH) and not self.text_in_english

    @property
    def language_label(self):
        """The English name of the answer's language ("Polish"), "" when not detected yet."""
        return language_name(self.language)

    @property
    def themed_text(self):
        """The text the theme analysis reads (see `themed_text`)."""
        return themed_text(text=self.text, text_in_english=self.text_in_english)

    @property
    def display(self):
        """The answer as a reader would say it."""
        parts = [question_kinds.option_label(str(choice)) for choice in self.choices or []]
        if self.number is not None and not parts:
            parts.append(str(self.number))
        if self.text:
            parts.append(self.text)
        return "; ".join(parts)


# --- Equality monitoring (stored apart) -----------------------------------------------------

# The fields that answer the equality questions, in the order they are asked.
EQUALITY_FIELDS = tuple(equality.QUESTIONS)


class EqualityMonitoring(models.Model):
    """Optional equality answers, deliberately not linkable to any response.

    There is no foreign key, shared id or exact timestamp: the primary key is random (so row
    order says nothing about submission order) and only the month is kept.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="equality_monitoring"
    )
    # Idempotency: a random key from the form, so a resubmitted POST stores one row.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    submitted_month = models.DateField(help_text=_("First day of the month it was given."))
    age_band = models.CharField(max_length=20, blank=True)
    sex = models.CharField(max_length=20, blank=True)
    gender_identity_same = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=40, blank=True)
    ethnicity_other = models.CharField(max_length=200, blank=True)
    disability = models.CharField(max_length=20, blank=True)
    religion = models.CharField(max_length=20, blank=True)
    sexual_orientation = models.CharField(max_length=20, blank=True)
    caring = models.CharField(max_length=20, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("equality monitoring answers")
        verbose_name_plural = _("equality monitoring answers")
        # One index per question, so each summary count is read in order from its index.
        indexes = [
            models.Index(fields=["consultation", field], name=f"eq_{field}_idx")
            for field in EQUALITY_FIELDS
        ]

    def __str__(self):
        return str(_("Equality monitoring answers"))


# --- Safeguarding ---------------------------------------------------------------------------


class SafeguardingAlert(models.Model):
    """A response whose free text may disclose a risk to someone, for a lead to review."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIONED = "actioned", _("Actioned")

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="safeguarding_alerts"
    )
    categories = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    action_taken = models.TextField(blank=True)
    actioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actioned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        MultiFieldPanel([FieldPanel("action_taken")], heading=_("Action taken")),
    ]

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("safeguarding alert")

    def __str__(self):
        return f"{_('Safeguarding alert')} {self.response.reference}"


# --- Who may see what -----------------------------------------------------------------------


class ConsultationAssignment(models.Model):
    """An analyst's assignment to a consultation: analysts only see what they are assigned."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("consultation"), FieldPanel("user")]

    class Meta:
        verbose_name = _("consultation assignment")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="one_assignment_per_user_per_consultation"
            )
        ]

    def __str__(self):
        return f"{self.analyst()} - {self.consultation}"

    def analyst(self):
        """The assigned person as "Name (email)"."""
        from engage.users import user_display

        return user_display(self.user)

    analyst.short_description = _("Analyst")
