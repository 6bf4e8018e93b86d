"""How each kind of question behaves, in one table: a new kind or rule is one entry here.

Each `QuestionKind` says how the question is asked (its form field), what its fixed options
are, how a form value or an imported cell becomes a stored answer, and how a stored answer
comes back into a form. Forms, importers, summaries and skip logic ask this table rather
than testing `question.kind` themselves.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Free text is capped so that a single answer cannot swamp the database or the analysis.
FREE_TEXT_MAX_LENGTH = 10_000
SHORT_TEXT_MAX_LENGTH = 500
OTHER_MAX_LENGTH = SHORT_TEXT_MAX_LENGTH * 2
# The value of the "Other" option in forms (never stored: the typed text is).
OTHER = "__other__"

# Fixed options are stored in English, whatever language the respondent reads, so that the
# same answer counts once across languages and skip logic compares like with like; they are
# only translated when shown (option_label).
AGREEMENT_OPTIONS = [
    gettext_noop("Strongly agree"),
    gettext_noop("Agree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Disagree"),
    gettext_noop("Strongly disagree"),
    gettext_noop("Don't know"),
]
YES_NO_OPTIONS = [gettext_noop("Yes"), gettext_noop("No")]
FIXED_OPTIONS = frozenset(AGREEMENT_OPTIONS + YES_NO_OPTIONS)


def option_label(value):
    """A stored option as the reader should see it: fixed options in the active language,
    options an editor wrote exactly as written."""
    return gettext(value) if value in FIXED_OPTIONS else value


RATING_OPTIONS = ["1", "2", "3", "4", "5"]


def empty_answer():
    """A stored answer with nothing in it (removed when saved)."""
    return {"text": "", "choices": [], "number": None}


class FreeTextField(forms.CharField):
    """Free text counted as the browser counts it: a new line is one character.

    Browsers send each new line as two characters (CR LF) but count it as one in the
    character count, so the limit is checked after turning CR LF into LF.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


def _too_long(limit):
    # GOV.UK wording, with the limit as people read numbers.
    return _("Your answer must be %(limit)s characters or fewer") % {"limit": f"{limit:,}"}


@dataclass(frozen=True)
class QuestionKind:
    """The behaviour of one kind of question (see the module docstring)."""

    is_text: bool = False
    many: bool = False  # more than one option may be chosen
    fixed_options: tuple = ()  # options every question of this kind offers (else its own)
    max_length: int = 0  # text kinds only
    long: bool = False  # a text area rather than one line
    numeric: bool = False  # the chosen option is also stored as a number
    allows_other: bool = False  # may add "Other, please say"
    can_control: bool = False  # its answer may decide whether later questions are asked

    @property
    def is_closed(self):
        """True for a fixed set of answers that can be counted."""
        return not self.is_text

    def options(self, question):
        """The options offered, as strings, in order."""
        if self.fixed_options:
            return [str(option) for option in self.fixed_options]
        return [str(option) for option in question.choices or []]

    def offers_other(self, question):
        """True when this question shows an "Other, please say" box."""
        return self.allows_other and question.allow_other

    def required_message(self, question):
        """The error when a required question is left empty (names the question)."""
        if self.is_text:
            message = _("Enter your answer to “%(question)s”")
        elif self.many:
            message = _("Select at least one answer to “%(question)s”")
        else:
            message = _("Select an answer to “%(question)s”")
        return message % {"question": getattr(question, "plain_text", question.text)}

    def form_field(self, question, *, required):
        """The form field that asks the question.

        In the reader's language where the question carries its translated words (set by
        feedback.questionnaire_translations.Wording.apply); the values stay the English options.
        """
        common = {
            "label": getattr(question, "shown_text", question.text),
            "help_text": getattr(question, "shown_help", question.help_text),
            "required": required,
            # The error summary lists every message: each must say which question it is about.
            "error_messages": {"required": self.required_message(question)},
        }
        if self.is_text:
            common["error_messages"]["max_length"] = _too_long(self.max_length)
            widget = forms.Textarea(attrs={"rows": 8}) if self.long else forms.TextInput
            return FreeTextField(max_length=self.max_length, widget=widget, **common)
        labels = getattr(question, "option_labels", {})
        options = [
            (option, labels.get(option) or option_label(option))
            for option in self.options(question)
        ]
        if self.offers_other(question):
            options.append((OTHER, _("Other")))
        if self.many:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)

    def other_field(self):
        """The "If other, please say" box."""
        return forms.CharField(
            label=_("If other, please say"), required=False, max_length=OTHER_MAX_LENGTH
        )

    def answer_from_form(self, raw, other_text=""):
        """A stored answer from a cleaned form value (and the "other" box)."""
        answer = empty_answer()
        if self.is_text:
            answer["text"] = (raw or "").strip()
            return answer
        selected = raw if isinstance(raw, list) else ([raw] if raw else [])
        answer["choices"] = [choice for choice in selected if choice != OTHER]
        if OTHER in selected:
            answer["text"] = (other_text or "").strip()
        return self._with_number(answer)

    def form_initial(self, answer):
        """(value, other text) to show a stored answer in the form again."""
        if self.is_text:
            return answer.text, ""
        selected = list(answer.choices or [])
        if answer.text:
            selected.append(OTHER)
        if self.many:
            return selected, answer.text
        return (selected[0] if selected else None), answer.text

    def answer_from_cell(self, question, raw):
        """A stored answer from an imported cell; ValueError says what is wrong with it."""
        if not raw:
            return empty_answer()
        if self.is_text:
            if len(raw) > self.max_length:
                raise ValueError(_("longer than %(n)s characters") % {"n": self.max_length})
            if "\x00" in raw:
                raise ValueError(_("contains a null character"))
            return {**empty_answer(), "text": raw}
        lookup = {option.lower(): option for option in self.options(question)}
        parts = [p for p in (p.strip() for p in raw.split(";")) if p] if self.many else [raw]
        answer = empty_answer()
        for part in parts:
            matched = lookup.get(part.strip().lower())
            if matched is not None:
                answer["choices"].append(matched)
            elif self.offers_other(question) and not answer["text"]:
                answer["text"] = part[:OTHER_MAX_LENGTH]
            else:
                raise ValueError(_("'%(v)s' is not one of the options") % {"v": part[:80]})
        return self._with_number(answer)

    def _with_number(self, answer):
        if self.numeric and answer["choices"]:
            answer["number"] = int(answer["choices"][0])
        return answer


# The one table. Keys are `Question.Kind` values.
KINDS = {
    "single_choice": QuestionKind(allows_other=True, can_control=True),
    "multiple_choice": QuestionKind(many=True, allows_other=True),
    "agreement": QuestionKind(fixed_options=tuple(AGREEMENT_OPTIONS)),
    "rating": QuestionKind(fixed_options=tuple(RATING_OPTIONS), numeric=True),
    "yes_no": QuestionKind(fixed_options=tuple(YES_NO_OPTIONS), can_control=True),
    "short_text": QuestionKind(is_text=True, max_length=SHORT_TEXT_MAX_LENGTH),
    "long_text": QuestionKind(is_text=True, max_length=FREE_TEXT_MAX_LENGTH, long=True),
}

TEXT_KINDS = tuple(name for name, kind in KINDS.items() if kind.is_text)
CLOSED_KINDS = tuple(name for name, kind in KINDS.items() if kind.is_closed)
CONTROLLING_KINDS = tuple(name for name, kind in KINDS.items() if kind.can_control)
OWN_OPTION_KINDS = tuple(
    name for name, kind in KINDS.items() if not kind.is_text and not kind.fixed_options
)


def kind_of(question):
    """The behaviour of a question's kind."""
    return KINDS[question.kind]
