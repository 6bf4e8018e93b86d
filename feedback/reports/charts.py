"""Accessible SVG charts drawn by the project (no JavaScript, no external fonts or images)."""

import itertools

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Sizes are in SVG user units; the chart scales to the width of its container.
WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 90
BAR_HEIGHT = 18
ROW_GAP = 8
TOP = 8
BAR_COLOUR = "#1d4f91"  # dark blue: 8.6:1 against white, so the bars do not rely on hue
TEXT_COLOUR = "#1a1a1a"
MAX_LABEL_CHARS = 32

_chart_ids = itertools.count(1)


def _shorten(label, limit=MAX_LABEL_CHARS):
    """Shorten a long label for the chart; the full label is in the table beside it."""
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "\u2026"


def horizontal_bar_chart(*, title, description, rows, value_suffix=""):
    """Return an SVG horizontal bar chart with a <title>, a <desc> and role="img".

    `rows` are dicts with `label`, `value` (a number, or None when suppressed) and optionally
    `display` (the text printed at the end of the bar). Rows with no value draw no bar.
    """
    chart_id = next(_chart_ids)
    rows = list(rows)
    values = [row["value"] for row in rows if row.get("value") is not None]
    largest = max(values) if values else 0
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP * 2 + len(rows) * (BAR_HEIGHT + ROW_GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="chart-{chart_id}-title chart-{chart_id}-desc">',
        f'<title id="chart-{chart_id}-title">{escape(title)}</title>',
        f'<desc id="chart-{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + ROW_GAP)
        text_y = y + BAR_HEIGHT - 5
        value = row.get("value")
        display = row.get("display")
        if display is None:
            display = "" if value is None else f"{value}{value_suffix}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}" font-family="DejaVu Sans, sans-serif">'
            f"{escape(_shorten(row['label']))}</text>"
        )
        bar_end = LABEL_WIDTH
        if value and largest:
            bar_width = max(1.0, bar_space * value / largest)
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar_width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
            bar_end = LABEL_WIDTH + bar_width
        parts.append(
            f'<text x="{bar_end + 6:.1f}" y="{text_y}" font-size="12" fill="{TEXT_COLOUR}" '
            f'font-family="DejaVu Sans, sans-serif">{escape(display)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def describe_rows(rows, *, unit="responses"):
    """A one-sentence text alternative listing each row's label and value."""
    described = [f"{row['label']}: {row.get('display') or row.get('value')}" for row in rows]
    if not described:
        return f"No {unit} to show."
    return "; ".join(described) + "."
