"""Retention: personal details are removed once a consultation's retention period has passed."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from consultations.models import (
    ConsultationIndexPage,
    Registration,
)
from engage.models import AuditEvent
from engage.retention import EXPIRED_TOKEN_PREFIX, apply_retention
from engage.scheduler import collected_schedule
from feedback.models import Answer, Response
from tests import factories

pytestmark = pytest.mark.django_db


def _consultation(home, slug, *, closed_days_ago, retention_days):
    index = ConsultationIndexPage.objects.first() or factories.ConsultationIndexPageFactory(
        parent=home, title="Consultations", slug="consultations", publish=False
    )
    now = timezone.now()
    page = factories.ConsultationPageFactory(
        parent=index,
        title=f"Consultation {slug}",
        slug=slug,
        summary="A summary.",
        opens_at=now - timedelta(days=closed_days_ago + 30),
        closes_at=now - timedelta(days=closed_days_ago),
        retention_days=retention_days,
        publish=False,
    )
    questionnaire = factories.QuestionnaireFactory(consultation=page, questions=False)
    question = factories.QuestionFactory(
        section=factories.QuestionSectionFactory(
            questionnaire=questionnaire, title="S", sort_order=0
        ),
        text="What do you think?",
        sort_order=0,
    )
    return page, question


def _response(consultation, question, n, *, user=None):
    return factories.ResponseFactory(
        consultation=consultation,
        respondent_name=f"Person {n}",
        respondent_email=f"person{n}@example.org",
        consent_to_outcome_email=True,
        capacity="resident",
        user=user,
        answers={question: f"Answer number {n}"},
    )


def _event(parent, slug, *, consultation=None, ended_days_ago=10):
    now = timezone.now()
    return factories.WorkshopEventPageFactory(
        parent=parent,
        title=f"Workshop {slug}",
        slug=slug,
        starts_at=now - timedelta(days=ended_days_ago, hours=2),
        ends_at=now - timedelta(days=ended_days_ago),
        consultation=consultation,
        publish=False,
    )


def _registration(event, n):
    return Registration.objects.create(
        event=event,
        name=f"Guest {n}",
        email=f"guest{n}@example.org",
        capacity_type="resident",
        access_needs=["bsl"],
        access_other="I use a wheelchair",
    )


@pytest.fixture
def expired_and_current(site_with_home, make_user):
    home = site_with_home.root_page
    expired, q1 = _consultation(home, "expired", closed_days_ago=40, retention_days=30)
    current, q2 = _consultation(home, "current", closed_days_ago=10, retention_days=30)
    member = make_user("member@example.org")
    old = [_response(expired, q1, n) for n in range(3)] + [_response(expired, q1, 9, user=member)]
    kept = [_response(current, q2, n) for n in range(2)]
    old_event = _event(expired, "old-workshop", consultation=expired)
    old_regs = [_registration(old_event, n) for n in range(2)]
    kept_regs = [_registration(_event(current, "new-workshop", consultation=current), 5)]
    return expired, current, old, kept, old_regs, kept_regs


def test_retention_clears_names_emails_tokens_and_keeps_answers(expired_and_current):
    expired, current, old, kept, old_regs, kept_regs = expired_and_current
    old_tokens = {(r.resume_token_hash, r.withdraw_token_hash) for r in old}
    old_links = [(r.resume_link_token(), r.withdraw_link_token()) for r in old]
    old_cancel_links = [r.cancel_link_token() for r in old_regs]
    summary = apply_retention()
    assert summary == {
        f"consultation:{expired.pk}": {
            "feedback.Response": 4,
            "consultations.Registration": 2,
        }
    }
    for response in Response.objects.filter(consultation=expired):
        assert response.respondent_name == ""
        assert response.respondent_email == ""
        assert response.consent_to_outcome_email is False  # meaningless without the email
        assert response.user is None
        assert response.resume_token_hash.startswith(EXPIRED_TOKEN_PREFIX)
        assert response.withdraw_token_hash.startswith(EXPIRED_TOKEN_PREFIX)
        assert (response.resume_token_hash, response.withdraw_token_hash) not in old_tokens
        assert response.capacity == "resident"  # anonymous facts stay for analysis
    for resume, withdraw in old_links:  # the links people were emailed no longer open anything
        assert not Response.by_resume_token(resume).exists()
        assert not Response.by_withdraw_token(withdraw).exists()
    for cancel in old_cancel_links:
        assert not Registration.by_cancel_token(cancel).exists()
    answers = Answer.objects.filter(response__consultation=expired)
    assert sorted(answers.values_list("text", flat=True)) == [
        "Answer number 0",
        "Answer number 1",
        "Answer number 2",
        "Answer number 9",
    ]
    for registration in Registration.objects.filter(event__consultation=expired):
        assert registration.name == ""
        assert registration.email.endswith("@removed.invalid")
        assert "example.org" not in registration.email
        assert registration.access_other == ""
        assert registration.access_needs == ["bsl"]
        assert registration.cancel_token_hash.startswith(EXPIRED_TOKEN_PREFIX)
    assert User.objects.filter(email="member@example.org").exists()  # the account itself stays


def test_retention_leaves_consultations_inside_their_period_alone(expired_and_current):
    _, current, _, kept, _, kept_regs = expired_and_current
    apply_retention()
    for response in kept:
        fresh = Response.objects.get(pk=response.pk)
        assert fresh.respondent_email == response.respondent_email
        assert fresh.consent_to_outcome_email is True
        assert fresh.resume_token_hash == response.resume_token_hash
    assert Registration.objects.get(pk=kept_regs[0].pk).email == "guest5@example.org"


def test_retention_is_logged_in_the_audit_log_with_counts(expired_and_current):
    expired = expired_and_current[0]
    apply_retention()
    event = AuditEvent.objects.get(action="retention.applied")
    assert event.object_id == str(expired.pk)
    assert event.details["cleared"] == {"feedback.Response": 4, "consultations.Registration": 2}
    assert event.user is None


def test_running_retention_again_changes_and_logs_nothing(expired_and_current):
    apply_retention()
    tokens = list(Response.objects.order_by("pk").values_list("resume_token_hash", flat=True))
    assert apply_retention() == {}
    assert (
        list(Response.objects.order_by("pk").values_list("resume_token_hash", flat=True)) == tokens
    )
    assert AuditEvent.objects.filter(action="retention.applied").count() == 1


def test_retention_reaches_a_consultation_when_its_period_ends(expired_and_current):
    current = expired_and_current[1]
    later = timezone.now() + timedelta(days=21)
    summary = apply_retention(now=later)
    assert summary[f"consultation:{current.pk}"]["feedback.Response"] == 2


def test_registrations_for_events_without_a_consultation_use_the_event_retention(
    site_with_home, settings
):
    settings.ENGAGE_EVENT_RETENTION_DAYS = 30
    home = site_with_home.root_page
    old = _registration(_event(home, "old-standalone", ended_days_ago=31), 1)
    recent = _registration(_event(home, "recent-standalone", ended_days_ago=5), 2)
    summary = apply_retention()
    assert summary == {"events_without_consultation": {"consultations.Registration": 1}}
    assert Registration.objects.get(pk=old.pk).name == ""
    assert Registration.objects.get(pk=recent.pk).name == "Guest 2"


def test_retention_task_is_scheduled_and_has_a_command(expired_and_current, capsys):
    assert "engage.tasks.apply_retention_task" in collected_schedule()
    call_command("apply_retention")
    assert "feedback.Response': 4" in capsys.readouterr().out


def test_every_model_and_field_retention_clears_exists():
    """A rename must not leave personal details behind: retention names only real fields."""
    from django.apps import apps

    from engage.retention import TARGETS

    for target in TARGETS:
        model = apps.get_model(target.label)
        names = (
            *target.blank_fields,
            *target.unique_email_fields,
            *target.null_fields,
            *target.false_fields,
            *target.token_fields,
        )
        assert names, target.label
        for name in names:
            model._meta.get_field(name)  # raises FieldDoesNotExist
        model.objects.filter(**{f"{target.consultation_path}__isnull": False}).exists()
