"""Officers' decisions on themes and tags: accept, rename, merge, split, drop, re-tag."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from feedback.themes import services
from feedback.themes.models import AnswerTheme, Theme
from tests.feedback.themes.helpers import BOTH, OTHER, STAFF, WAITING, run

pytestmark = pytest.mark.django_db


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
    assert merged.keywords == ["waiting list", "wait", "waiting"]
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


STAFF_ONLY = [
    "The team were lovely and the person on reception was helpful.",
    "Every person in the team was friendly.",
    "The team on the ward treated each person with respect.",
]


def respondents(theme):
    from feedback.themes import selectors

    return selectors.respondent_counts(consultation=theme.consultation).get(theme.pk, 0)


def test_a_merge_keeps_the_targets_definition_and_a_rerun_keeps_its_count_honest(
    consultation, frame, respond, officer
):
    from feedback.themes import runs
    from feedback.themes.models import AnalysisRun, ThemeChange

    waiting, _staff = frame
    for text in [WAITING, BOTH, *STAFF_ONLY]:
        respond(text)
    # An accepted discovery theme with the raw discovery words the new user merged.
    duty = services.theme_create(
        consultation=consultation,
        name="Duty / person",
        keywords=["staff", "person", "team"],
        user=officer,
    )
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    before = respondents(waiting)
    waiting_answers = set(waiting.answer_tags.values_list("answer_id", flat=True))
    duty_answers = set(duty.answer_tags.values_list("answer_id", flat=True))
    moved_in = duty_answers - waiting_answers
    assert moved_in, "the merge must bring answers the target did not have"

    merged = services.theme_merge(themes=[duty], into=waiting, user=officer)

    assert merged.keywords == ["waiting list", "wait", "waiting"]
    assert merged.description == ""
    # The merge moved the tags: for now the target holds both themes' answers...
    assert respondents(merged) == before + len(moved_in)
    rerun = runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    # ...and a re-run applies the target's own definition: the count is what it was.
    assert respondents(merged) == before
    change = ThemeChange.objects.get(run=rerun, theme=merged)
    assert (change.respondents_before, change.respondents_after) == (
        before + len(moved_in),
        before,
    )
    assert change.answers_left == len(moved_in)
    assert change.definition["merged"] == ["Duty / person"]


def test_a_person_s_decision_moved_by_a_merge_survives_the_rerun(
    consultation, frame, respond, officer
):
    from feedback.themes import runs
    from feedback.themes.models import AnalysisRun

    waiting, _staff = frame
    response = respond(STAFF_ONLY[0])
    duty = services.theme_create(
        consultation=consultation, name="Duty / person", keywords=["team"], user=officer
    )
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    answer = response.answers.get()
    services.answer_theme_add(answer=answer, theme=duty, user=officer)
    services.theme_merge(themes=[duty], into=waiting, user=officer)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    assert respondents(waiting) == 1


def test_merging_a_theme_into_itself_is_refused_and_changes_nothing(
    consultation, frame, respond, officer
):
    waiting, _staff = frame
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        services.theme_merge(themes=[waiting], into=waiting, user=officer)
    assert Theme.objects.filter(pk=waiting.pk, keywords=waiting.keywords).exists()
    assert not ModelLogEntry.objects.filter(action="themes.merge").exists()


def test_an_accepted_theme_cannot_be_merged_into_a_proposal(consultation, frame, officer):
    waiting, _staff = frame
    proposal = Theme.objects.create(
        consultation=consultation, name="Phones", status=Theme.Status.PROPOSED
    )
    with pytest.raises(ValidationError, match="Accept “Phones” first"):
        services.theme_merge(themes=[waiting], into=proposal, user=officer)
    assert Theme.objects.filter(pk=waiting.pk).exists()


def test_accepting_a_proposal_asks_for_a_definition_and_keeps_no_discovery_keywords(
    consultation, officer
):
    proposal = Theme.objects.create(
        consultation=consultation,
        name="Staff / person",
        status=Theme.Status.PROPOSED,
        origin=Theme.Origin.DISCOVERED,
        key_phrases=["staff", "person", "team"],
        keywords=["staff", "person", "team"],  # as stored by discovery before this change
    )
    with pytest.raises(ValidationError, match="Describe the theme"):
        services.theme_accept(theme=proposal, user=officer)
    proposal.refresh_from_db()
    assert proposal.status == Theme.Status.PROPOSED
    accepted = services.theme_accept(
        theme=proposal,
        user=officer,
        name="Staffing on the wards",
        description="Enough staff on each shift.",
    )
    assert accepted.status == Theme.Status.ACCEPTED
    assert accepted.keywords == []
    assert accepted.key_phrases == ["staff", "person", "team"]


def test_decisions_record_what_the_analysis_had_said(consultation, frame, respond, officer):
    from feedback.themes import runs, selectors
    from feedback.themes.models import AnalysisRun

    waiting, staff = frame
    confirmed, removed, missed = respond(WAITING), respond(BOTH), respond(OTHER)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    answers = [r.answers.get() for r in (confirmed, removed, missed)]
    automatic = AnswerTheme.objects.get(answer=answers[0], theme=waiting)
    assert 0 < automatic.confidence < 1

    services.answer_theme_add(answer=answers[0], theme=waiting, user=officer)
    services.answer_theme_remove(answer=answers[1], theme=waiting, user=officer)
    services.answer_theme_add(answer=answers[2], theme=waiting, user=officer)

    tags = {t.answer_id: t for t in AnswerTheme.objects.filter(theme=waiting)}
    assert tags[answers[0].pk].model_tagged is True
    assert tags[answers[0].pk].model_confidence == automatic.confidence
    assert tags[answers[1].pk].model_tagged is True and tags[answers[1].pk].is_rejected
    assert tags[answers[2].pk].model_tagged is False
    actions = list(ModelLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-3:] == ["themes.tag_confirm", "themes.tag_remove", "themes.tag_add"]
    agreement = selectors.theme_agreement(consultation=consultation)
    assert agreement[waiting.pk] == {"reviewed": 3, "agreed": 1, "rate": 0.3333}
    assert staff.pk not in agreement


def test_emptying_a_coding_frame_theme_is_refused_and_changes_nothing(frame, officer):
    waiting, _staff = frame
    with pytest.raises(ValidationError, match="keywords or a description"):
        services.theme_update(
            theme=waiting, user=officer, name="Waiting", description=" ", keywords=""
        )
    waiting.refresh_from_db()
    assert waiting.name == "Waiting times" and waiting.keywords == [
        "waiting list",
        "wait",
        "waiting",
    ]


def test_a_merge_drops_the_source_s_removals_and_keeps_the_target_s_decisions(
    consultation, frame, respond, officer
):
    from feedback.themes import runs
    from feedback.themes.models import AnalysisRun

    waiting, staff = frame
    only_waiting, both, only_staff = respond(WAITING), respond(BOTH), respond(STAFF)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    answer = {r: r.answers.get() for r in (only_waiting, both, only_staff)}
    assert AnswerTheme.objects.filter(answer=answer[both], theme=waiting).exists()
    assert not AnswerTheme.objects.filter(answer=answer[only_staff], theme=waiting).exists()
    # "Not staff attitude" on two answers; "not waiting times" on one (the target's own).
    services.answer_theme_remove(answer=answer[both], theme=staff, user=officer)
    services.answer_theme_remove(answer=answer[only_staff], theme=staff, user=officer)
    services.answer_theme_remove(answer=answer[only_waiting], theme=waiting, user=officer)

    merged = services.theme_merge(themes=[staff], into=waiting, user=officer)

    tags = {t.answer_id: t for t in AnswerTheme.objects.filter(theme=merged)}
    # Saying an answer is not about staff attitude says nothing about waiting times.
    assert answer[only_staff].pk not in tags
    assert not tags[answer[both].pk].is_rejected
    assert tags[answer[both].pk].source == AnswerTheme.Source.AUTOMATIC
    # The target's own decision stays as it was made.
    own = tags[answer[only_waiting].pk]
    assert own.is_rejected and own.source == AnswerTheme.Source.MANUAL
    assert own.reviewed_by == officer
    assert not AnswerTheme.objects.filter(theme_id=staff.pk).exists()


def test_a_theme_added_and_then_removed_by_a_person_is_not_counted_as_agreement(
    consultation, frame, respond, officer
):
    from feedback.themes import runs, selectors
    from feedback.themes.models import AnalysisRun

    waiting, _staff = frame
    confirmed, undone = respond(WAITING), respond(OTHER)
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    confirmed, undone = confirmed.answers.get(), undone.answers.get()
    assert not AnswerTheme.objects.filter(answer=undone, theme=waiting).exists()
    services.answer_theme_add(answer=confirmed, theme=waiting, user=officer)
    services.answer_theme_add(answer=undone, theme=waiting, user=officer)
    services.answer_theme_remove(answer=undone, theme=waiting, user=officer)

    tag = AnswerTheme.objects.get(answer=undone, theme=waiting)
    assert (tag.model_tagged, tag.is_rejected) == (False, True)
    agreement = selectors.theme_agreement(consultation=consultation)
    assert agreement[waiting.pk] == {"reviewed": 1, "agreed": 1, "rate": 1.0}
