"""The language of each free-text answer: detected when saved, counted in the committee report."""

import re

import pytest

from feedback import selectors, services
from feedback.models import Answer, Question, Response
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from tests import factories
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db

POLISH = "Czekałem trzy godziny na wizytę u lekarza"
ARABIC = "انتظرت ثلاث ساعات لرؤية الطبيب"
ENGLISH = "The waiting list is far too long for everyone"


def test_saving_answers_stores_the_language_of_their_text(consultation):
    questions = {
        q.kind: q
        for q in Question.objects.filter(section__questionnaire__consultation=consultation)
    }
    response, _created = services.response_start(
        consultation=consultation, submission_key="6f1c1f3e-0000-4000-8000-000000000001"
    )
    empty = {"text": "", "choices": [], "number": None}
    services.answers_save(
        response=response,
        values={
            questions[Question.Kind.LONG_TEXT]: {**empty, "text": POLISH},
            questions[Question.Kind.RATING]: {**empty, "number": 4},
        },
    )
    long_text = response.answers.get(question=questions[Question.Kind.LONG_TEXT])
    assert long_text.language == "pl"
    assert response.answers.get(question=questions[Question.Kind.RATING]).language == ""
    # Changed to a short English answer on the same draft: detected again, not left as Polish.
    services.answers_save(
        response=response,
        values={questions[Question.Kind.LONG_TEXT]: {**empty, "text": "All fine"}},
    )
    long_text.refresh_from_db()
    assert long_text.language == "en"
    assert not long_text.needs_translation


def test_translating_without_any_english_is_refused_and_saves_nothing(consultation, make_user):
    question = Question.objects.get(
        section__questionnaire__consultation=consultation, kind=Question.Kind.LONG_TEXT
    )
    response = factories.ResponseFactory(consultation=consultation)
    answer = Answer.objects.create(response=response, question=question, text=POLISH, language="pl")
    with pytest.raises(services.ResponseError):
        services.answer_translate(answer=answer, text_in_english="   ", user=make_user())
    answer.refresh_from_db()
    assert answer.text_in_english == "" and answer.translated_by is None


def _free_text_consultation():
    consultation = make_consultation()
    questionnaire = factories.QuestionnaireFactory(consultation=consultation, questions=False)
    section = factories.QuestionSectionFactory(questionnaire=questionnaire, title="Your views")
    question = factories.QuestionFactory(section=section, text="What else should we know?")
    return consultation, question


def _answers(consultation, question, text, count, **fields):
    for _index in range(count):
        response = factories.ResponseFactory(consultation=consultation)
        answer = Answer(response=response, question=question, text=text, **fields)
        services.answer_languages_detect(answers=[answer])
        answer.save()


def test_report_states_answers_per_language_with_small_counts_hidden(site_with_home):
    consultation, question = _free_text_consultation()
    _answers(consultation, question, ENGLISH, 12)
    _answers(consultation, question, POLISH, 7)
    _answers(consultation, question, ARABIC, 2)
    # Withdrawn answers are not counted.
    withdrawn = factories.ResponseFactory(
        consultation=consultation, status=Response.Status.WITHDRAWN, submitted_at=None
    )
    Answer.objects.create(response=withdrawn, question=question, text=POLISH, language="pl")

    rows = selectors.answer_language_counts(consultation=consultation)
    assert [(row["label"], row["count"]) for row in rows] == [
        ("English", 12),
        ("Polish", 7),
        ("Arabic", 2),
    ]

    report = report_create(consultation=consultation, report_to="Health Scrutiny")
    context = build_report_context(report)
    part = {p.key: p for p in context["parts"]}["who_responded"]
    languages = part.data["languages"]
    assert languages["answers"] == 21
    assert languages["awaiting"] == 9
    shown = {row["label"]: row for row in languages["rows"]}
    assert shown["English"]["count"] == 12
    # Two Arabic answers are "fewer than 5"; and since 21 is printed, Polish is withheld too
    # (21 - 12 would otherwise give Arabic away).
    assert shown["Arabic"]["count"] is None and shown["Arabic"]["status"] == "small"
    assert shown["Polish"]["count"] is None and shown["Polish"]["status"] == "withheld"

    html = render_report_html(report, context=context)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Written answers by language" in text
    assert "21 written answers came in: english: 12" in text.lower()
    assert "arabic: fewer than 5" in text.lower()
    # Languages are proper names, capitalised mid-sentence too (not "english: 12").
    assert (
        "21 written answers came in: English: 12 (57%); Polish: withheld and Arabic: fewer" in text
    )
    assert "9 answers in other languages are waiting for an English translation" in text
    assert "awaiting translation" in text  # the method part says why they are left out


def test_report_says_nothing_about_languages_without_written_answers(site_with_home):
    consultation, _question = _free_text_consultation()
    report = report_create(consultation=consultation, report_to="Health Scrutiny")
    part = {p.key: p for p in build_report_context(report)["parts"]}["who_responded"]
    assert part.data["languages"] is None
