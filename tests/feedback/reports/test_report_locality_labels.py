"""Every table of places in the report (PDF and Word) and the admin tells same-named
localities in different boroughs apart, and still hides small groups."""

import pytest

from consultations.models import Borough, Locality
from feedback import selectors as feedback_selectors
from feedback.models import Answer, Question, Questionnaire, QuestionSection, Response
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_pdf
from feedback.reports.services import report_create
from feedback.reports.word import render_report_docx
from feedback.themes import runs as theme_runs
from feedback.themes import selectors as theme_selectors
from feedback.themes import services as theme_services
from feedback.themes.models import AnalysisRun
from tests.feedback.reports.report_factories import make_consultation, make_responses
from tests.feedback.reports.test_report_word_parity import docx_text, pdf_text, squash

pytestmark = pytest.mark.django_db

EXAMPLETON_NORTH = "North (Exampleton)"
OTHERTON_NORTH = "North (Otherton)"


def _two_norths():
    """A consultation covering two boroughs that each have a locality called North."""
    consultation = make_consultation(slug="two-norths")
    exampleton = Borough.objects.get(name="Exampleton")
    otherton = Borough.objects.create(name="Otherton", slug="otherton")
    other_north = Locality.objects.create(borough=otherton, name="North")
    consultation.boroughs.add(otherton)
    consultation.localities.add(other_north)
    consultation.save()
    places = {
        "exampleton_north": (exampleton, Locality.objects.get(borough=exampleton, name="North")),
        "otherton_north": (otherton, other_north),
        "south": (exampleton, Locality.objects.get(borough=exampleton, name="South")),
    }
    return consultation, places


def _place(places, key):
    borough, locality = places[key]
    return {"borough": borough, "locality": locality}


@pytest.fixture
def report(site_with_home):
    consultation, places = _two_norths()
    make_responses(
        consultation,
        [
            (12, _place(places, "exampleton_north")),
            (9, _place(places, "otherton_north")),
            (3, _place(places, "south")),
        ],
    )
    return report_create(consultation=consultation)


def _locality_rows(context):
    parts = {part.key: part for part in context["parts"]}
    breakdowns = {b["heading"]: b for b in parts["who_responded"].data["breakdowns"]}
    return {row["label"]: row for row in breakdowns["Responses by locality"]["rows"]}


def test_by_locality_table_has_one_row_per_locality_named_with_its_borough_where_shared(report):
    context = build_report_context(report)
    rows = _locality_rows(context)

    # Two rows for the two Norths (not one "North" of 21), and South needs no borough.
    assert set(rows) == {EXAMPLETON_NORTH, OTHERTON_NORTH, "South"}
    assert rows[EXAMPLETON_NORTH]["count"] == 12
    # Suppression still applies row by row: South (3) is hidden, and since the total (24)
    # is printed, the next smallest is withheld so that South cannot be worked out.
    assert rows["South"]["count"] is None
    assert rows["South"]["display"] == "fewer than 5"
    assert rows[OTHERTON_NORTH]["count"] is None
    assert rows[OTHERTON_NORTH]["display"] == "withheld"
    parts = {part.key: part for part in context["parts"]}
    assert "South (fewer than 5)" in parts["who_responded"].data["few_or_none"]


def test_pdf_and_word_print_both_norths_apart(report):
    context = build_report_context(report)
    pdf = squash(pdf_text(render_report_pdf(report, context=context).content))
    word, _document = docx_text(render_report_docx(report, context=context))
    word = squash(word)
    for text in (pdf, word):
        assert EXAMPLETON_NORTH in text
        assert OTHERTON_NORTH in text
        assert "North (Exampleton) 12" in text
        assert "North 21" not in text


def test_admin_summary_counts_each_north_on_its_own(report):
    rows = feedback_selectors.response_counts_by(
        consultation=report.consultation, field="locality__name"
    )
    assert {(row["label"], row["count"]) for row in rows} == {
        (EXAMPLETON_NORTH, 12),
        (OTHERTON_NORTH, 9),
        ("South", 3),
    }


def test_theme_breakdown_by_locality_tells_the_norths_apart(site_with_home, make_user):
    consultation, places = _two_norths()
    questionnaire = Questionnaire.objects.create(consultation=consultation)
    section = QuestionSection.objects.create(questionnaire=questionnaire, title="Your views")
    question = Question.objects.create(
        section=section, kind=Question.Kind.LONG_TEXT, text="What could be better?"
    )
    for key, count in (("exampleton_north", 6), ("otherton_north", 7)):
        for index in range(count):
            response = Response.objects.create(
                consultation=consultation,
                status=Response.Status.SUBMITTED,
                consent_to_quote=True,
                **_place(places, key),
            )
            Answer.objects.create(
                response=response,
                question=question,
                text=f"I waited {index + 2} months for a first appointment, far too long a wait.",
            )
    theme_services.theme_create(
        consultation=consultation,
        name="Waiting times",
        description="How long people wait.",
        keywords=["waiting", "wait", "waited"],
        user=make_user("officer@example.org", group="Consultation editors"),
    )
    theme_runs.analysis_run_sync(consultation=consultation, kind=AnalysisRun.Kind.FULL)

    (summary,) = theme_selectors.theme_summaries(consultation=consultation)
    cells = {cell["label"]: cell["count"] for cell in summary["by_locality"]}
    assert cells == {EXAMPLETON_NORTH: 6, OTHERTON_NORTH: 7}

    report = report_create(consultation=consultation)
    context = build_report_context(report)
    pdf = squash(pdf_text(render_report_pdf(report, context=context).content))
    word = squash(docx_text(render_report_docx(report, context=context))[0])
    for text in (pdf, word):
        assert "North (Exampleton) 6" in text
        assert "North (Otherton) 7" in text
