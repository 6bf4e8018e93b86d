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
