"""The Word version carries what the PDF carries: the same figures, quotes and headings."""

import io
import re
import subprocess

import docx
import pytest

from feedback.models import EqualityMonitoring
from feedback.reports import selectors as report_selectors
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_pdf
from feedback.reports.services import report_create
from feedback.reports.word import render_report_docx
from feedback.themes import selectors as theme_selectors
from tests.feedback.reports.report_factories import (
    agreement_question,
    make_consultation,
    make_responses,
    make_workshop,
    stub_theme_summaries,
)

pytestmark = pytest.mark.django_db

QUOTES = [
    "I waited eleven weeks to be seen, and nobody told me why.",
    "The new clinic is closer to home and the staff listen.",
]
THEMES = [
    {
        "id": 1,
        "name": "Waiting times",
        "description": "Time from referral to first appointment.",
        "respondents": 42,
        "total": 120,
        "share": 0.35,
        "sentiment": {"positive": 5, "neutral": 7, "negative": 30},
        # A question about a proposal: the themes split by stance too.
        "stance": {"support": 19, "oppose": 14, "mixed": 6},
        "by_capacity": [
            {"key": "resident", "label": "Resident", "count": 31},
            {"key": "nhs_staff", "label": "NHS staff", "count": 11},
        ],
        "by_locality": [{"key": 1, "label": "North", "count": 40}],
        "quotes": QUOTES,
        "key_phrases": ["long wait", "referral"],
    }
]
CAMPAIGNS = [
    {"group_id": "c1", "size": 25, "respondents": 23, "representative_text": "Save our clinic."}
]
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
PAGE_FOOTER = re.compile(r"Page \d+ of \d+")


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return PAGE_FOOTER.sub(" ", result.stdout.decode("utf-8"))


def docx_text(content):
    """Every paragraph and table cell of the Word file, in order."""
    document = docx.Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts), document


@pytest.fixture
def report(site_with_home, monkeypatch):
    consultation = make_consultation()
    make_workshop(consultation, registered=7, attended=6)
    question = agreement_question(consultation)
    make_responses(
        consultation,
        [
            (17, {"capacity": "resident", "channel": "online"}),
            (6, {"capacity": "nhs_staff", "channel": "paper"}),
            (2, {"capacity": "carer", "channel": "email"}),
        ],
        question=question,
    )
    for sex in ["female"] * 8 + ["male"] * 6 + ["intersex"]:
        EqualityMonitoring.objects.create(
            consultation=consultation, submitted_month="2026-10-01", sex=sex
        )
    stub_theme_summaries(monkeypatch, THEMES)
    # An officer has approved the theme's quotes (only approved quotes are printed as such).
    monkeypatch.setattr(
        report_selectors,
        "quotes_for_report",
        lambda *, consultation: {1: {"approved": list(QUOTES), "decided": set(QUOTES)}},
    )
    monkeypatch.setattr(theme_selectors, "campaign_groups", lambda *, consultation: CAMPAIGNS)
    return report_create(consultation=consultation)


def test_word_and_pdf_carry_the_same_figures_quotes_and_headings(report):
    context = build_report_context(report)
    pdf = pdf_text(render_report_pdf(report, context=context).content)
    word, document = docx_text(render_report_docx(report, context=context))

    pdf_figures = set(FIGURE.findall(pdf))
    word_figures = set(FIGURE.findall(word))
    # 42 respondents (35%), 30 of them negative; 31 residents; 23 and 17 responses (68%).
    assert {"42", "35%", "30", "31", "23", "17", "68%"} <= pdf_figures
    assert pdf_figures == word_figures, (
        f"only in the PDF: {sorted(pdf_figures - word_figures)}; "
        f"only in Word: {sorted(word_figures - pdf_figures)}"
    )
    for quote in QUOTES:
        assert quote in squash(pdf)
        assert quote in squash(word)
    for text in (squash(pdf), squash(word)):
        assert "time from referral to first appointment" in text
    assert "Campaign 1" in word and "Save our clinic." in word
    assert "Themes by sentiment of comments" in word
    # The themes' cross-tables are Word tables too, with their groups in a real header row.
    first_rows = {
        tuple(cell.text for cell in table.rows[0].cells): table for table in document.tables
    }
    sentiment = first_rows[("Theme", "Positive", "Neutral", "Negative", "Total")]
    assert sentiment.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert [cell.text for cell in sentiment.rows[1].cells] == [
        "Waiting times",
        "5",
        "7",
        "30",
        "42",
    ]
    assert ("Theme", "Resident", "NHS staff", "Total") in first_rows
    # The stance table, in both: 3 of 42 stated no stance, so that cell and one more are hidden.
    stance = first_rows[("Theme", "Support", "Oppose", "Mixed", "No stance stated", "Total")]
    assert [cell.text for cell in stance.rows[1].cells] == [
        "Waiting times",
        "19",
        "14",
        "withheld",
        "fewer than 5",
        "42",
    ]
    for text in (squash(pdf), squash(word)):
        assert "Themes by stance towards the proposal" in text

    headings = {p.text for p in document.paragraphs if p.style.name.startswith("Heading")}
    for heading in ("Summary", "Headline figures", "A4. What people told us: themed findings"):
        assert heading in headings
    assert any(h.startswith("A8. Detailed tables") for h in headings)
    # Every table's first row is a header row Word repeats on each page.
    header_tables = [
        table
        for table in document.tables
        if table.rows[0]._tr.trPr is not None
        and table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    ]
    assert len(header_tables) >= 10
