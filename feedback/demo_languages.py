"""The residents' engagement questionnaire in Polish, Punjabi and Arabic, and demo responses
written in those languages.

The questionnaire's words are translated as a translator would: a PO file per language, filled
in from demo_questionnaire_translations.json (keyed by the English) and imported through the
same checks as an upload (feedback.questionnaire_translations). Closed answers use the
questionnaire's own English options (the same whatever the language), and the free text is in
the respondent's language, so it lands in the "needs translation" queue.
"""

import json
import uuid
from pathlib import Path

import polib
from django.db import transaction

from consultations.models import ConsultationPage
from feedback import questionnaire_translations, services
from feedback.demo import RESIDENTS_SLUG
from feedback.models import Question, Response
from home.languages import in_default_language

USED = "Have you used community mental health support in the last two years?"
WORKED = "What worked well?"
BETTER = "What could be better?"
HELP = "Which of these would help you most?"

# (language, used support, what would help, what worked well, what could be better)
RESPONSES = [
    (
        "pl",
        "Yes, for myself",
        ["Information in other languages", "Evening and weekend appointments"],
        "Pielęgniarka środowiskowa zawsze miała dla mnie czas i naprawdę słuchała.",
        "Na tłumacza czekałam dłużej niż na samą wizytę. Ulotki po polsku bardzo by pomogły.",
    ),
    (
        "pl",
        "Yes, as a carer or family member",
        ["Support for carers"],
        "Grupa wsparcia w bibliotece pomogła mojemu synowi znowu wychodzić z domu.",
        "Pracuję na zmiany do osiemnastej, więc potrzebuję wizyt wieczorem albo w sobotę.",
    ),
    (
        "pl",
        "No",
        ["Help in a crisis"],
        "",
        "Nie wiedziałam, gdzie szukać pomocy, kiedy mama przestała wychodzić z mieszkania.",
    ),
    (
        "pa",
        "Yes, for myself",
        ["Information in other languages", "Peer support"],
        "ਡਾਕਟਰ ਨੇ ਮੇਰੀ ਗੱਲ ਧਿਆਨ ਨਾਲ ਸੁਣੀ ਅਤੇ ਮੈਨੂੰ ਕਾਹਲੀ ਨਹੀਂ ਪਾਈ।",
        "ਜੇ ਪੰਜਾਬੀ ਬੋਲਣ ਵਾਲਾ ਕੋਈ ਸਲਾਹਕਾਰ ਹੋਵੇ ਤਾਂ ਗੱਲ ਕਰਨੀ ਬਹੁਤ ਸੌਖੀ ਹੋ ਜਾਵੇਗੀ।",
    ),
    (
        "pa",
        "Yes, as a carer or family member",
        ["Support for carers"],
        "",
        "ਪਿਤਾ ਜੀ ਦੀ ਦੇਖਭਾਲ ਕਰਦਿਆਂ ਦੋ ਸਾਲ ਹੋ ਗਏ, ਪਰ ਕਿਸੇ ਨੇ ਕਦੇ ਨਹੀਂ ਪੁੱਛਿਆ ਕਿ ਮੇਰਾ ਕੀ ਹਾਲ ਹੈ।",
    ),
    (
        "pa",
        "Not sure",
        ["Support closer to home"],
        "ਗੁਰਦੁਆਰੇ ਵਿੱਚ ਹਰ ਹਫ਼ਤੇ ਦੀ ਮਿਲਣੀ ਨਾਲ ਮੇਰਾ ਇਕੱਲਾਪਣ ਕਾਫ਼ੀ ਘਟਿਆ ਹੈ।",
        "ਹਸਪਤਾਲ ਬਹੁਤ ਦੂਰ ਹੈ; ਆਪਣੇ ਇਲਾਕੇ ਵਿੱਚ ਹੀ ਮਦਦ ਮਿਲੇ ਤਾਂ ਚੰਗਾ ਹੋਵੇ।",
    ),
    (
        "ar",
        "Yes, for myself",
        ["Information in other languages"],
        "كانت الممرضة لطيفة جداً وشرحت لي كل شيء بصبر.",
        "أحتاج إلى مترجم في المواعيد، فابني لا يستطيع أن يرافقني دائماً.",
    ),
    (
        "ar",
        "Yes, as a carer or family member",
        ["Support closer to home", "Support for carers"],
        "",
        "المواعيد بعيدة عن بيتي، والمواصلات صعبة عندما يكون الأطفال معي.",
    ),
    (
        "ar",
        "Yes, for myself",
        ["Peer support"],
        "ساعدتني مجموعة دعم النساء في المركز المجتمعي كثيراً بعد الولادة.",
        "أتمنى أن تكون هناك مجموعات باللغة العربية في المساء.",
    ),
]


QUESTIONNAIRE_TRANSLATIONS = Path(__file__).with_name("demo_questionnaire_translations.json")


def questionnaire_translate(questionnaire, by_language=None):
    """Translate the questionnaire's words into each language, through a filled-in PO file.

    `by_language` is {language: {English: translation}}; by default the demo's own file.
    """
    if by_language is None:
        by_language = json.loads(QUESTIONNAIRE_TRANSLATIONS.read_text(encoding="utf-8"))
    for language, strings in by_language.items():
        po = polib.pofile(
            questionnaire_translations.po_file_build(questionnaire=questionnaire, language=language)
        )
        for entry in po:
            entry.msgstr = strings.get(entry.msgid, "")
        questionnaire_translations.po_file_import(
            questionnaire=questionnaire, language=language, content=str(po).encode()
        )


def _key(index):
    # Fixed keys: running the demo again finds these responses instead of adding more.
    return uuid.UUID(int=0xD3A0_0000 + index)


@transaction.atomic
def load():
    """Add the residents' engagement responses written in community languages, once."""
    consultation = in_default_language(ConsultationPage.objects.filter(slug=RESIDENTS_SLUG)).first()
    if consultation is None or not hasattr(consultation, "questionnaire"):
        return
    questionnaire_translate(consultation.questionnaire)
    questions = {
        question.text: question
        for question in Question.objects.filter(section__questionnaire__consultation=consultation)
    }
    if not all(text in questions for text in (USED, WORKED, BETTER, HELP)):
        return
    for index, (language, used, helps, worked, better) in enumerate(RESPONSES):
        if Response.objects.filter(submission_key=_key(index)).exists():
            continue
        response = Response.objects.create(
            consultation=consultation,
            submission_key=_key(index),
            status=Response.Status.SUBMITTED,
            submitted_at=consultation.opens_at,
            capacity="resident",
            is_anonymous=True,
            consent_to_quote=True,
            language=language,
            is_demo=True,
        )
        values = {
            questions[USED]: {"text": "", "choices": [used], "number": None},
            questions[HELP]: {"text": "", "choices": helps, "number": None},
            questions[WORKED]: {"text": worked, "choices": [], "number": None},
            questions[BETTER]: {"text": better, "choices": [], "number": None},
        }
        services.answers_save(response=response, values=values)
