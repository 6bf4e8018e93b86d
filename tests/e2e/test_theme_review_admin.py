"""An officer reviews a consultation's themes in the Wagtail admin and re-tags an answer."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import ConsultationIndexPage, ConsultationPage
from engage import roles
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.themes import runs, services
from feedback.themes.models import AnalysisRun, AnswerTheme, Theme
from feedback.themes.roles import ensure_theme_permissions
from tests.e2e.a11y import assert_no_axe_violations
from tests.e2e.accounts import sign_in
from tests.feedback.themes.examples import PARKING, PHONE, WAITING

pytestmark = pytest.mark.django_db(transaction=True)


def make_analysed_consultation(site):
    """A consultation with 14 answers, a coding frame of one theme, and a discovery run."""
    index = ConsultationIndexPage(title="Consultations", slug="consultations-themes-e2e")
    site.root_page.add_child(instance=index)
    now = timezone.now()
    consultation = ConsultationPage(
        title="Community mental health support",
        slug="community-mental-health-e2e",
        summary="What should change.",
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
    )
    index.add_child(instance=consultation)
    section = QuestionSection.objects.create(
        questionnaire=Questionnaire.objects.create(consultation=consultation), title="Your views"
    )
    question = Question.objects.create(
        section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?", sort_order=0
    )
    for text in PARKING + PHONE + WAITING:
        response = Response.objects.create(
            consultation=consultation,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            consent_to_quote=True,
        )
        Answer.objects.create(response=response, question=question, text=text)
    services.theme_create(
        consultation=consultation,
        name="Waiting times",
        keywords=["waiting list", "waiting times", "waited"],
        user=None,
    )
    runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.DISCOVERY, max_themes=2)
    return consultation


def test_officer_reviews_themes_and_retags_an_answer(page, site_with_home, make_user):
    ensure_theme_permissions()
    make_user("editor@example.org", group=roles.CONSULTATION_EDITORS, password="a-long-password-1")
    consultation = make_analysed_consultation(site_with_home)
    waiting = Theme.objects.get(name="Waiting times")
    proposal = Theme.objects.filter(status=Theme.Status.PROPOSED).order_by("name").first()
    assert proposal is not None

    sign_in(page, "editor@example.org", "a-long-password-1")

    # The list of consultations to review.
    page.goto("/admin/themes/")
    link = page.get_by_role("link", name=consultation.title)
    expect(link).to_be_visible()
    assert_no_axe_violations(page)

    # The consultation's themes, with "n of N" counts of respondents.
    link.click()
    expect(page.get_by_role("heading", name="Themes in the coding frame")).to_be_visible()
    card = page.locator("article", has=page.get_by_role("link", name="Waiting times"))
    expect(card.get_by_text("2 of 14 respondents")).to_be_visible()
    expect(page.get_by_role("heading", name="Proposed themes to review")).to_be_visible()
    expect(page.get_by_role("link", name=proposal.name).first).to_be_visible()
    assert_no_axe_violations(page)

    # A proposal's own screen (accept, merge, split and drop forms).
    page.get_by_role("link", name=proposal.name).first.click()
    expect(page.get_by_role("button", name="Accept into the coding frame")).to_be_visible()
    assert_no_axe_violations(page)

    # A coding-frame theme's screen: its answers, and re-tagging one of them.
    page.goto("/admin/themes/")
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_role("link", name="Waiting times").click()
    expect(page.get_by_role("heading", name="Answers in this theme")).to_be_visible()
    expect(page.get_by_text("2 of 14 respondents")).to_be_visible()
    assert_no_axe_violations(page)

    tagged = waiting.answer_tags.filter(is_rejected=False).order_by("answer_id").first().answer
    reference = tagged.response.reference
    page.get_by_role("link", name=f"Re-tag answer {reference}").click()
    expect(page.get_by_role("heading", name="Themes", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # Add the proposal to this answer, then remove "Waiting times" from it.
    page.get_by_label("Add a theme").select_option(label=proposal.name)
    page.get_by_role("button", name="Add theme").click()
    expect(page.get_by_text("(added by a person)")).to_be_visible()
    page.get_by_role("button", name="Remove “Waiting times”").click()
    expect(page.locator("del", has_text="Waiting times")).to_be_visible()
    assert_no_axe_violations(page)

    added = AnswerTheme.objects.get(answer=tagged, theme=proposal)
    removed = AnswerTheme.objects.get(answer=tagged, theme=waiting)
    assert added.source == removed.source == AnswerTheme.Source.MANUAL
    assert not added.is_rejected and removed.is_rejected

    # The overview now counts one respondent fewer for "Waiting times".
    page.goto(f"/admin/themes/consultation/{consultation.pk}/")
    card = page.locator("article", has=page.get_by_role("link", name="Waiting times"))
    expect(card.get_by_text("1 of 14 respondents")).to_be_visible()
    assert_no_axe_violations(page)
