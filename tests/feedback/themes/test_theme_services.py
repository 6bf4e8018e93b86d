"""Analysis runs in batches, manual decisions and officer actions on themes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback.models import Answer
from feedback.themes import services
from feedback.themes.models import AnalysisBatch, AnalysisRun, AnswerAnalysis, AnswerTheme, Theme

pytestmark = pytest.mark.django_db

WAITING = "The waiting list for therapy is far too long and nobody calls back."
STAFF = "The staff at the clinic were kind and listened to me properly."
BOTH = "Kind staff, but the waiting list was months long before I was seen."
OTHER = "The building needs better signs from the bus stop to the front door."


@pytest.fixture
def officer(make_user):
    return make_user("officer@example.org", group="Consultation editors")


@pytest.fixture
def frame(consultation, officer):
    """Two coding-frame themes."""
    waiting = services.theme_create(
        consultation=consultation,
        name="Waiting times",
        keywords=["waiting list", "wait", "waiting"],
        user=officer,
    )
    staff = services.theme_create(
        consultation=consultation,
        name="Staff attitude",
        keywords=["staff", "kind", "listened", "rude"],
        user=officer,
    )
    return waiting, staff


def run(consultation, kind=AnalysisRun.Kind.FULL, capture=None, **kwargs):
    """Start a run and let the (immediate) task backend run its batches on commit."""
    with capture(execute=True):
        started = services.analysis_run_start(consultation=consultation, kind=kind, **kwargs)
    started.refresh_from_db()
    return started


def tag_names(response):
    answer = response.answers.order_by("pk").first()
    return sorted(
        AnswerTheme.objects.filter(answer=answer, is_rejected=False).values_list(
            "theme__name", flat=True
        )
    )


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
    started = services.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    batch = started.batches.get()
    assert services.analysis_batch_process(batch_id=batch.pk, finish=False) is True
    tags_before = sorted(AnswerTheme.objects.values_list("answer_id", "theme_id"))
    # A second worker picking up the same batch (e.g. after a restart) changes nothing.
    assert services.analysis_batch_process(batch_id=batch.pk, finish=False) is False
    assert sorted(AnswerTheme.objects.values_list("answer_id", "theme_id")) == tags_before
    assert AnswerAnalysis.objects.count() == 2
    started.refresh_from_db()
    assert started.batches_done == 1


def test_failed_batch_leaves_no_half_written_results(consultation, frame, respond, monkeypatch):
    respond(WAITING)
    started = services.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    batch = started.batches.get()

    def explode(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(AnswerTheme.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        services.analysis_batch_process(batch_id=batch.pk, finish=False)
    batch.refresh_from_db()
    assert batch.is_done is False
    assert AnswerAnalysis.objects.count() == 0
    monkeypatch.undo()
    assert services.analysis_batch_process(batch_id=batch.pk, finish=False) is True
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
    first = services.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False
    )
    again = services.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.DISCOVERY, enqueue=False
    )
    assert again.pk == first.pk
    assert AnalysisRun.objects.count() == 1


def test_stalled_run_resumes_its_unfinished_batches(
    consultation, frame, respond, django_capture_on_commit_callbacks
):
    respond(WAITING)
    respond(STAFF)
    started = services.analysis_run_start(
        consultation=consultation, kind=AnalysisRun.Kind.FULL, enqueue=False, batch_size=1
    )
    first = started.batches.order_by("index").first()
    services.analysis_batch_process(batch_id=first.pk)
    # Nothing happens while the run is making progress...
    assert services.analysis_runs_resume() == []
    # ...but after a quiet spell the remaining batch is enqueued again and the run finishes.
    later = timezone.now() + services.STALE_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.analysis_runs_resume(now=later) == [started]
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
    accepted = services.theme_accept(theme=proposals[0], user=officer, name="Accepted proposal")
    assert accepted.keywords
    run(
        consultation,
        kind=AnalysisRun.Kind.DISCOVERY,
        capture=django_capture_on_commit_callbacks,
        max_themes=2,
    )
    assert Theme.objects.filter(name="Accepted proposal", status=Theme.Status.ACCEPTED).exists()
    # The proposal nobody acted on is replaced by this run's proposals.
    assert not Theme.objects.filter(pk=proposals[1].pk).exists()


def test_accept_rename_merge_split_and_drop_are_logged(
    consultation, frame, respond, officer, django_capture_on_commit_callbacks
):
    waiting, staff = frame
    respond(WAITING)
    respond(BOTH)
    respond(STAFF)
    run(consultation, capture=django_capture_on_commit_callbacks)
    renamed = services.theme_update(
        theme=staff,
        user=officer,
        name="How staff treat people",
        description="Kindness and respect.",
        keywords="staff, kind\nlistened",
    )
    assert renamed.keywords == ["staff", "kind", "listened"]
    split = services.theme_split(
        theme=renamed, user=officer, name="Being listened to", keywords=["listened"]
    )
    assert split.answer_tags.count() == 1
    assert "listened" not in Theme.objects.get(pk=staff.pk).keywords
    merged = services.theme_merge(themes=[split], into=waiting, user=officer)
    assert not Theme.objects.filter(pk=split.pk).exists()
    assert "listened" in merged.keywords
    dropped = services.theme_drop(theme=merged, user=officer)
    assert dropped.status == Theme.Status.DROPPED
    assert not dropped.answer_tags.filter(source=AnswerTheme.Source.AUTOMATIC).exists()
    actions = set(ModelLogEntry.objects.filter(user=officer).values_list("action", flat=True))
    assert {"wagtail.create", "themes.rename", "themes.split", "themes.merge", "themes.drop"} <= (
        actions
    )


@pytest.mark.parametrize("by", ["answers", "keywords"])
def test_split_moves_live_tags_but_leaves_rejections_where_they_were_made(
    by, consultation, frame, respond, officer, django_capture_on_commit_callbacks
):
    _waiting, staff = frame
    kept, rejected, added = respond(STAFF), respond(BOTH), respond(OTHER)
    run(consultation, capture=django_capture_on_commit_callbacks)
    answer = {r: r.answers.order_by("pk").first() for r in (kept, rejected, added)}
    services.answer_theme_remove(answer=answer[rejected], theme=staff, user=officer)
    services.answer_theme_add(answer=answer[added], theme=staff, user=officer)
    if by == "answers":
        chosen = {"answer_ids": [answer[r].pk for r in (kept, rejected, added)]}
    else:
        # "staff" matches STAFF and BOTH (whose tag was rejected); "signs" matches OTHER.
        chosen = {"keywords": ["staff", "signs"]}
    new = services.theme_split(theme=staff, user=officer, name="Staff (split)", **chosen)

    moved = {t.answer_id: t for t in new.answer_tags.all()}
    assert set(moved) == {answer[kept].pk, answer[added].pk}
    assert not moved[answer[kept].pk].is_rejected
    assert moved[answer[added].pk].source == AnswerTheme.Source.MANUAL
    # The officer's "not this theme" stays on the theme it was made on, and is not copied.
    decision = AnswerTheme.objects.get(answer=answer[rejected], is_rejected=True)
    assert decision.theme_id == staff.pk
    assert decision.is_rejected
    assert decision.source == AnswerTheme.Source.MANUAL
    assert decision.reviewed_by == officer
    # A re-run keeps the decision and does not tag the rejected answer with either theme.
    run(consultation, capture=django_capture_on_commit_callbacks)
    assert AnswerTheme.objects.get(answer=answer[rejected], theme=staff).is_rejected


def test_theme_names_are_unique_per_consultation(consultation, frame, officer):
    with pytest.raises(ValidationError):
        services.theme_create(
            consultation=consultation, name="waiting TIMES", keywords=["queue"], user=officer
        )
    with pytest.raises(ValidationError):
        services.theme_create(consultation=consultation, name="Empty", user=officer)
    assert Theme.objects.count() == 2


def test_a_theme_cannot_be_its_own_ancestor(frame, officer):
    waiting, staff = frame
    services.theme_update(
        theme=staff,
        user=officer,
        name=staff.name,
        description="",
        keywords=["staff"],
        parent=waiting,
    )
    with pytest.raises(ValidationError):
        services.theme_update(
            theme=waiting,
            user=officer,
            name=waiting.name,
            description="",
            keywords=["wait"],
            parent=Theme.objects.get(pk=staff.pk),
        )
