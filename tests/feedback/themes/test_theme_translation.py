"""Answers in another language: left out of theming until translated, then themed by their
English, through the "needs translation" queue in the admin."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from engage.models import AuditEvent
from feedback.models import Answer, ConsultationAssignment
from feedback.roles import ensure_feedback_permissions
from feedback.themes import runs, selectors, services
from feedback.themes.models import AnalysisRun, AnswerAnalysis, AnswerTheme
from tests.feedback.themes.helpers import STAFF, WAITING, run, tag_names

pytestmark = pytest.mark.django_db

# "The waiting list for therapy is far too long and nobody calls back.", in Polish.
POLISH_WAITING = "Lista oczekujących na terapię jest o wiele za długa i nikt nie oddzwania."
ENGLISH_RENDERING = "The waiting list for therapy is far too long and nobody calls back."


@pytest.fixture
def analyst(make_user, consultation):
    ensure_feedback_permissions()
    user = make_user("analyst@example.org", group="Analysts")
    ConsultationAssignment.objects.create(consultation=consultation, user=user)
    return user


def test_untranslated_answer_is_left_out_of_theming_and_counted_as_awaiting_translation(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    english, polish = respond(WAITING), respond(POLISH_WAITING)
    run(consultation, capture=django_capture_on_commit_callbacks)
    answer = polish.answers.get()
    # Detected at the start of the run (the answer was stored without a language).
    assert answer.language == "pl"
    assert answer.needs_translation
    assert tag_names(english) == ["Waiting times"]
    assert tag_names(polish) == []
    assert not AnswerAnalysis.objects.filter(answer=answer).exists()
    summary = selectors.analysis_method_summary(consultation=consultation)
    assert summary["answers_awaiting_translation"] == 1
    assert summary["answers_analysed"] == 1
    # Not "pending" either: a scheduled refresh must not start a run for it again and again.
    assert selectors.answers_pending(consultation=consultation) == 0


def test_answer_analysed_before_its_language_was_known_loses_its_analysis_and_tags(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    polish = respond(POLISH_WAITING)
    answer = polish.answers.get()
    Answer.objects.filter(pk=answer.pk).update(language="en")  # as if mis-detected before
    run(consultation, capture=django_capture_on_commit_callbacks)
    assert AnswerAnalysis.objects.filter(answer=answer).exists()
    AnswerTheme.objects.create(answer=answer, response=polish, theme=frame[0], score=0.5)
    Answer.objects.filter(pk=answer.pk).update(language="")
    run(consultation, capture=django_capture_on_commit_callbacks)
    assert not AnswerAnalysis.objects.filter(answer=answer).exists()
    assert not AnswerTheme.objects.filter(answer=answer).exists()


def test_analyst_translates_an_answer_in_the_queue_and_the_next_run_themes_its_english(
    client, analyst, consultation, frame, respond, django_capture_on_commit_callbacks
):
    respond(STAFF)
    polish = respond(POLISH_WAITING)
    run(consultation, capture=django_capture_on_commit_callbacks)
    answer = polish.answers.get()
    client.force_login(analyst)
    themes = client.get(reverse("themes:consultation", args=[consultation.pk])).content.decode()
    assert "Awaiting translation, so left out of the themes: 1." in " ".join(themes.split())

    queue = client.get(reverse("feedback_translations:index"))
    assert queue.status_code == 200
    assert polish.reference in queue.content.decode()
    assert "<td>Polish</td>" in queue.content.decode()
    assert queue.context["waiting"] == 1

    page = client.get(reverse("feedback_translations:edit", args=[answer.pk]))
    assert page.status_code == 200
    assert POLISH_WAITING in page.content.decode()
    assert 'lang="pl"' in page.content.decode()

    # An empty translation is refused, and nothing is saved.
    refused = client.post(
        reverse("feedback_translations:edit", args=[answer.pk]), {"text_in_english": "  "}
    )
    assert refused.status_code == 400
    answer.refresh_from_db()
    assert answer.text_in_english == ""

    saved = client.post(
        reverse("feedback_translations:edit", args=[answer.pk]),
        {"text_in_english": ENGLISH_RENDERING},
    )
    assert saved.status_code == 302
    answer.refresh_from_db()
    assert answer.text == POLISH_WAITING  # the original is kept as it was
    assert answer.text_in_english == ENGLISH_RENDERING
    assert answer.translated_by == analyst
    assert answer.translated_at is not None
    event = AuditEvent.objects.get(action="answer.translate")
    assert event.user == analyst
    assert event.object_id == str(answer.pk)
    assert event.consultation_id == consultation.pk
    assert event.details["language"] == "pl"
    assert ENGLISH_RENDERING not in str(event.details)  # the log holds no answer text
    # Mirrored into the answer's Wagtail history.
    assert ModelLogEntry.objects.filter(
        object_id=str(answer.pk), action="engage.answer.translate", user=analyst
    ).exists()
    # Translated answers leave the queue, and become pending for the next run.
    assert client.get(reverse("feedback_translations:index")).context["waiting"] == 0
    assert selectors.answers_pending(consultation=consultation) == 1

    rerun = run(
        consultation, kind=AnalysisRun.Kind.INCREMENTAL, capture=django_capture_on_commit_callbacks
    )
    assert rerun.answers_total == 1
    assert tag_names(polish) == ["Waiting times"]
    assert AnswerAnalysis.objects.get(answer=answer).redacted_text == ENGLISH_RENDERING
    assert (
        selectors.analysis_method_summary(consultation=consultation)["answers_awaiting_translation"]
        == 0
    )


def test_queue_shows_an_analyst_only_the_consultations_assigned_to_them(
    client, make_user, consultation, respond, django_capture_on_commit_callbacks
):
    ensure_feedback_permissions()
    stranger = make_user("other-analyst@example.org", group="Analysts")
    polish = respond(POLISH_WAITING)
    run(consultation, capture=django_capture_on_commit_callbacks)
    answer = polish.answers.get()
    client.force_login(stranger)
    queue = client.get(reverse("feedback_translations:index"))
    assert queue.status_code == 200
    assert polish.reference not in queue.content.decode()
    edit = client.get(reverse("feedback_translations:edit", args=[answer.pk]))
    assert edit.status_code == 404


def test_people_without_the_translate_permission_are_refused(
    client, make_user, consultation, respond
):
    facilitator = make_user("facilitator@example.org", group="Facilitators")
    client.force_login(facilitator)
    response = client.get(reverse("feedback_translations:index"))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def test_a_confirmed_translated_answer_teaches_runs_the_english_they_score(
    consultation, frame, respond, officer, monkeypatch
):
    polish = respond(POLISH_WAITING)
    answer = polish.answers.get()
    Answer.objects.filter(pk=answer.pk).update(language="pl", text_in_english=ENGLISH_RENDERING)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    services.answer_theme_add(answer=answer, theme=frame[0], user=officer)
    taught = []
    process_batch = runs.analysis.process_batch

    def recording(**kwargs):
        taught.append((list(kwargs.get("examples", ())), list(kwargs.get("rejected", ()))))
        return process_batch(**kwargs)

    monkeypatch.setattr(runs.analysis, "process_batch", recording)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert taught == [([(ENGLISH_RENDERING, "Waiting times")], [])]


def test_a_split_by_keywords_reads_a_translated_answer_in_the_english_runs_score(
    consultation, frame, respond, officer
):
    polish = respond(POLISH_WAITING)
    answer = polish.answers.get()
    Answer.objects.filter(pk=answer.pk).update(language="pl", text_in_english=ENGLISH_RENDERING)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert tag_names(polish) == ["Waiting times"]
    new = services.theme_split(
        theme=frame[0], user=officer, name="Waiting lists", keywords=["waiting list"]
    )
    assert list(new.answer_tags.values_list("answer_id", flat=True)) == [answer.pk]
