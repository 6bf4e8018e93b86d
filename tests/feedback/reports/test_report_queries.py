"""Building a report's figures takes a fixed number of queries, however many people responded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.reports.context import build_report_context
from feedback.reports.services import report_create
from tests.feedback.reports.bulk_data import THEMES, add_responses, make_consultation

pytestmark = pytest.mark.django_db

# Everything in Appendix 1 for a consultation with closed questions, themes and equality forms.
# Includes the theme-set checks in the method note (1 query: the theme figures are shared with
# the themes part), the written answers by language with those awaiting translation, and
# whether a question asks about a proposal (1 query: then the themes split by stance).
MAX_QUERIES = 64


def test_report_context_queries_do_not_grow_with_the_number_of_responses(site_with_home):
    data = make_consultation("queries-test", "Counting queries")
    report = report_create(consultation=data.consultation)
    add_responses(data, count=10)
    with CaptureQueriesContext(connection) as few:
        context = build_report_context(report)
    assert context["total_responses"] == 10

    add_responses(data, count=190, start=10)
    with CaptureQueriesContext(connection) as many:
        context = build_report_context(report)

    assert context["total_responses"] == 200
    assert len(many) <= len(few) <= MAX_QUERIES
    parts = {part.key: part for part in context["parts"]}
    # The figures are real: every theme is there, and the closed questions count every answer.
    assert len(parts["themes"].data["themes"]) == len(THEMES)
    agree = parts["question_results"].data["questions"][0]
    assert agree["answered"] == 200
    assert sum(row["count"] for row in agree["rows"]) == 200
