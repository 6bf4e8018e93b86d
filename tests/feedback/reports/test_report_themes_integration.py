"""Themed findings in the PDF from the real theme analysis: consent, redaction, n of N."""

import re
import subprocess

import pytest

from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.reports.rendering import render_report_pdf
from feedback.reports.selectors import quote_candidates
from feedback.reports.services import quote_decide, report_create
from feedback.themes import runs as theme_runs
from feedback.themes import services as theme_services
from feedback.themes.models import AnalysisRun, Theme
from tests.feedback.reports.report_factories import make_consultation

pytestmark = pytest.mark.django_db

CONSENTED = [
    "I waited four months for my first appointment and heard nothing at all.",
    "The waiting list is far too long, call me on 01632 960555 about it.",
    "My son waited weeks after the referral before anyone phoned him back.",
    "Waiting so long made my anxiety worse; email sam.respondent@example.org please.",
    "We waited and waited while the crisis team kept passing us around.",
    "The wait between assessment and therapy felt endless for our family.",
]
NOT_CONSENTED = [
    "Private words: the waiting was unbearable and nobody explained the delay.",
    "Private words again: I waited so long that I gave up on the service entirely.",
]


def pdf_text(content):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


@pytest.fixture
def analysed(site_with_home, make_user):
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
                capacity=Response.Capacity.RESIDENT,
                consent_to_quote=consent,
            )
            Answer.objects.create(response=response, question=question, text=text)
    officer = make_user("officer@example.org", group="Consultation editors")
    theme_services.theme_create(
        consultation=consultation,
        name="Waiting times",
        description="How long people wait.",
        keywords=["waiting", "wait", "waited"],
        user=officer,
    )
    theme_runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)
    return report_create(consultation=consultation)


def test_themed_findings_quote_only_consenting_respondents_with_details_removed(analysed):
    # A final report prints the quotes an officer approved: approve every candidate.
    theme = Theme.objects.get(consultation=analysed.consultation)
    for answer_id, _text in quote_candidates(theme=theme):
        quote_decide(theme=theme, answer_id=answer_id, user=None, approve=True)
    text = pdf_text(render_report_pdf(analysed).content)
    assert "1. Waiting times" in text
    assert "Most respondents (8 of 8) raised waiting times" in text
    assert "Private words" not in text
    # Some consented quotes appear, and never with the respondent's own contact details.
    assert "Typical comments follow." in text
    assert "sam.respondent@example.org" not in text
    assert "01632 960555" not in text
    assert set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", text)) == {"casey.officer@example.org"}


def test_method_reports_the_automated_analysis(analysed):
    text = pdf_text(render_report_pdf(analysed).content)
    method = text.split("A7. Method and limits")[1]
    assert "The platform analysed 8 free-text answers automatically." in method
    assert "0 answers were re-tagged by a person." in method
    # The theme-set checks stand in the method note: one theme holds every respondent.
    assert "Checks on the set of themes" in method
    assert "holds 100% of respondents" in " ".join(method.split())
