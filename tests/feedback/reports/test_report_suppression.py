"""Every table of a generated report is audited: no hidden count can be worked out.

The report is built while recording every table that goes through the suppression rule (with
its true counts and the total it counts against). The context is then walked: every table of
people in it must have been through the rule, the "who responded" tables must be protected
against the printed number of responses (they share it), and an independent brute-force
auditor (tests/feedback/analysis/test_analysis_suppression.py) must find no hidden cell of one
or more people whose count is the only one possible.
"""

import importlib

import pytest

from consultations.models import ConsultationPage
from feedback import selectors as feedback_selectors
from feedback.analysis import suppression
from feedback.models import EqualityMonitoring
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from home import demo as home_demo
from tests.feedback.analysis.test_analysis_suppression import disclosed, grid_disclosed
from tests.feedback.reports.report_factories import (
    agreement_question,
    make_consultation,
    make_responses,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(monkeypatch):
    """Every table protected while building a report: (input rows, total, options, result)."""
    tables = []
    real = feedback_selectors.protected_rows

    def recording(rows, *, total=None, additive=True, hide_zero=False):
        rows = [dict(row) for row in rows]
        result = real(rows, total=total, additive=additive, hide_zero=hide_zero)
        tables.append(
            {
                "counts": [row["count"] or 0 for row in rows],
                "total": total,
                "additive": additive,
                "hide_zero": hide_zero,
                "result": result,
            }
        )
        return result

    monkeypatch.setattr(feedback_selectors, "protected_rows", recording)
    return tables


@pytest.fixture
def grids(monkeypatch):
    """Every cross-table protected while building a report: its true counts and the result."""
    recorded = []
    real = suppression.protect_grid

    def recording(counts, **options):
        result = real(counts, **options)
        recorded.append({"counts": dict(counts), "options": options, "result": result})
        return result

    monkeypatch.setattr(suppression, "protect_grid", recording)
    return recorded


def audit_grids(context, grids):
    """Fail if a hidden figure of any cross-table (cells, row totals, column totals, grand
    total) can be worked out from everything it prints (the LP auditor), or if a theme's
    figures in the cross-tables and elsewhere (its "n", its finding) disagree."""
    checked = 0
    for recorded in grids:
        grid = recorded["result"]
        if grid.withheld:
            continue
        assert not grid_disclosed(grid), recorded["counts"]
        checked += 1
    themes = next((part for part in context["parts"] if part.key == "themes"), None)
    tables = context["parts"][-1].data.get("tables", []) if context["parts"] else []
    sizes = {}
    if themes and themes.data.get("themes"):
        sizes = {theme["name"]: theme["n_display"] for theme in themes.data["themes"]}
    for table in tables:
        if not table.get("grid"):
            continue
        for row in table["grid_rows"]:
            # The row total is the theme's "n", printed (or hidden) the same way everywhere.
            assert row["total"]["display"] == sizes[row["label"]], (table["caption"], row)
    return checked


def people_tables(context):
    """(where, rows) for every table of counted people in a report context."""
    for part in context["parts"]:
        data = part.data
        if part.key == "how_it_ran":
            yield "channel", data["channel_rows"]
        elif part.key == "who_responded":
            for breakdown in data["breakdowns"]:
                yield breakdown["heading"], breakdown["rows"]
        elif part.key == "question_results":
            for question in data["questions"]:
                yield question["text"], question["rows"]
        elif part.key == "themes":
            for theme in data["themes"]:
                yield f"{theme['name']} sentiment", theme["sentiment"]
        elif part.key == "equality":
            for group in data["groups"]:
                yield group["heading"], group["rows"]
        elif part.key == "detailed_tables":
            # The numbered tables at the end of the appendix, where the charts' figures are.
            for table in data["tables"]:
                yield f"Table {table['number']}: {table['caption']}", table["rows"]


def audit(context, tables):
    """Fail if any table escaped the rule or any hidden cell of a table can be worked out."""
    for where, rows in people_tables(context):
        for row in rows:
            assert "status" in row, f"{where}: a row did not go through the suppression rule"
            if row["status"] != "shown":
                assert row["count"] is None and row["percentage"] is None, where
                assert row["display"] in ("fewer than 5", "withheld"), where
    checked = 0
    for table in tables:
        if table["result"].withheld or not table["additive"]:
            continue
        counts = table["counts"]
        cells = {
            index: suppression.Cell(count, suppression.Status(row["status"]))
            for index, (count, row) in enumerate(zip(counts, table["result"], strict=True))
        }
        total = table["total"] if table["total"] is not None else sum(counts)
        protected = suppression.Table(cells)
        assert not disclosed(protected, total=total, hide_zero=table["hide_zero"]), (
            counts,
            [row["status"] for row in table["result"]],
        )
        checked += 1
    return checked


def test_small_cases_leave_no_hidden_cell_derivable(recorded):
    home_demo.load_pages()
    consultation = make_consultation()
    question = agreement_question(consultation)
    borough = consultation.boroughs.get()
    north = borough.localities.get(name="North")
    south = borough.localities.get(name="South")
    # The shape: a big group, a middling one, and a lone small "not given".
    make_responses(
        consultation,
        [
            (20, {"capacity": "nhs_staff", "channel": "online", "locality": north}),
            (6, {"capacity": "council_staff", "channel": "paper", "locality": south}),
            (1, {"capacity": "carer", "channel": "email"}),
            (2, {"capacity": "", "channel": "online", "locality": south}),
        ],
        question=question,
    )
    for sex, n in (("female", 7), ("male", 1)):
        for _ in range(n):
            EqualityMonitoring.objects.create(
                consultation=consultation, submitted_month="2026-11-01", sex=sex
            )
    report = report_create(consultation=consultation)
    context = build_report_context(report)
    assert audit(context, recorded) >= 5
    total = context["total_responses"]
    channel = next(rows for where, rows in people_tables(context) if where == "channel")
    # The channel table shares the printed total (29): "email 1" is hidden, and so is
    # another channel, so that 29 - the rest cannot give it away.
    assert {row["label"]: row["status"] for row in channel}["Email"] == "small"
    assert sum(row["status"] == "withheld" for row in channel) >= 1
    shared = [t for t in recorded if t["total"] == total]
    assert len(shared) >= 4, "channel, capacity, borough and locality all count the N printed"
    html = render_report_html(report, context=context)
    assert "fewer than 5" in html and "withheld" in html


def test_a_tiny_consultation_withholds_tables_it_cannot_protect(recorded):
    home_demo.load_pages()
    consultation = make_consultation()
    make_responses(
        consultation,
        [(4, {"capacity": "nhs_staff", "channel": "online"}), (4, {"capacity": "carer"})],
    )
    report = report_create(consultation=consultation)
    context = build_report_context(report)
    audit(context, recorded)
    who = next(part for part in context["parts"] if part.key == "who_responded").data
    capacity = who["breakdowns"][0]
    # 4 + 4 = 8 printed: even as "fewer than 5" both would be 4, so no rows are printed.
    assert capacity["rows"] == [] and "Too few people" in capacity["note"]


def test_the_demo_report_leaves_no_hidden_cell_derivable(recorded, grids, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    for module in ("home.demo", "consultations.demo", "feedback.demo", "feedback.themes.demo"):
        importlib.import_module(module).load()
    consultation = ConsultationPage.objects.get(slug="mint-staff-consultation")
    report = report_create(consultation=consultation)
    context = build_report_context(report)
    assert context["total_responses"] >= 300
    assert audit(context, recorded) >= 4
    # Sentiment, stance (the demo asks about the proposals), capacity and locality: each a
    # cross-table of every theme, audited whole.
    assert audit_grids(context, grids) == 4
    crosses = [t for t in context["parts"][-1].data["tables"] if t.get("grid")]
    assert {t["column_heading"] for t in crosses} == {"Sentiment", "Stance", "Capacity", "Locality"}
    assert any(cell["status"] != "shown" for table in crosses for cell in table["rows"]), (
        "the demo's cross-tables have small groups"
    )
    hidden = [
        row for _where, rows in people_tables(context) for row in rows if row["status"] != "shown"
    ]
    assert hidden, "the demo has small groups, so some cells are hidden"
    detailed = [where for where, _rows in people_tables(context) if where.startswith("Table ")]
    assert len(detailed) >= 10, "the detailed tables are walked too"
    themes = next(part for part in context["parts"] if part.key == "themes").data
    assert all(campaign["n"] >= suppression.THRESHOLD for campaign in themes["campaigns"])
