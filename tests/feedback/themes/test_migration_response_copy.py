"""The migration that copies each answer's response onto its tags and analysis loses nothing."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# Feedback stays at its own latest migration: only the themes step is undone and redone.
BEFORE = [("themes", "0002_group_permissions"), ("feedback", "0006_report_aggregate_indexes")]
AFTER = [("themes", "0003_respondent_on_tags_and_analyses")]


@pytest.mark.django_db(transaction=True)
def test_existing_tags_and_analyses_get_their_answers_response(site_with_home):
    from tests.feedback.reports.report_factories import make_consultation

    consultation = make_consultation(slug="migration-test")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Questionnaire = apps.get_model("feedback", "Questionnaire")
    QuestionSection = apps.get_model("feedback", "QuestionSection")
    Question = apps.get_model("feedback", "Question")
    Response = apps.get_model("feedback", "Response")
    Answer = apps.get_model("feedback", "Answer")
    Theme = apps.get_model("themes", "Theme")
    AnswerTheme = apps.get_model("themes", "AnswerTheme")
    AnswerAnalysis = apps.get_model("themes", "AnswerAnalysis")

    section = QuestionSection.objects.create(
        questionnaire=Questionnaire.objects.create(consultation_id=consultation.pk),
        title="Views",
        sort_order=0,
    )
    question = Question.objects.create(section=section, kind="long_text", text="Why?", sort_order=0)
    theme = Theme.objects.create(consultation_id=consultation.pk, name="Waiting")
    expected = {}
    for index in range(3):
        response = Response.objects.create(
            consultation_id=consultation.pk,
            status="submitted",
            submitted_at=timezone.now(),
            reference=f"R-TEST-000{index}",
        )
        answer = Answer.objects.create(response=response, question=question, text="Too long.")
        AnswerTheme.objects.create(answer=answer, theme=theme, score=0.5)
        AnswerAnalysis.objects.create(
            answer=answer,
            consultation_id=consultation.pk,
            sentiment="negative",
            analysed_text_hash=str(index),
        )
        expected[answer.pk] = response.pk

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    tags = apps.get_model("themes", "AnswerTheme").objects.values_list("answer_id", "response_id")
    analyses = apps.get_model("themes", "AnswerAnalysis").objects.values_list(
        "answer_id", "response_id"
    )
    assert dict(tags) == expected
    assert dict(analyses) == expected

    # Leave the database fully migrated for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
