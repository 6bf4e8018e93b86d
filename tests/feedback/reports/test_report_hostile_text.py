"""A control character stored in a quote (before input was cleaned) leaves every report working."""

import pytest

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
    stub_theme_summaries,
)
from tests.feedback.reports.test_report_word_parity import THEMES, docx_text, pdf_text, squash

pytestmark = pytest.mark.django_db

QUOTE = "Bad\x01 news\x1b[31m in red\x7f, told\x0b twice."


@pytest.fixture
def report(site_with_home, monkeypatch):
    consultation = make_consultation()
    question = agreement_question(consultation)
    make_responses(consultation, [(17, {"capacity": "resident"})], question=question)
    themes = [{**THEMES[0], "quotes": [QUOTE]}]
    stub_theme_summaries(monkeypatch, themes)
    monkeypatch.setattr(
        report_selectors,
        "quotes_for_report",
        lambda *, consultation: {1: {"approved": [QUOTE], "decided": {QUOTE}}},
    )
    monkeypatch.setattr(theme_selectors, "campaign_groups", lambda *, consultation: [])
    return report_create(consultation=consultation)


def test_a_control_character_in_a_quote_leaves_word_and_pdf_working(report):
    context = build_report_context(report)
    word = squash(docx_text(render_report_docx(report, context=context))[0])
    pdf = squash(pdf_text(render_report_pdf(report, context=context).content))
    assert "Bad news[31m in red, told twice." in word
    assert "Bad news[31m in red, told twice." in pdf
