"""Accessible SVG charts drawn by the project (no JavaScript, no external fonts or images)."""

import itertools
import textwrap

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Sizes are in SVG user units; the chart scales to the width of its container.
WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 90
BAR_HEIGHT = 18
ROW_GAP = 8
LINE_HEIGHT = 14
TOP = 8
FONT_SIZE = 12
BAR_COLOUR = "#1d4f91"  # dark blue: 8.6:1 against white, so the bars do not rely on hue
TEXT_COLOUR = "#1a1a1a"
# Characters of a label per line. DejaVu Sans at 12 units averages about 7 units a character
# (capitals and "w" nearer 9), so 28 characters fit the 242 units left of the bars even when a
# line is mostly wide letters. Labels wrap onto as many lines as they need: never cut.
LABEL_LINE_CHARS = 28

_chart_ids = itertools.count(1)


def label_lines(label, width=LABEL_LINE_CHARS):
    """A label wrapped onto lines that fit beside the bars; long words are broken, not cut."""
    return textwrap.wrap(str(label), width=width, break_long_words=True) or [""]


def _row_height(lines):
    return max(BAR_HEIGHT, len(lines) * LINE_HEIGHT + 4)


def horizontal_bar_chart(*, title, description, rows, value_suffix=""):
    """Return an SVG horizontal bar chart with a <title>, a <desc> and role="img".

    `rows` are dicts with `label`, `value` (a number, or None when suppressed) and optionally
    `display` (the text printed at the end of the bar). Rows with no value draw no bar. The
    <title> is the chart's alternative text in the PDF (WeasyPrint's /Alt), so it states the
    figures as well as what the chart is of.
    """
    chart_id = next(_chart_ids)
    rows = list(rows)
    values = [row["value"] for row in rows if row.get("value") is not None]
    largest = max(values) if values else 0
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    wrapped = [label_lines(row["label"]) for row in rows]
    height = TOP * 2 + sum(_row_height(lines) + ROW_GAP for lines in wrapped)
    alt = f"{title}. {description}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="chart-{chart_id}-title chart-{chart_id}-desc">',
        f'<title id="chart-{chart_id}-title">{escape(alt)}</title>',
        f'<desc id="chart-{chart_id}-desc">{escape(description)}</desc>',
    ]
    y = TOP
    for row, lines in zip(rows, wrapped, strict=True):
        row_height = _row_height(lines)
        # The bar sits level with the middle of the label, however many lines it takes.
        bar_y = y + (row_height - BAR_HEIGHT) / 2
        text_y = bar_y + BAR_HEIGHT - 5
        first_line_y = y + (row_height - len(lines) * LINE_HEIGHT) / 2 + LINE_HEIGHT - 3
        value = row.get("value")
        display = row.get("display")
        if display is None:
            display = "" if value is None else f"{value}{value_suffix}"
        spans = "".join(
            f'<tspan x="{LABEL_WIDTH - 8}" y="{first_line_y + index * LINE_HEIGHT:.1f}">'
            f"{escape(line)}</tspan>"
            for index, line in enumerate(lines)
        )
        parts.append(
            f'<text text-anchor="end" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}" '
            f'font-family="DejaVu Sans, sans-serif">{spans}</text>'
        )
        bar_end = LABEL_WIDTH
        if value and largest:
            bar_width = max(1.0, bar_space * value / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{bar_width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
            bar_end = LABEL_WIDTH + bar_width
        parts.append(
            f'<text x="{bar_end + 6:.1f}" y="{text_y:.1f}" font-size="{FONT_SIZE}" '
            f'fill="{TEXT_COLOUR}" font-family="DejaVu Sans, sans-serif">{escape(display)}</text>'
        )
        y += row_height + ROW_GAP
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def describe_rows(rows, *, unit="responses"):
    """A text alternative listing each row's label and figure, e.g. "Online: 272; Paper: 17."."""
    described = [f"{row['label']}: {row.get('display') or row.get('value')}" for row in rows]
    if not described:
        return _("No %(unit)s to show.") % {"unit": unit}
    return "; ".join(described) + "."
