"""Appendix parts built from the other apps' selectors, and what each says when it has no data."""

import re

import pytest

from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from feedback.themes import selectors as theme_selectors
from tests.feedback.reports.report_factories import (
    make_consultation,
    make_workshop,
    stub_theme_summaries,
)

pytestmark = pytest.mark.django_db

THEMES = [
    {
        "name": "Waiting times",
        "description": "Time from referral to first appointment.",
        "respondents": 42,
        "total": 120,
        "share": 0.35,
        "sentiment": {"positive": 5, "neutral": 7, "negative": 30},
        "by_capacity": [
            {"key": "resident", "label": "Resident", "count": 30},
            {"key": "nhs_staff", "label": "NHS staff", "count": 9},
            {"key": "carer", "label": "Carer", "count": None, "suppressed": True},
        ],
        "by_locality": [{"key": 1, "label": "North", "count": 40}],
        "quotes": ["I waited [redacted] weeks to be seen.", "Nobody called me back."],
        "key_phrases": ["long wait", "referral"],
    },
    {
        "name": "Travel to appointments",
        "description": "",
        "respondents": 12,
        "total": 120,
        "share": 0.1,
        "sentiment": {"positive": 1, "neutral": 6, "negative": 5},
        "by_capacity": [],
        "by_locality": [],
        "quotes": [],
        "key_phrases": [],
    },
]
CAMPAIGNS = [
    {
        "group_id": "c1",
        "size": 25,
        "respondents": 25,
        "representative_text": "Save it.",
    }
]
METHOD = {
    "answers_analysed": 118,
    "non_answers": 6,
    "answers_pending": 2,
    "answers_awaiting_translation": 0,
    "campaign_answers": 25,
    "themes_accepted": 2,
    "themes_from_coding_frame": 1,
    "themes_discovered_and_accepted": 1,
    "answers_retagged": 9,
    "last_run_at": None,
}


@pytest.fixture
def report(site_with_home):
    return report_create(consultation=make_consultation())


@pytest.fixture
def with_themes(monkeypatch):
    """Stand in for feedback.themes.selectors with the documented shapes."""
    stub_theme_summaries(monkeypatch, THEMES)
    monkeypatch.setattr(
        theme_selectors, "campaign_groups", lambda *, consultation, **_options: CAMPAIGNS
    )
    monkeypatch.setattr(
        theme_selectors, "analysis_method_summary", lambda *, consultation, **_options: METHOD
    )


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_consultation_without_responses_gets_a_plain_no_data_line_in_each_part(report):
    context = build_report_context(report)
    parts = {part.key: part for part in context["parts"]}
    assert context["total_responses"] == 0
    assert not parts["who_responded"].available
    assert "No responses have been submitted" in parts["who_responded"].empty_message
    assert not parts["themes"].available
    assert "No themes have been produced" in parts["themes"].empty_message
    assert not parts["equality"].available
    assert "No equality monitoring forms" in parts["equality"].empty_message
    assert parts["how_it_ran"].available  # dates, documents and workshops need no feedback
    html = render_report_html(report)
    assert "No themes have been produced for this consultation yet." in html
    assert "No responses have been submitted." in html


def test_workshops_all_still_to_come_read_as_none_held_yet_not_zero(report):
    make_workshop(report.consultation, days_ago=-10, registered=3, attended=0)
    text = text_of(render_report_html(report))
    assert "0 workshops were held" not in text
    assert "No workshop has been held yet." in text


def test_themes_appear_in_order_with_n_of_n_sentiment_and_quotes(report, with_themes):
    text = text_of(render_report_html(report))
    assert text.index("1. Waiting times") < text.index("2. Travel to appointments")
    assert "Many respondents (42 of 120) raised waiting times" in text
    assert "Some respondents (12 of 120) raised travel to appointments" in text
    # One cross-table of every theme by sentiment, each row adding up to the theme's n.
    assert "Theme Positive Neutral Negative Total Waiting times 5 7 30 42 " in text
    # A final report prints approved quotes only, and none of these has been approved.
    assert "I waited [redacted] weeks to be seen." not in text


def test_theme_breakdowns_hide_small_groups(report, with_themes):
    text = text_of(render_report_html(report))
    capacity = text.split("Themes by capacity")[1].split("Table ")[0]
    # Carers 3 of 42: hidden, and so is the next smallest (9), or 42 - 30 - 0 would give it.
    assert capacity.startswith(" Theme Resident NHS staff Carer Not given Total ")
    assert "Waiting times 30 withheld fewer than 5 0 42" in capacity
    # Respondents in no listed group are "Not given", so each row adds up to the theme's n.
    assert "Travel to appointments 0 0 0 12 12" in capacity
    locality = text.split("Themes by locality")[1]
    assert "Waiting times withheld fewer than 5 42" in locality


def test_campaign_responses_are_reported_separately(report, with_themes):
    text = text_of(render_report_html(report))
    campaigns = text.split("Campaign responses")[1]
    assert "Campaign 1 Save it. 25" in campaigns


def test_method_states_what_was_automated_reviewed_and_retagged(report, with_themes):
    text = text_of(render_report_html(report))
    method = text.split("A7. Method and limits")[1]
    assert "analysed 118 free-text answers automatically" in method
    assert "2 themes were accepted, 1 from a coding frame" in method
    assert "9 answers were re-tagged by a person." in method
    assert "2 answers arrived after the last analysis" in method
    # Groups of fewer than 5 people are not listed as campaigns, yet count once in the themes:
    # the note used to say every campaign answer was "reported separately".
    assert "reported separately" not in method
    assert (
        "25 answers had the same or nearly the same wording as other answers: each group of "
        "them counts once in the themes, and groups from 5 or more people are listed under "
        "Campaign responses." in method
    )


def test_a_question_about_a_proposal_adds_a_themes_by_stance_table_with_small_groups_hidden(
    report, monkeypatch
):
    # Stance is in the summaries only when a question is about a proposal (themes selectors).
    stance = [{"support": 20, "oppose": 15, "mixed": 3}, {"support": 6, "oppose": 5, "mixed": 0}]
    stub_theme_summaries(
        monkeypatch,
        [{**theme, "stance": split} for theme, split in zip(THEMES, stance, strict=True)],
    )
    text = text_of(render_report_html(report))
    table = text.split("Themes by stance towards the proposal")[1].split("Table ")[0]
    # Respondents who stated no stance make up each row's n, and the rule protects the table.
    assert table.startswith(" Theme Support Oppose Mixed No stance stated Total ")
    assert "Waiting times 20 15 fewer than 5 fewer than 5 42" in table
    assert "Travel to appointments withheld withheld 0 fewer than 5 12" in table
    # It is a table of its own: the sentiment table is still there.
    assert "Theme Positive Neutral Negative Total Waiting times 5 7 30 42 " in text

    stub_theme_summaries(monkeypatch, THEMES)
    text = text_of(render_report_html(report))
    assert "Themes by stance" not in text
    assert "Theme Positive Neutral Negative Total Waiting times 5 7 30 42 " in text
