"""A questionnaire's own words in the community languages: shown to respondents, kept as PO.

Only the *words* are translated (intro, section titles and intros, question text, help text and
the options an editor wrote). Answers always point at the one set of `Question` rows and store
the English option values, so closed answers count together across languages and skip logic
(feedback.conditions) compares the same English values whatever the respondent read.

Each translation is keyed by the field it belongs to (its PO context, "question 12 text") *and*
the English it was made for, so when an editor rewrites a question its old translation is no
longer shown: the reader sees the new English, marked `lang="en-GB"`, until it is translated.

Translators download a PO file per questionnaire and language, and upload it back; a file is
checked whole (home.translation_files) and imported in one transaction, or not at all.
"""

from dataclasses import dataclass, field

import polib
from django.db import transaction
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from feedback.models import Questionnaire, QuestionnaireTranslation
from feedback.question_kinds import OWN_OPTION_KINDS, option_label
from home import languages
from home.translation_files import (
    TranslationFileError,
    line_problem,
    placeholder_problem,
    po_file_read,
    refusal_message,
)

QUESTIONNAIRE_ID = "X-Engage-Questionnaire"
# Longer than any field it translates may be (question text is 500), with room for languages
# that need more words; a longer string is a mistake in the file.
MAX_TRANSLATION_LENGTH = 2000


@dataclass(frozen=True)
class SourceString:
    """One English string of a questionnaire a translator may translate."""

    context: str  # which field: "section 3 title", "question 12 option"
    english: str
    note: str  # where it is, for the translator


def intro_context():
    """The PO context of the questionnaire's introduction."""
    return "questionnaire intro"


def section_context(section, name):
    """The PO context of a section's field ("title", "intro")."""
    return f"section {section.pk} {name}"


def question_context(question, name):
    """The PO context of a question's field ("text", "help text", "option")."""
    return f"question {question.pk} {name}"


def _sections(questionnaire):
    return list(questionnaire.sections.order_by("sort_order", "pk").prefetch_related("questions"))


def _ordered_questions(section):
    return sorted(section.questions.all(), key=lambda q: (q.sort_order or 0, q.pk))


def source_strings(*, questionnaire, sections=None):
    """Every English string of a questionnaire that can be translated, in the order asked."""
    sections = _sections(questionnaire) if sections is None else sections
    strings = []
    if questionnaire.intro:
        strings.append(SourceString(intro_context(), questionnaire.intro, _("Introduction")))
    for s_number, section in enumerate(sections, start=1):
        where = _("Section %(n)s") % {"n": s_number}
        strings.append(SourceString(section_context(section, "title"), section.title, where))
        if section.intro:
            strings.append(SourceString(section_context(section, "intro"), section.intro, where))
        for q_number, question in enumerate(_ordered_questions(section), start=1):
            where = _("Section %(s)s, question %(q)s") % {"s": s_number, "q": q_number}
            context = question_context(question, "{}").format
            strings.append(SourceString(context("text"), question.text, where))
            if question.help_text:
                strings.append(SourceString(context("help text"), question.help_text, where))
            if question.kind in OWN_OPTION_KINDS:
                # Fixed options (agreement, yes/no) are translated with the interface (locale/).
                strings.extend(
                    SourceString(context("option"), str(option), where)
                    for option in question.choices or []
                )
    return strings


def other_languages():
    """{code: name} of the languages a questionnaire can be translated into."""
    return {
        code: name
        for code, name in languages.language_names().items()
        if code != languages.default_language()
    }


# --- what a respondent reads ----------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """A questionnaire's words in one language: its translation where there is one, else the
    English, marked as English for screen readers and browsers."""

    language: str
    strings: dict = field(default_factory=dict)

    def translation(self, context, english):
        """The translation of this English in this field, or None."""
        return (self.strings.get(context) or {}).get(english) or None

    def plain(self, context, english):
        """As text (for page titles and messages): the translation, or the English."""
        return self.translation(context, english) or english

    def shown(self, context, english):
        """As HTML: the translation, or the English in `lang="en-GB" dir="ltr"` when the reader
        reads another language."""
        if not english:
            return ""
        translated = self.translation(context, english)
        if translated is not None or self.language == languages.default_language():
            return translated or english
        return format_html(
            '<span lang="{}" dir="ltr">{}</span>',
            languages.html_lang(languages.default_language()),
            english,
        )

    def apply(self, sections):
        """Put what the reader sees on prefetched sections and questions (`shown_*`,
        `plain_*` and `option_labels`), which the respond templates and forms use."""
        for section in sections:
            section.shown_title = self.shown(section_context(section, "title"), section.title)
            section.plain_title = self.plain(section_context(section, "title"), section.title)
            section.shown_intro = self.shown(section_context(section, "intro"), section.intro)
            for question in section.questions.all():
                context = question_context(question, "{}").format
                question.shown_text = self.shown(context("text"), question.text)
                question.plain_text = self.plain(context("text"), question.text)
                question.shown_help = self.shown(context("help text"), question.help_text)
                question.option_labels = (
                    {
                        str(option): self.shown(context("option"), str(option))
                        for option in question.choices or []
                    }
                    if question.kind in OWN_OPTION_KINDS
                    else {}
                )
        return sections

    def answer(self, question, answer):
        """A stored answer as the reader would say it (options in their language)."""
        labels = getattr(question, "option_labels", {})
        parts = [labels.get(str(choice)) or option_label(str(choice)) for choice in answer.choices]
        if answer.number is not None and not parts:
            parts.append(str(answer.number))
        if answer.text:
            parts.append(answer.text)
        # Safe: every part is escaped here (what people wrote) or already safe (labels).
        return mark_safe("; ".join(conditional_escape(part) for part in parts))  # noqa: S308


def wording_for(*, questionnaire, language):
    """The words of a questionnaire in a language (one query; none for English)."""
    if questionnaire is None or language == languages.default_language():
        return Wording(language=language)
    row = QuestionnaireTranslation.objects.filter(
        questionnaire=questionnaire, language=language
    ).first()
    return Wording(language=language, strings=row.strings if row else {})


# --- translators' PO files ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    translated: int
    total: int


def _check_language(language):
    if language not in other_languages():
        raise TranslationFileError(
            _("“%(code)s” is not one of the languages questionnaires are translated into.")
            % {"code": str(language)[:20]}
        )


def po_file_build(*, questionnaire, language):
    """The PO file a translator fills in: every English string, with the translations so far."""
    _check_language(language)
    wording = wording_for(questionnaire=questionnaire, language=language)
    po = polib.POFile(wrapwidth=100)
    po.metadata = {
        "Project-Id-Version": f"questionnaire {questionnaire.pk}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        QUESTIONNAIRE_ID: str(questionnaire.pk),
    }
    for string in source_strings(questionnaire=questionnaire):
        po.append(
            polib.POEntry(
                msgctxt=string.context,
                msgid=string.english,
                msgstr=wording.translation(string.context, string.english) or "",
                comment=string.note,
            )
        )
    return str(po)


def _entry_problem(entry, known):
    if (entry.msgctxt, entry.msgid) not in known:
        return _(
            "it is not in this questionnaire any more (its English may have changed): "
            "download the PO file again"
        )
    if len(entry.msgstr) > MAX_TRANSLATION_LENGTH:
        return _("the translation is longer than %(n)s characters") % {
            "n": f"{MAX_TRANSLATION_LENGTH:,}"
        }
    return placeholder_problem(entry.msgid, entry.msgstr)


def po_file_problems(*, questionnaire, language, po):
    """Every reason a PO file cannot be imported into a questionnaire (empty when it can)."""
    file_id = po.metadata.get(QUESTIONNAIRE_ID)
    if not file_id:
        return [
            _(
                "The file does not say which questionnaire it belongs to (no %(header)s line): "
                "download the PO file again from this questionnaire."
            )
            % {"header": QUESTIONNAIRE_ID}
        ]
    if file_id != str(questionnaire.pk):
        return [
            _(
                "The file was made for another questionnaire: download the PO file again from "
                "this questionnaire."
            )
        ]
    file_language = po.metadata.get("Language", "")
    if file_language != language:
        return [
            _("The file is for the language “%(found)s”, not “%(expected)s”.")
            % {"found": file_language[:20] or "-", "expected": language}
        ]
    known = {(s.context, s.english) for s in source_strings(questionnaire=questionnaire)}
    problems = []
    options_read = {}  # (question context, translation) -> English: two options must differ
    for entry in po:
        if not entry.msgstr or entry.fuzzy or entry.obsolete:
            continue
        problem = _entry_problem(entry, known)
        if problem is None and entry.msgctxt.endswith(" option"):
            earlier = options_read.setdefault((entry.msgctxt, entry.msgstr), entry.msgid)
            if earlier != entry.msgid:
                problem = _("it reads the same as the option “%(other)s”") % {"other": earlier[:60]}
        if problem:
            problems.append(line_problem(entry, problem))
    return problems


def po_file_import(*, questionnaire, language, content):
    """Import a translator's PO file: it replaces the questionnaire's translation into that
    language, or, when anything in it is wrong, nothing is saved and the error says why."""
    _check_language(language)
    po = po_file_read(content)
    problems = po_file_problems(questionnaire=questionnaire, language=language, po=po)
    if problems:
        raise TranslationFileError(refusal_message(problems))
    strings = {}
    for entry in po:
        if entry.msgstr and not entry.fuzzy and not entry.obsolete:
            strings.setdefault(entry.msgctxt, {})[entry.msgid] = entry.msgstr.strip()
    with transaction.atomic():
        # Locked so that two uploads at once end with one whole file, never a mixture.
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
        QuestionnaireTranslation.objects.update_or_create(
            questionnaire=questionnaire, language=language, defaults={"strings": strings}
        )
    return ImportResult(
        translated=sum(len(by_english) for by_english in strings.values()),
        total=len(source_strings(questionnaire=questionnaire)),
    )


def translation_progress(*, questionnaire):
    """[(code, name, translated, total)] for each other language, for the admin page."""
    strings = source_strings(questionnaire=questionnaire)
    rows = {
        row.language: row.strings
        for row in QuestionnaireTranslation.objects.filter(questionnaire=questionnaire)
    }
    progress = []
    for code, name in other_languages().items():
        wording = Wording(language=code, strings=rows.get(code, {}))
        done = sum(1 for s in strings if wording.translation(s.context, s.english))
        progress.append((code, name, done, len(strings)))
    return progress
