"""The PDF layout holds: no heading ends a page, small tables stay whole, chart labels wrap."""

import re
from collections import defaultdict

import pytest

from feedback.reports import charts
from feedback.reports.context import KEEP_TOGETHER_ROWS
from feedback.reports.rendering import render_report_html
from feedback.reports.services import report_create
from tests.feedback.reports.report_factories import (
    make_consultation,
    make_responses,
    stub_theme_summaries,
)

pytestmark = pytest.mark.django_db

HEADINGS = {"h1", "h2", "h3", "h4", "caption"}
LONG_LABEL = "Working closely with GP practices and community link workers across the borough"


def _theme(number, rows):
    return {
        "name": f"Theme number {number} about services near home",
        "description": "What people said about this, in a sentence or two. " * (number % 3),
        "respondents": 60 - number,
        "total": 120,
        "share": (60 - number) / 120,
        "sentiment": {"positive": 20, "neutral": 10, "negative": 30 - number},
        "by_capacity": [
            # Up to 43 of the theme's 48-60 respondents; the rest are "Not given".
            {
                "key": f"k{row}",
                "label": f"Group {row} with a longer name",
                "count": 5 if row % 2 else 1,
            }
            for row in range(rows)
        ],
        "by_locality": [],
        "quotes": ["A quote that takes a line or so of the page to say what it says."] * 2,
        "key_phrases": [],
    }


@pytest.fixture
def report(site_with_home, monkeypatch):
    """A report long enough to cross many pages, with tables of 3 to 15 rows."""
    consultation = make_consultation()
    make_responses(consultation, [(9, {"capacity": "resident", "channel": "online"})])
    themes = [_theme(number, rows=3 + number) for number in range(13)]
    stub_theme_summaries(monkeypatch, themes)
    return report_create(consultation=consultation)


def _boxes(box):
    from weasyprint.formatting_structure.boxes import MarginBox

    if isinstance(box, MarginBox):
        return
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _tag(element):
    return element.tag.rsplit("}", 1)[-1] if element is not None else ""


def _laid_out(report):
    from weasyprint import HTML

    return HTML(string=render_report_html(report)).render()


def test_no_page_ends_with_a_heading_and_small_tables_are_never_split(report):
    from weasyprint.formatting_structure.boxes import TableBox, TextBox

    document = _laid_out(report)
    assert len(document.pages) > 5
    pages_of_table = defaultdict(set)
    for number, page in enumerate(document.pages):
        texts = []
        for box in _boxes(page._page_box):
            if isinstance(box, TableBox):
                pages_of_table[box.element].add(number)
            if isinstance(box, TextBox) and box.text.strip():
                texts.append(box)
        if number < len(document.pages) - 1:
            assert _tag(texts[-1].element) not in HEADINGS, (
                f"page {number + 1} ends with a heading: {texts[-1].text!r}"
            )
    small = 0
    for table, pages in pages_of_table.items():
        rows = [row for row in table.iter() if _tag(row) == "tr"]
        if len(rows) - 1 <= KEEP_TOGETHER_ROWS:
            small += 1
            assert len(pages) == 1, f"a table of {len(rows) - 1} rows is split"
    assert small > 10


def test_cross_tables_of_many_groups_are_split_into_tables_that_fit_the_page(report):
    from weasyprint.formatting_structure.boxes import TableBox

    document = _laid_out(report)
    widths = []
    for page in document.pages:
        content_width = page._page_box.children[0].width  # the page's content area
        for box in _boxes(page._page_box):
            if isinstance(box, TableBox) and "cross" in (box.element.get("class") or ""):
                widths.append(box.border_width())
                assert box.border_width() <= content_width + 0.5
                for cell in _boxes(box):
                    # No cell's text runs out of its cell.
                    if getattr(cell, "text", "").strip():
                        parent_right = box.position_x + box.border_width()
                        assert cell.position_x + cell.width <= parent_right + 0.5
    # 15 capacity groups in 6 + 6 + 3 columns; sentiment in one table.
    captions = re.findall(r"Table \d+: (Themes by [^<]*)", render_report_html(report))
    assert "Themes by capacity (1 of 3)" in captions and "Themes by capacity (3 of 3)" in captions
    assert "Themes by sentiment of comments" in captions
    assert len(widths) >= 4


def test_chart_labels_wrap_and_are_never_cut():
    chart = charts.horizontal_bar_chart(
        title="Responses", description="d", rows=[{"label": LONG_LABEL, "value": 3}]
    )
    labels = re.findall(r'<span class="chart-label"[^>]*>(.*?)</span>', chart)
    assert len(labels) == 1
    lines = labels[0].split("<br>")
    assert len(lines) > 1
    assert " ".join(lines) == LONG_LABEL
    assert "\u2026" not in chart
    assert all(len(line) <= charts.LABEL_LINE_CHARS for line in lines)


def test_chart_labels_and_bars_share_row_heights_so_each_label_is_level_with_its_bar():
    rows = [{"label": LONG_LABEL, "value": 3}, {"label": "Paper", "value": 1}]
    chart = charts.horizontal_bar_chart(title="Responses", description="d", rows=rows)
    heights = [
        float(height) + float(padding) + float(margin)
        for height, padding, margin in re.findall(
            r"height: ([\d.]+)pt; padding-top: ([\d.]+)pt; margin-bottom: ([\d.]+)pt", chart
        )
    ]
    svg_height = float(re.search(r'<svg[^>]* height="([\d.]+)pt"', chart).group(1))
    assert sum(heights) == svg_height
    # Each bar's middle is the middle of its label's row.
    bar_middles = [
        float(y) + charts.BAR_HEIGHT / 2 for y in re.findall(r'<rect x="0" y="([\d.]+)"', chart)
    ]
    row_middles = [heights[0] / 2 - charts.ROW_GAP / 2, heights[0] + (heights[1]) / 2]
    assert bar_middles == pytest.approx(row_middles)


def test_every_chart_states_its_figures_in_its_alt_text(report):
    html = render_report_html(report)
    titles = re.findall(r"<svg.*?<title[^>]*>(.*?)</title>", html, flags=re.S)
    assert titles
    for title in titles:
        assert re.search(r": \d", title), title
    assert "Responses by channel. Online: 9." in html
