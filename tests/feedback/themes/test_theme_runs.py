"""Analysis runs: batches, idempotent writes, incremental runs, resuming and discovery."""

import json
from datetime import timedelta

import pytest
from django.db.models import JSONField
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback import services as feedback_services
from feedback.models import Answer
from feedback.themes import runs, services
from feedback.themes.models import (
    AnalysisBatch,
    AnalysisRun,
    AnswerAnalysis,
    AnswerTheme,
    Theme,
    ThemeChange,
)
from tests.feedback.themes.helpers import BOTH, OTHER, STAFF, WAITING, run, tag_names

pytestmark = pytest.mark.django_db

NEAR_DUPLICATE = "The waiting list for therapy is far too long and nobody rings back."


def test_run_tags_each_answer_with_every_theme_that_fits(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    r1, r2, r3, r4 = respond(WAITING), respond(STAFF), respond(BOTH), respond(OTHER)
    finished = run(consultation, capture=django_capture_on_commit_callbacks)
    assert finished.status == AnalysisRun.Status.SUCCEEDED
    assert finished.finished_at is not None
    assert tag_names(r1) == ["Waiting times"]
    assert tag_names(r2) == ["Staff attitude"]
    assert tag_names(r3) == ["Staff attitude", "Waiting times"]
    assert tag_names(r4) == []
    analysis = AnswerAnalysis.objects.get(answer__response=r1)
    assert analysis.sentiment == "negative"
    assert "waiting list" in analysis.key_phrases


def test_run_is_split_into_batches_that_report_progress(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    for _ in range(5):
        respond(WAITING)
    finished = run(consultation, capture=django_capture_on_commit_callbacks, batch_size=2)
    assert finished.batches_total == 3
    assert finished.batches_done == 3
    assert finished.percent_done == 100
    assert list(finished.batches.values_list("is_done", flat=True)) == [True, True, True]
    assert sorted(len(b.answer_ids) for b in finished.batches.all()) == [1, 2, 2]


def test_batch_run_twice_writes_its_results_once(consultation, frame, respond):
    respond(WAITING)
    respond(BOTH)
    started = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    batch = started.batches.get()
    assert runs.analysis_batch_process(batch_id=batch.pk, finish=False) is True
    tags_before = sorted(AnswerTheme.objects.values_list("answer_id", "theme_id"))
    # A second worker picking up the same batch (e.g. after a restart) changes nothing.
    assert runs.analysis_batch_process(batch_id=batch.pk, finish=False) is False
    assert sorted(AnswerTheme.objects.values_list("answer_id", "theme_id")) == tags_before
    assert AnswerAnalysis.objects.count() == 2
    started.refresh_from_db()
    assert started.batches_done == 1


def test_failed_batch_leaves_no_half_written_results(consultation, frame, respond, monkeypatch):
    respond(WAITING)
    started = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    batch = started.batches.get()

    def explode(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(AnswerTheme.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        runs.analysis_batch_process(batch_id=batch.pk, finish=False)
    batch.refresh_from_db()
    assert batch.is_done is False
    assert AnswerAnalysis.objects.count() == 0
    monkeypatch.undo()
    assert runs.analysis_batch_process(batch_id=batch.pk, finish=False) is True
    assert AnswerAnalysis.objects.count() == 1


def test_manual_decisions_survive_a_full_rerun(
    consultation, frame, respond, officer, django_capture_on_commit_callbacks
):
    waiting, staff = frame
    r1, r2 = respond(WAITING), respond(OTHER)
    run(consultation, capture=django_capture_on_commit_callbacks)
    a1, a2 = r1.answers.get(), r2.answers.get()
    services.answer_theme_remove(answer=a1, theme=waiting, user=officer)
    services.answer_theme_add(answer=a2, theme=staff, user=officer)
    run(consultation, capture=django_capture_on_commit_callbacks)
    assert tag_names(r1) == []
    assert tag_names(r2) == ["Staff attitude"]
    removed = AnswerTheme.objects.get(answer=a1, theme=waiting)
    assert removed.is_rejected and removed.source == AnswerTheme.Source.MANUAL
    assert removed.reviewed_by == officer
    assert ModelLogEntry.objects.filter(action="themes.tag_remove", user=officer).count() == 1
    assert ModelLogEntry.objects.filter(action="themes.tag_add", user=officer).count() == 1


def test_incremental_run_only_analyses_new_and_changed_answers(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    old, changed = respond(WAITING), respond(OTHER)
    first = run(consultation, capture=django_capture_on_commit_callbacks)
    new = respond(STAFF)
    Answer.objects.filter(response=changed).update(text=BOTH)
    second = run(
        consultation, kind=AnalysisRun.Kind.INCREMENTAL, capture=django_capture_on_commit_callbacks
    )
    assert second.answers_total == 2
    assert AnswerAnalysis.objects.get(answer__response=old).run_id == first.pk
    assert AnswerAnalysis.objects.get(answer__response=new).run_id == second.pk
    assert tag_names(new) == ["Staff attitude"]
    assert tag_names(changed) == ["Staff attitude", "Waiting times"]
    third = run(
        consultation, kind=AnalysisRun.Kind.INCREMENTAL, capture=django_capture_on_commit_callbacks
    )
    assert third.answers_total == 0
    assert third.status == AnalysisRun.Status.SUCCEEDED


def test_starting_a_run_while_one_is_active_returns_the_active_run(consultation, respond):
    respond(WAITING)
    first = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    again = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.DISCOVERY, enqueue=False
    )
    assert again.pk == first.pk
    assert AnalysisRun.objects.count() == 1


def test_stalled_run_resumes_its_unfinished_batches(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    respond(WAITING)
    respond(STAFF)
    started = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False, batch_size=1
    )
    first = started.batches.order_by("index").first()
    runs.analysis_batch_process(batch_id=first.pk)
    # Nothing happens while the run is making progress...
    assert runs.analysis_runs_resume() == []
    # ...but after a quiet spell the remaining batch is enqueued again and the run finishes.
    later = timezone.now() + runs.STALE_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert runs.analysis_runs_resume(now=later) == [started]
    started.refresh_from_db()
    assert started.status == AnalysisRun.Status.SUCCEEDED
    assert AnalysisBatch.objects.filter(run=started, is_done=False).count() == 0


def test_non_answers_are_counted_but_not_themed(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    respond("Nothing")
    respond("n/a")
    respond(WAITING)
    run(consultation, capture=django_capture_on_commit_callbacks)
    assert AnswerAnalysis.objects.filter(non_answer=True).count() == 2
    assert AnswerTheme.objects.filter(answer__analysis__non_answer=True).count() == 0


def test_names_in_text_stay_out_of_stored_phrases(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    response = respond("Dr Okonkwo was kind but my email jo.bloggs@example.org was never used.")
    run(consultation, capture=django_capture_on_commit_callbacks)
    analysis = AnswerAnalysis.objects.get(answer__response=response)
    stored = " ".join(analysis.key_phrases + analysis.stems + [analysis.redacted_text]).lower()
    assert "okonkwo" not in stored
    assert "bloggs" not in stored
    assert "[email]" in analysis.redacted_text


def test_discovery_proposes_named_themes_and_replaces_unreviewed_proposals(
    consultation, respond, officer, django_capture_on_commit_callbacks
):
    texts = [
        "Parking at the hospital is impossible and costs too much money.",
        "There is never any parking near the clinic, the car park is always full.",
        "Car parking charges are too high for visitors and patients.",
        "The parking is terrible, I drove around the car park for ages.",
        "Free parking for carers would help, the car park is expensive.",
        "Parking spaces are taken by staff so the car park is full for patients.",
        "I could never get through on the phone line, it rings forever.",
        "The phone system cuts you off and nobody answers the phone line.",
        "Please answer the phone, the phone line is engaged all day long.",
        "Getting through on the phone line takes an hour every morning.",
        "Nobody picks up the phone and the phone line message is confusing.",
        "The phone line closes at four so I cannot call after work.",
    ]
    for text in texts:
        respond(text)
    first = run(
        consultation,
        kind=AnalysisRun.Kind.DISCOVERY,
        capture=django_capture_on_commit_callbacks,
        max_themes=2,
    )
    assert first.status == AnalysisRun.Status.SUCCEEDED
    proposals = sorted(Theme.objects.filter(status=Theme.Status.PROPOSED), key=lambda t: t.name)
    assert len(proposals) == 2
    assert all(t.origin == Theme.Origin.DISCOVERED and t.name for t in proposals)
    assert sum(t.proposed_size for t in proposals) == len(texts)
    assert all(t.key_phrases and not t.keywords for t in proposals)
    accepted = services.theme_accept(
        theme=proposals[0],
        user=officer,
        name="Accepted proposal",
        description="Getting to the clinic and parking there.",
    )
    assert accepted.keywords == []
    run(
        consultation,
        kind=AnalysisRun.Kind.DISCOVERY,
        capture=django_capture_on_commit_callbacks,
        max_themes=2,
    )
    assert Theme.objects.filter(name="Accepted proposal", status=Theme.Status.ACCEPTED).exists()
    # The proposal nobody acted on is replaced by this run's proposals.
    assert not Theme.objects.filter(pk=proposals[1].pk).exists()


def test_each_run_records_per_theme_what_changed_and_why(consultation, frame, respond, officer):
    from feedback.themes import selectors

    waiting, staff = frame
    respond(WAITING)
    respond(STAFF)
    first = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    change = ThemeChange.objects.get(run=first, theme=waiting)
    assert (change.respondents_before, change.respondents_after) == (0, 1)
    assert change.answers_joined == change.joined_new == 1
    assert change.definition["new_in_frame"]

    services.theme_update(
        theme=waiting,
        user=officer,
        name=waiting.name,
        description="",
        keywords=[*waiting.keywords, "staff"],
    )
    respond(BOTH)
    second = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    change = ThemeChange.objects.get(run=second, theme=waiting)
    now = selectors.respondent_counts(consultation=consultation)[waiting.pk]
    assert (change.respondents_before, change.respondents_after) == (1, now)
    # One answer per respondent here, so the count moved by exactly the answers that moved.
    assert now - 1 == change.answers_joined - change.answers_left
    assert change.joined_new == 1  # the new answer about the waiting list
    assert change.definition["keywords_added"] == ["staff"]
    (shown,) = [c for c in selectors.run_changes(run=second) if c.theme_id == waiting.pk]
    assert "Keywords added: staff." in [str(r) for r in shown.reasons]
    unchanged = ThemeChange.objects.get(run=second, theme=staff)
    assert unchanged.definition["keywords_added"] == []


def test_runs_learn_from_the_analysts_decisions(consultation, frame, respond, officer):
    waiting, _staff = frame
    respond(WAITING)
    removed = respond(BOTH)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    services.answer_theme_remove(answer=removed.answers.get(), theme=waiting, user=officer)
    run = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    # The run keeps which answer and what was decided, never the answer's words.
    assert run.examples == [[removed.answers.get().pk, "Waiting times", False]]


def test_a_removal_makes_the_next_run_drop_the_theme_from_a_near_duplicate_answer(
    consultation, frame, respond, officer
):
    waiting, _staff = frame
    removed = respond(WAITING)
    near_duplicate = respond(NEAR_DUPLICATE)
    unlike = respond("I was on the waiting list for eight months before my first appointment.")
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert all("Waiting times" in tag_names(r) for r in (removed, near_duplicate, unlike))
    services.answer_theme_remove(answer=removed.answers.get(), theme=waiting, user=officer)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert "Waiting times" not in tag_names(removed)
    assert "Waiting times" not in tag_names(near_duplicate)
    assert "Waiting times" in tag_names(unlike)


def _held_by_any_run(text):
    """Whether any JSON field of any run, batch or per-theme change holds the text."""
    for model in (AnalysisRun, AnalysisBatch, ThemeChange):
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, JSONField)]
        assert fields
        for row in model.objects.values_list(*fields):
            if text in json.dumps(row, ensure_ascii=False):
                return True
    return False


def _take_back(response, how, user):
    if how == "erased":
        feedback_services.response_erase(response_id=response.pk, user=user)
    else:
        feedback_services.response_withdraw(token=response.withdraw_link_token())


@pytest.mark.parametrize("how", ["erased", "withdrawn"])
def test_a_response_taken_back_leaves_no_words_in_any_run_and_teaches_nothing_more(
    consultation, frame, respond, officer, how, django_capture_on_commit_callbacks
):
    waiting, _staff = frame
    removed = respond(WAITING)
    near_duplicate = respond(NEAR_DUPLICATE)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    services.answer_theme_remove(answer=removed.answers.get(), theme=waiting, user=officer)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    # The removal taught the run to leave the theme off a near duplicate.
    assert "Waiting times" not in tag_names(near_duplicate)
    # A run that started before the response was taken back, and whose batch runs after.
    started = runs.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )

    _take_back(removed, how, officer)

    assert not _held_by_any_run(WAITING)
    assert not _held_by_any_run(NEAR_DUPLICATE)
    with django_capture_on_commit_callbacks(execute=True):
        assert runs.analysis_batch_process(batch_id=started.batches.get().pk)
    assert "Waiting times" in tag_names(near_duplicate)
    rerun = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert rerun.examples == []
    assert "Waiting times" in tag_names(near_duplicate)
    assert not _held_by_any_run(WAITING)


def test_automatic_tags_carry_a_confidence(consultation, frame, respond):
    respond(WAITING)
    respond(BOTH)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    confidences = list(AnswerTheme.objects.values_list("confidence", flat=True))
    assert confidences and all(0 < c < 1 for c in confidences)


def test_runs_store_evidence_and_stance_and_evidence_rich_answers_are_listed_first(
    consultation, frame, respond
):
    from feedback.themes import selectors

    waiting, _staff = frame
    # The plain answer matches more keywords (a better score) than the one with evidence.
    plain = respond("The waiting list is too long and I am still waiting, the wait is awful.")
    rich = respond("I waited 14 weeks after my referral in March.")
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    stored = AnswerAnalysis.objects.get(answer__response=rich)
    assert stored.is_evidence_rich and "number" in stored.evidence
    assert not AnswerAnalysis.objects.get(answer__response=plain).is_evidence_rich
    listed = [t.answer.response_id for t in selectors.theme_answers(theme=waiting)]
    assert listed == [rich.pk, plain.pk]
