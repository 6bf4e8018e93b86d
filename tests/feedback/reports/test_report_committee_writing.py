"""The report as a committee reads it: headline figures first, a finding per theme, tables last."""

import re

import pytest
from django.utils import timezone

from feedback.reports import selectors as report_selectors
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from feedback.reports.wording import BANDS
from tests.feedback.reports.report_factories import (
    make_consultation,
    make_responses,
    stub_theme_summaries,
)

pytestmark = pytest.mark.django_db

THEMES = [
    {
        "id": 1,
        "name": "Waiting times",
        "description": "Time from referral to first appointment.",
        "respondents": 70,
        "total": 120,
        "share": 0.5833,
        "sentiment": {"positive": 10, "neutral": 15, "negative": 45},
        "by_capacity": [{"key": "resident", "label": "Resident", "count": 70}],
        "by_locality": [],
        "quotes": ["I waited weeks to be seen.", "Nobody called me back."],
        "key_phrases": ["long wait"],
    },
    {
        "name": "GP practices",
        "description": "",
        "respondents": 30,
        "total": 120,
        "share": 0.25,
        "sentiment": {"positive": 20, "neutral": 6, "negative": 4},
        "by_capacity": [],
        "by_locality": [],
        "quotes": [],
        "key_phrases": [],
    },
    {
        "name": "Parking",
        "description": "",
        "respondents": 6,
        "total": 120,
        "share": 0.05,
        "sentiment": {},
        "by_capacity": [],
        "by_locality": [],
        "quotes": [],
        "key_phrases": [],
    },
]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def report(site_with_home, monkeypatch):
    consultation = make_consultation()
    make_responses(
        consultation,
        # Groups of 5 or more, so that the suppression rule hides nothing in the headline.
        [(9, {"capacity": "resident", "channel": "online"}), (6, {"channel": "paper"})],
    )
    stub_theme_summaries(monkeypatch, THEMES)
    # An officer has approved the theme's quotes (only approved quotes are printed as such).
    monkeypatch.setattr(
        report_selectors,
        "quotes_for_report",
        lambda *, consultation: {
            1: {"approved": list(THEMES[0]["quotes"]), "decided": set(THEMES[0]["quotes"])}
        },
    )
    return report_create(consultation=consultation)


def test_summary_leads_with_headline_figures_before_the_officers_text(report):
    text = text_of(render_report_html(report))
    summary = text.split("Summary", 1)[1].split("Recommendations", 1)[0]
    headline = summary.split("This report summarises")[0]
    assert "15 responses were submitted." in headline
    assert "How people took part: online: 9 (60%) and paper: 6 (40%)." in headline
    assert "120 people gave written answers that could be analysed." in headline
    assert "Most respondents (70 of 120) raised waiting times." in headline
    assert "Many respondents (30 of 120) raised gP practices." not in headline  # acronyms kept
    assert "Many respondents (30 of 120) raised GP practices." in headline
    assert "A few respondents (6 of 120) raised parking." in headline


def test_each_theme_opens_with_a_finding_then_its_quotes(report):
    text = text_of(render_report_html(report))
    themes = text.split("1. Waiting times", 1)[1]
    finding = (
        "Most respondents (70 of 120) raised waiting times: time from referral to first "
        "appointment. Of these 70, the comments were 45 negative, 15 neutral and 10 positive "
        "in tone. Typical comments follow."
    )
    assert themes.startswith(" " + finding)
    assert themes.index(finding) < themes.index("I waited weeks to be seen.")
    # The same words for the same share in the headline and in the finding.
    assert text.count("Most respondents (70 of 120) raised waiting times") == 2


def test_the_method_note_defines_the_bands_the_report_uses(report):
    method = text_of(render_report_html(report)).split("Method and limits")[-1]
    for band in BANDS:
        assert f"“{band.word}” means {band.definition}" in method


def test_detailed_tables_close_the_appendix_and_are_referred_to(report):
    context = build_report_context(report)
    parts = context["parts"]
    assert parts[-1].key == "detailed_tables"
    assert parts[-1].number == len(parts)
    captions = [table["caption"] for table in parts[-1].data["tables"]]
    assert {"Themes by sentiment of comments", "Themes by capacity"} <= set(captions)
    assert "Responses by channel" in captions
    text = text_of(render_report_html(report))
    last_part = text.split(f"A{len(parts)}. Detailed tables")[1]
    assert "Table 1: Responses by channel" in last_part
    # A theme's own section names its tables rather than printing them.
    waiting = text.split("1. Waiting times")[1].split("2. GP practices")[0]
    assert "Negative 45" not in waiting
    assert re.search(r"Detail: Tables \d+(, \d+)+ \(A\d+\)", waiting)


def test_you_said_we_did_is_in_the_body_only_when_an_outcome_exists(report):
    html = render_report_html(report)
    assert "You said, we did</h3>" not in html
    consultation = report.consultation
    consultation.outcome_heard = "<p>Waiting times were too long.</p>"
    consultation.outcome_decided = "<p>We will add two clinics.</p>"
    consultation.outcome_published_at = timezone.now()
    consultation.save()
    report.refresh_from_db()
    text = text_of(render_report_html(report))
    body = text.split("Recommendations")[0]
    assert "You said, we did You said Waiting times were too long." in body
    assert "We did, and next steps We will add two clinics." in body


def test_without_the_method_note_the_themes_part_states_the_bands_itself(report):
    report.include_method = False
    report.save()
    text = text_of(render_report_html(report))
    themes = text.split("What people told us: themed findings")[-1]
    assert "“most” means more than half" in themes
