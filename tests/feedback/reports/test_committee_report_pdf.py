"""The committee report PDF: format headings, figures from the database, privacy, tagging."""

import io
import re
import subprocess

import pytest
from django.db import transaction
from pypdf import PdfReader

from feedback.models import EqualityMonitoring, Response
from feedback.reports.rendering import render_report_html, render_report_pdf
from feedback.reports.services import report_create
from home import demo as home_demo
from tests.feedback.reports.report_factories import (
    agreement_question,
    make_consultation,
    make_responses,
    make_workshop,
)

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"\b0\d{3,4}\s?\d{3}\s?\d{3,4}\b")


def pdf_text(content):
    """The PDF's text as pdftotext lays it out (what a reader or screen reader gets)."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squash(text):
    """Collapse whitespace so phrases wrapped across lines still match."""
    return re.sub(r"\s+", " ", text)


def build_report():
    """A consultation with workshops, responses of every kind, equality forms and a report."""
    home_demo.load_pages()
    consultation = make_consultation()
    make_workshop(consultation, registered=7, attended=5)
    question = agreement_question(consultation)
    borough = consultation.boroughs.get()
    north = borough.localities.get(name="North")
    make_responses(
        consultation,
        [
            (
                9,
                {
                    "capacity": "resident",
                    "channel": "online",
                    "borough": borough,
                    "locality": north,
                },
            ),
            (3, {"capacity": "nhs_staff", "channel": "paper", "borough": borough}),
            (
                1,
                {
                    "capacity": "vcse",
                    "channel": "email",
                    "organisation_name": "Exampleton Wellbeing Network",
                    "respondent_email": "private.person@example.org",
                    "respondent_name": "Private Person",
                },
            ),
        ],
        question=question,
    )
    # Not counted: drafts.
    make_responses(consultation, [(2, {"capacity": "carer"})])
    Response.objects.filter(capacity="carer").update(status=Response.Status.DRAFT)
    for sex in ["female"] * 6 + ["male"] * 2:
        EqualityMonitoring.objects.create(
            consultation=consultation, submitted_month="2026-10-01", sex=sex
        )
    return report_create(
        consultation=consultation,
        council_name="Example Borough Council",
        report_to="Health Scrutiny Committee",
        responsible_director="Dana Director",
        values=[("value", {"value": "Doing things with residents", "alignment": "Co-produced."})],
        sections=[
            (
                "section",
                {"title": "Background", "body": "<p>Why we consulted.</p><p>What changed.</p>"},
            ),
            ("section", {"title": "The proposal", "body": "<p>Three teams.</p>"}),
        ],
    )


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Build the data and render the PDF once for the module (rendering takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = build_report()
        rendered = render_report_pdf(report)
        yield report, rendered
        transaction.set_rollback(True)


@pytest.fixture
def report(built):
    return built[0]


@pytest.fixture
def rendered(built):
    return built[1]


def test_pdf_has_every_heading_of_the_council_format(rendered):
    text = squash(pdf_text(rendered.content))
    for heading in [
        "Example Borough Council",
        "Report to:",
        "Date:",
        "Subject:",
        "Report of:",
        "Responsible Director:",
        "Summary",
        "Recommendations",
        "Wards Affected",
        "Our values",
        "Contact Officer(s)",
        "Background Papers Used in Preparing This Report",
        "1. Background",
        "1.1 Why we consulted.",
        "1.2 What changed.",
        "2. The proposal",
        "2.1 Three teams.",
        "List of Appendices",
        "Appendix 1: Consultation summary",
        "A1. How the consultation ran",
        "A2. Who responded",
        "A3. Results of the closed questions",
        "A4. What people told us: themed findings",
        "A5. Equality monitoring",
        "A6. You said, we did, and next steps",
        "A7. Method and limits",
    ]:
        assert heading in text, heading


def test_pdf_numbers_match_the_database(report, rendered):
    text = squash(pdf_text(rendered.content))
    submitted = Response.objects.filter(
        consultation=report.consultation, status=Response.Status.SUBMITTED
    ).count()
    assert submitted == 13
    assert f"Responses submitted {submitted}" in text
    # Channels: 9 online, 3 paper, 1 email; shares of 13.
    assert "Online 9 (69%)" in text
    # The workshop: 7 registered, 5 attended.
    assert "1 workshop was held, with 5 recorded attendances." in text
    # The agreement question: all 13 chose the first option.
    assert "13 people answered this question." in text
    assert "Strongly agree 13 (100%)" in text
    assert "Parkview, Riverside" in text
    assert f"Page 1 of {rendered.page_count}" in text


def test_small_groups_are_shown_as_fewer_than_5(rendered):
    text = squash(pdf_text(rendered.content))
    # 9 residents are shown; 3 NHS staff and 1 VCSE response are not.
    assert "Resident 9 (69%)" in text
    assert "NHS staff fewer than 5" in text
    assert "NHS staff 3" not in text
    # Equality monitoring: 6 female shown, 2 male suppressed.
    assert "Female 6" in text
    assert "Male fewer than 5" in text
    assert "Male 2" not in text


def test_who_did_not_respond_lists_small_and_missing_groups(rendered):
    text = squash(pdf_text(rendered.content))
    section = text.split("Who we heard little or nothing from")[1]
    assert "Carer" in section  # only drafts from carers: not heard from
    # A locality with no responses, named as in the tables (no other borough has a South).
    assert "South (none)" in section


def test_respondent_identity_never_appears(rendered):
    text = pdf_text(rendered.content)
    assert "private.person@example.org" not in text
    assert "Private Person" not in text
    emails = set(EMAIL.findall(text))
    # The only email is the named contact officer's, which the council's format requires.
    assert emails == {"casey.officer@example.org"}
    assert set(PHONE.findall(text)) == {"01632 960123"}


def test_organisations_that_responded_are_named(rendered):
    assert "Exampleton Wellbeing Network" in pdf_text(rendered.content)


def test_pdf_is_tagged_with_title_and_language(report, rendered):
    reader = PdfReader(io.BytesIO(rendered.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] in (True, "true")
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == f"{report.subject}: {report.report_to}"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4


def test_pdf_has_bookmarks_for_sections(rendered):
    reader = PdfReader(io.BytesIO(rendered.content))

    def titles(outline):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    bookmarks = list(titles(reader.outline))
    assert "Summary" in bookmarks
    assert "1. Background" in bookmarks
    assert any(title.startswith("Appendix 1") for title in bookmarks)
    assert "A2. Who responded" in bookmarks


def test_pdf_structure_has_headings_tables_and_figures_with_alt_text(rendered):
    reader = PdfReader(io.BytesIO(rendered.content))
    tags = set()
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                tags.add(node["/S"])
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= tags
    assert alts and all(alt.strip() for alt in alts)


def test_every_chart_has_title_desc_and_a_table_of_the_same_data(report):
    html = render_report_html(report)
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert charts
    for chart in charts:
        assert 'role="img"' in chart
        assert "<title" in chart and "<desc" in chart
    # Every chart sits next to a table.
    assert html.count("<table") > len(charts)


def test_report_says_when_its_figures_were_computed(report):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/London"))
    text = squash(pdf_text(render_report_pdf(report, now=moment).content))
    assert "calculated from the data held on 20 November 2026 at 09:30" in text


def test_excluded_parts_are_left_out(report):
    report.include_equality = False
    report.include_themes = False
    report.save()
    text = squash(pdf_text(render_report_pdf(report).content))
    assert "Equality monitoring" not in text
    assert "themed findings" not in text
    assert "A4. You said, we did, and next steps" in text


def test_wards_default_to_all_when_the_consultation_has_none(site_with_home):
    consultation = make_consultation(slug="no-wards", wards=False)
    report = report_create(consultation=consultation)
    assert "<p>All</p>" in render_report_html(report)
