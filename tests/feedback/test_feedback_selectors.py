"""Selectors the themes and reports code builds on: counts come from the database."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import Borough, Locality
from feedback import selectors
from feedback.models import Answer, EqualityMonitoring, Question, Response


def submit(consultation, *, answers, status=Response.Status.SUBMITTED, **fields):
    """Store a response with answers keyed by question text."""
    response = Response.objects.create(
        consultation=consultation, status=status, submitted_at=timezone.now(), **fields
    )
    questions = {q.text: q for q in selectors.questions_for(consultation=consultation)}
    for text, value in answers.items():
        question = questions[text]
        if question.is_text:
            Answer.objects.create(response=response, question=question, text=value)
        elif isinstance(value, tuple):
            Answer.objects.create(
                response=response, question=question, choices=list(value[0]), text=value[1]
            )
        else:
            Answer.objects.create(
                response=response,
                question=question,
                choices=value if isinstance(value, list) else [value],
            )
    return response


AGREE = "Do you agree with place-based teams?"
MATTERS = "Which matter most to you?"
RATE = "Rate the current service"
ELSE = "What else should we know?"


def test_submitted_responses_leave_out_drafts_and_withdrawn(consultation):
    kept = submit(consultation, answers={})
    submit(consultation, answers={}, status=Response.Status.DRAFT)
    submit(consultation, answers={}, status=Response.Status.WITHDRAWN)
    assert list(selectors.submitted_responses(consultation=consultation)) == [kept]


def test_free_text_answers_only_nonempty_text_from_submitted_responses(consultation):
    submit(consultation, answers={ELSE: "Keep the crisis line open.", AGREE: "Agree"})
    submit(consultation, answers={ELSE: ""})
    submit(consultation, answers={ELSE: "Draft words"}, status=Response.Status.DRAFT)
    answers = list(selectors.free_text_answers(consultation=consultation))
    assert [a.text for a in answers] == ["Keep the crisis line open."]
    with CaptureQueriesContext(connection) as queries:
        assert answers[0].response.status == "submitted"
    assert len(queries) == 0


def test_response_counts_by_groups_in_database_with_labels(consultation):
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    Locality.objects.create(borough=ealing, name="Acton")
    for _ in range(3):
        submit(consultation, answers={}, channel="paper", capacity="nhs_staff", borough=ealing)
    submit(consultation, answers={}, channel="online", capacity="carer")
    by_channel = selectors.response_counts_by(consultation=consultation, field="channel")
    assert [(r["value"], r["label"], r["count"]) for r in by_channel] == [
        ("paper", "Paper", 3),
        ("online", "Online", 1),
    ]
    by_borough = selectors.response_counts_by(consultation=consultation, field="borough__name")
    assert [(r["label"], r["count"]) for r in by_borough] == [("Ealing", 3), ("Not given", 1)]
    with CaptureQueriesContext(connection) as queries:
        selectors.response_counts_by(consultation=consultation, field="capacity")
    assert len(queries) == 1


def test_not_given_comes_last_however_many_left_a_place_out(consultation):
    # The residents' demo report opened its locality chart with "Not given" (33), above every
    # real place; an officer reads the first bar as the place most people came from.
    ealing = Borough.objects.create(name="Ealing", slug="ealing")
    submit(consultation, answers={}, borough=ealing)
    for _ in range(2):
        submit(consultation, answers={})
    by_borough = selectors.response_counts_by(consultation=consultation, field="borough__name")
    assert [(r["label"], r["count"]) for r in by_borough] == [("Ealing", 1), ("Not given", 2)]


def test_response_counts_by_refuses_unknown_fields(consultation):
    with pytest.raises(ValueError):
        selectors.response_counts_by(consultation=consultation, field="respondent_email")


def test_question_summaries_count_and_percentages(consultation):
    submit(consultation, answers={AGREE: "Agree", MATTERS: ["Travel", "Continuity"], RATE: "4"})
    submit(consultation, answers={AGREE: "Agree", MATTERS: (["Other"], "Parking")})
    submit(consultation, answers={AGREE: "Strongly disagree", MATTERS: ["Travel"]})
    submit(consultation, answers={AGREE: "Agree"}, status=Response.Status.WITHDRAWN)
    submit(consultation, answers={})
    summaries = {
        s["question"].text: s for s in selectors.question_summaries(consultation=consultation)
    }
    assert ELSE not in summaries
    agree = summaries[AGREE]
    assert agree["answered"] == 3
    assert agree["not_answered"] == 1
    counts = {row["label"]: (row["count"], row["percentage"]) for row in agree["options"]}
    assert counts["Agree"] == (2, 66.7)
    assert counts["Strongly disagree"] == (1, 33.3)
    assert counts["Don't know"] == (0, 0.0)
    matters = {row["label"]: row["count"] for row in summaries[MATTERS]["options"]}
    assert matters == {"Waiting times": 0, "Continuity": 1, "Travel": 2, "Other": 1}
    rating = {row["label"]: row["count"] for row in summaries[RATE]["options"]}
    assert rating["4"] == 1 and sum(rating.values()) == 1


def test_question_summary_uses_one_query_per_question_not_per_response(consultation):
    for _ in range(30):
        submit(consultation, answers={AGREE: "Agree", MATTERS: ["Travel"]})
    with CaptureQueriesContext(connection) as queries:
        selectors.question_summaries(consultation=consultation)
    # one count, one list of questions, one aggregate per closed question (3)
    assert len(queries) <= 5


def test_equality_summary_suppresses_groups_under_five(consultation):
    for _ in range(6):
        EqualityMonitoring.objects.create(
            consultation=consultation, submitted_month=date(2026, 11, 1), sex="female"
        )
    for _ in range(2):
        EqualityMonitoring.objects.create(
            consultation=consultation, submitted_month=date(2026, 11, 1), sex="male"
        )
    summary = selectors.equality_summary(consultation=consultation)
    assert summary["total"] == 8
    sex = next(q for q in summary["questions"] if q["field"] == "sex")
    rows = {row["value"]: row for row in sex["rows"]}
    assert rows["female"]["display"] == "6" and rows["female"]["count"] == 6
    assert rows["male"]["suppressed"] and rows["male"]["count"] is None
    assert rows["male"]["display"] == "fewer than 5"
    ethnicity = next(q for q in summary["questions"] if q["field"] == "ethnicity")
    assert len(ethnicity["rows"]) == 19 + 2  # 19 categories, prefer not to say, not answered


def test_equality_summary_hides_a_second_cell_so_a_lone_small_count_cannot_be_derived(
    consultation,
):
    for sex, n in (("female", 6), ("male", 7)):
        for _ in range(n):
            EqualityMonitoring.objects.create(
                consultation=consultation, submitted_month=date(2026, 11, 1), sex=sex, caring="no"
            )
    EqualityMonitoring.objects.create(
        consultation=consultation, submitted_month=date(2026, 11, 1), caring="no"
    )
    summary = selectors.equality_summary(consultation=consultation)
    sex = {
        row["value"]: row
        for row in next(q for q in summary["questions"] if q["field"] == "sex")["rows"]
    }
    # prefer-not and not-answered (1) are small; the smallest visible is not needed then
    assert sex[""]["suppressed"] and sex["prefer_not"]["suppressed"]
    assert not sex["male"]["suppressed"]
    caring = {
        row["value"]: row
        for row in next(q for q in summary["questions"] if q["field"] == "caring")["rows"]
    }
    assert caring["no"]["count"] == 14


def test_equality_summary_hides_the_total_when_small(consultation):
    EqualityMonitoring.objects.create(consultation=consultation, submitted_month=date(2026, 11, 1))
    summary = selectors.equality_summary(consultation=consultation)
    assert summary["total"] is None and summary["total_display"] == "fewer than 5"


def test_question_options_for_fixed_scales():
    assert Question(kind=Question.Kind.AGREEMENT).options()[-1] == "Don't know"
    assert Question(kind=Question.Kind.RATING).options() == ["1", "2", "3", "4", "5"]
    assert Question(kind=Question.Kind.SINGLE_CHOICE, choices=["A", "B"]).options() == ["A", "B"]


def test_question_summaries_count_an_answer_that_only_says_other(consultation):
    question = Question.objects.get(text=MATTERS)
    question.allow_other = True
    question.save()
    submit(consultation, answers={MATTERS: ([], "Parking near the clinic")})
    submit(consultation, answers={MATTERS: ["Travel"]})
    summary = {
        s["question"].text: s for s in selectors.question_summaries(consultation=consultation)
    }[MATTERS]
    counts = {row["label"]: (row["count"], row["percentage"]) for row in summary["options"]}
    assert summary["answered"] == 2
    assert counts["Other"] == (1, 50.0)
    assert counts["Travel"] == (1, 50.0)


def test_question_options_too_long_to_index_are_refused_with_a_clear_message(consultation):
    from django.core.exceptions import ValidationError

    question = Question.objects.get(text=MATTERS)
    question.choices = [f"Option {index}: " + "a long explanation " * 10 for index in range(12)]
    with pytest.raises(ValidationError) as refused:
        question.clean()
    assert "too long together" in str(refused.value)
    question.choices = ["Short", "Options"]
    question.clean()
