"""Quotes an officer has approved: candidates, approval, edits that may only hide more, the
final report printing approved quotes only, and quotes whose response has gone."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from engage import roles
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.reports import selectors as report_selectors
from feedback.reports.context import build_report_context
from feedback.reports.models import QuoteDecision, ReportVersion
from feedback.reports.rendering import render_report_html
from feedback.reports.roles import ensure_report_permissions
from feedback.reports.services import (
    QuoteError,
    quote_decide,
    report_create,
    version_generate,
)
from feedback.services import response_withdraw
from feedback.themes import runs as theme_runs
from feedback.themes import selectors as theme_selectors
from feedback.themes import services as theme_services
from feedback.themes.models import AnalysisRun, Theme
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db

CONSENTED = [
    "I waited four months for my first appointment and heard nothing at all.",
    "I am a community psychiatric nurse and have worked here for 20 years and the waiting "
    "list keeps growing.",
    "My son waited weeks after the referral before anyone phoned him back.",
    "We waited and waited while the crisis team kept passing us around.",
    "The wait between assessment and therapy felt endless for our family.",
]
NOT_CONSENTED = ["Private words: the waiting was unbearable and nobody explained the delay."]


@pytest.fixture
def officer(make_user):
    ensure_report_permissions()
    return make_user("officer@example.org", group=roles.CONSULTATION_EDITORS)


@pytest.fixture
def report(site_with_home, officer):
    consultation = make_consultation(slug="themed")
    questionnaire = Questionnaire.objects.create(consultation=consultation)
    section = QuestionSection.objects.create(questionnaire=questionnaire, title="Your views")
    question = Question.objects.create(
        section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?"
    )
    for texts, consent in ((CONSENTED, True), (NOT_CONSENTED, False)):
        for text in texts:
            response = Response.objects.create(
                consultation=consultation,
                status=Response.Status.SUBMITTED,
                submitted_at=timezone.now() - timedelta(days=12),
                capacity=Response.Capacity.RESIDENT,
                consent_to_quote=consent,
            )
            Answer.objects.create(response=response, question=question, text=text)
    theme_services.theme_create(
        consultation=consultation,
        name="Waiting times",
        description="How long people wait.",
        keywords=["waiting", "wait", "waited"],
        user=officer,
    )
    theme_runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    return report_create(consultation=consultation)


@pytest.fixture
def theme(report):
    return Theme.objects.get(consultation=report.consultation, name="Waiting times")


def candidates(theme):
    return dict(report_selectors.quote_candidates(theme=theme))


def themes_part(report):
    context = build_report_context(report)
    return next(part for part in context["parts"] if part.key == "themes").data["themes"][0]


def test_candidates_come_only_from_consenting_respondents(theme):
    texts = candidates(theme).values()
    assert texts and not any("Private words" in text for text in texts)


def test_a_final_report_prints_only_approved_quotes(report, theme, officer):
    assert themes_part(report)["quotes"] == []
    assert themes_part(report)["candidate_quotes"] == [], "a final report lists no candidates"
    answer_id, text = next(iter(candidates(theme).items()))
    quote_decide(theme=theme, answer_id=answer_id, user=officer, approve=True)
    assert themes_part(report)["quotes"] == [text]
    html = render_report_html(report)
    assert text in html.replace("&#x27;", "'")


def test_a_draft_shows_undecided_candidates_marked_as_not_approved(report, theme, officer):
    consultation = report.consultation
    consultation.closes_at = timezone.now() + timedelta(days=3)
    consultation.save()
    found = candidates(theme)
    rejected_id = next(iter(found))
    quote_decide(theme=theme, answer_id=rejected_id, user=officer, approve=False)
    part = themes_part(report)
    assert part["quotes"] == []
    assert part["candidate_quotes"] and found[rejected_id] not in part["candidate_quotes"]
    assert "Not yet approved by an officer" in render_report_html(report)


def test_a_draft_does_not_print_a_candidate_that_may_identify_a_member_of_staff(
    report, theme, monkeypatch
):
    # Nobody has checked a candidate yet, and a draft is read by more people than the officer:
    # "I am a community psychiatric nurse and have worked here for 20 years" stays off the page
    # until an officer decides on it (the Quotes page shows it with its flags).
    consultation = report.consultation
    consultation.closes_at = timezone.now() + timedelta(days=3)
    consultation.save()
    # The report's candidates for the theme (the quote chooser's pick, fixed here).
    monkeypatch.setattr(theme_selectors, "theme_quotes", lambda *, theme, max_quotes: CONSENTED[:3])
    part = themes_part(report)
    assert part["candidate_quotes"], "the other candidates are still printed"
    assert not any("psychiatric nurse" in text for text in part["candidate_quotes"])
    assert part["candidates_held_back"] == 1
    text = re.sub(r"\s+", " ", render_report_html(report))
    assert "psychiatric nurse" not in text
    assert "1 more candidate quote is not printed: it may identify someone" in text


def test_an_edited_redaction_needs_a_reason_and_is_printed_with_it_recorded(theme, officer):
    answer_id, text = next((a, t) for a, t in candidates(theme).items() if "psychiatric nurse" in t)
    with pytest.raises(QuoteError, match="Say why"):
        quote_decide(
            theme=theme, answer_id=answer_id, user=officer, approve=True, text="[role] waiting"
        )
    edited = re.sub(
        r"I am a community psychiatric nurse and have worked here for 20 years", "[role]", text
    )
    decision = quote_decide(
        theme=theme,
        answer_id=answer_id,
        user=officer,
        approve=True,
        text=edited,
        reason="Job title with years of service identifies the nurse.",
    )
    assert decision.edited and decision.original_text == text and decision.text == edited
    assert decision.decided_by == officer
    # The flags the officer saw are kept with the decision (on the printed text).
    assert all(flag["kind"] != "job_with_tenure" for flag in decision.flags)


def test_an_edit_that_reveals_more_than_the_original_is_refused(theme, officer):
    answer_id, text = next(iter(candidates(theme).items()))
    with pytest.raises(QuoteError, match="shows words"):
        quote_decide(
            theme=theme,
            answer_id=answer_id,
            user=officer,
            approve=True,
            text=text + " Ask for Dr Patel at Cedar Ward.",
            reason="Added detail",
        )
    assert not QuoteDecision.objects.exists()


def test_a_quote_from_a_non_consenting_respondent_cannot_be_approved(report, theme, officer):
    private = Answer.objects.get(text__startswith="Private words")
    with pytest.raises(QuoteError, match="cannot be quoted"):
        quote_decide(theme=theme, answer_id=private.pk, user=officer, approve=True)


def test_an_approved_quote_whose_response_is_withdrawn_drops_out_and_the_officer_is_told(
    report, theme, officer
):
    answer_id, text = next(iter(candidates(theme).items()))
    quote_decide(theme=theme, answer_id=answer_id, user=officer, approve=True)
    first = version_generate(version_id=ReportVersion.objects.create(report=report, number=1).pk)
    assert first.status == ReportVersion.Status.SUCCEEDED and first.notices == []
    # The respondent withdraws (the consultation must still be open to do so).
    consultation = report.consultation
    consultation.closes_at = timezone.now() + timedelta(days=3)
    consultation.save()
    response = Answer.objects.get(pk=answer_id).response
    response_withdraw(token=response.withdraw_link_token())
    second = version_generate(version_id=ReportVersion.objects.create(report=report, number=2).pk)
    assert second.status == ReportVersion.Status.SUCCEEDED
    assert len(second.notices) == 1 and "Waiting times" in second.notices[0]
    assert text not in render_report_html(report)
    decision = QuoteDecision.objects.get()
    assert decision.answer is None and decision.gone_at is not None
    # Told once: the next version does not repeat it.
    third = version_generate(version_id=ReportVersion.objects.create(report=report, number=3).pk)
    assert third.notices == []


def test_an_erased_response_takes_its_approved_quote_with_it(report, theme, officer):
    answer_id, text = next(iter(candidates(theme).items()))
    quote_decide(theme=theme, answer_id=answer_id, user=officer, approve=True)
    Answer.objects.get(pk=answer_id).response.delete()
    assert themes_part(report)["quotes"] == []
    version = version_generate(version_id=ReportVersion.objects.create(report=report, number=1).pk)
    assert len(version.notices) == 1


def test_the_officer_approves_and_edits_quotes_in_the_admin(client, report, theme, officer):
    client.force_login(officer)
    url = reverse("committee_reports:quotes", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Check before approving" in body and "job title with length of service" in body
    answer_id, text = next(iter(candidates(theme).items()))
    response = client.post(
        url, {"theme": theme.pk, "answer": answer_id, "action": "approve"}, follow=True
    )
    assert "Quote approved" in response.content.decode()
    assert QuoteDecision.objects.get().status == QuoteDecision.Status.APPROVED
    other_id = next(a for a in candidates(theme) if a != answer_id)
    response = client.post(
        url,
        {
            "theme": theme.pk,
            "answer": other_id,
            "action": "edit",
            "text": "Call Dr Patel now",
            "reason": "x",
        },
        follow=True,
    )
    assert "shows words the redacted quote did not" in response.content.decode()
    assert QuoteDecision.objects.count() == 1
