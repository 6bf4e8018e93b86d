"""The migration that turns the examples stored in runs into answer ids keeps no words."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Feedback stays at its own latest migration: only the themes step is undone and redone.
BEFORE = [("themes", "0006_answer_evidence_and_stance")]
AFTER = [("themes", "0007_run_examples_answer_ids")]
KEPT = "The waiting list is far too long."
GONE = "My neighbour Jo Bloggs waited a year."


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_stored_examples_become_answer_ids_and_answers_gone_leave_no_words(consultation, respond):
    # Two answers with the same words (a campaign), both confirmed by an analyst.
    answers = [respond(KEPT).answers.get(), respond(KEPT).answers.get()]
    apps = _migrate(BEFORE)
    Theme = apps.get_model("themes", "Theme")
    AnswerTheme = apps.get_model("themes", "AnswerTheme")
    AnalysisRun = apps.get_model("themes", "AnalysisRun")
    theme = Theme.objects.create(consultation_id=consultation.pk, name="Waiting")
    for answer in answers:
        AnswerTheme.objects.create(
            answer_id=answer.pk,
            response_id=answer.response_id,
            theme=theme,
            score=1.0,
            source="manual",
        )
    kept = [answer.pk for answer in answers]
    run = AnalysisRun.objects.create(
        consultation_id=consultation.pk,
        examples=[[KEPT, "Waiting", True], [KEPT, "Waiting", True], [GONE, "Waiting", False]],
    )
    other = AnalysisRun.objects.create(consultation_id=consultation.pk, examples=[])

    apps = _migrate(AFTER)
    runs = apps.get_model("themes", "AnalysisRun").objects
    assert runs.get(pk=run.pk).examples == [
        [kept[0], "Waiting", True],
        [kept[1], "Waiting", True],
        [None, "Waiting", False],
    ]
    assert runs.get(pk=other.pk).examples == []
    stored = json.dumps(list(runs.values_list("examples", flat=True)))
    assert KEPT not in stored and GONE not in stored

    # Undone, the answers still there get their words back; the one gone stays gone.
    apps = _migrate(BEFORE)
    assert apps.get_model("themes", "AnalysisRun").objects.get(pk=run.pk).examples == [
        [KEPT, "Waiting", True],
        [KEPT, "Waiting", True],
    ]

    # Leave the database fully migrated for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
