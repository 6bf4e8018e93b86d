"""Accessible bar charts drawn by the project (HTML and SVG: no JavaScript, fonts or images)."""

import itertools
import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Sizes are in points (1 SVG user unit = 1 pt), so the HTML labels beside the bars and the rows
# of the SVG line up exactly: both columns are given the same row heights.
LABEL_WIDTH = 176  # the HTML label column; about 62 mm of the 174 mm between the margins
BARS_WIDTH = 300  # the SVG: bars and the figure printed at the end of each
VALUE_WIDTH = 66
BAR_HEIGHT = 13
ROW_GAP = 5
LINE_HEIGHT = 11
FONT_SIZE = 9
BAR_COLOUR = "#1d4f91"  # dark blue: 8.6:1 against white, so the bars do not rely on hue
TEXT_COLOUR = "#1a1a1a"
# Characters of a label per line. DejaVu Sans at 9 pt averages about 5 pt a character
# (capitals and "w" nearer 6.3), so 28 characters fit the label column even when a line is
# mostly wide letters. Labels wrap onto as many lines as they need: never cut.
LABEL_LINE_CHARS = 28

_chart_ids = itertools.count(1)


def label_lines(label, width=LABEL_LINE_CHARS):
    """A label wrapped onto lines that fit beside the bars; long words are broken, not cut."""
    return textwrap.wrap(str(label), width=width, break_long_words=True) or [""]


def _row_height(lines):
    return max(BAR_HEIGHT, len(lines) * LINE_HEIGHT + 2)


def horizontal_bar_chart(*, title, description, rows, value_suffix=""):
    """Return a horizontal bar chart: labels as HTML text, bars and figures as an SVG image.

    `rows` are dicts with `label`, `value` (a number, or None when suppressed) and optionally
    `display` (the text printed at the end of the bar). Rows with no value draw no bar.

    The labels are HTML rather than SVG text because WeasyPrint lays out and draws SVG text one
    letter at a time: the labels were most of a chart's cost. The SVG keeps role="img", a
    <title> and a <desc>: the <title> is the chart's alternative text in the PDF (WeasyPrint's
    /Alt on the Figure), so it states the labels and figures as well as what the chart is of.
    The label column is hidden from screen readers in the HTML, where the image says it all.
    """
    chart_id = next(_chart_ids)
    rows = list(rows)
    values = [row["value"] for row in rows if row.get("value") is not None]
    largest = max(values) if values else 0
    bar_space = BARS_WIDTH - VALUE_WIDTH
    wrapped = [label_lines(row["label"]) for row in rows]
    height = sum(_row_height(lines) + ROW_GAP for lines in wrapped) - ROW_GAP
    alt = f"{title}. {description}"
    labels = []
    bars = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-bars" role="img" '
        f'viewBox="0 0 {BARS_WIDTH} {height}" width="{BARS_WIDTH}pt" height="{height}pt" '
        f'aria-labelledby="chart-{chart_id}-title chart-{chart_id}-desc">',
        f'<title id="chart-{chart_id}-title">{escape(alt)}</title>',
        f'<desc id="chart-{chart_id}-desc">{escape(description)}</desc>',
        f'<g font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}" font-family="DejaVu Sans, sans-serif">',
    ]
    y = 0
    for row, lines in zip(rows, wrapped, strict=True):
        row_height = _row_height(lines)
        # The label and the bar sit level with the middle of the row, however many lines.
        padding = (row_height - len(lines) * LINE_HEIGHT) / 2
        margin = 0 if row is rows[-1] else ROW_GAP
        labels.append(
            f'<span class="chart-label" style="height: {row_height - padding:g}pt; '
            f'padding-top: {padding:g}pt; margin-bottom: {margin}pt">'
            f"{'<br>'.join(escape(line) for line in lines)}</span>"
        )
        bar_y = y + (row_height - BAR_HEIGHT) / 2
        value = row.get("value")
        display = row.get("display")
        if display is None:
            display = "" if value is None else f"{value}{value_suffix}"
        bar_end = 0
        if value and largest:
            bar_width = max(1.0, bar_space * value / largest)
            bars.append(
                f'<rect x="0" y="{bar_y:g}" width="{bar_width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{BAR_COLOUR}"/>'
            )
            bar_end = bar_width
        if display:
            bars.append(
                f'<text x="{bar_end + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3.5:g}">'
                f"{escape(display)}</text>"
            )
        y += row_height + ROW_GAP
    bars.append("</g></svg>")
    html = (
        f'<div class="bar-chart"><div class="chart-labels" aria-hidden="true">{"".join(labels)}'
        f"</div>{''.join(bars)}</div>"
    )
    return mark_safe(html)  # noqa: S308 - every piece of text above is escaped


def describe_rows(rows, *, unit="responses"):
    """A text alternative listing each row's label and figure, e.g. "Online: 272; Paper: 17."."""
    described = [f"{row['label']}: {row.get('display') or row.get('value')}" for row in rows]
    if not described:
        return _("No %(unit)s to show.") % {"unit": unit}
    return "; ".join(described) + "."
