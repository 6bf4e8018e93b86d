"""Render a committee report as HTML and as a tagged, accessible PDF (WeasyPrint)."""

import gc
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from engage.text import strip_control_characters
from feedback.reports.context import build_report_context

TEMPLATE = "reports/committee_report.html"
STYLESHEET = "reports/committee_report.css"
INTERIM_STYLESHEET = "reports/committee_report_interim.css"

# WeasyPrint's font set-up (Fontconfig and a Pango font map) and URL fetcher are made once per
# thread and reused, so fonts are found and loaded once rather than for every report. Neither
# may be shared between threads.
_weasyprint = threading.local()


@dataclass
class RenderedPDF:
    """A rendered PDF and what we know about it."""

    content: bytes
    page_count: int


def render_report_html(report, *, now=None, context=None, inline_css=True):
    """The report as one self-contained HTML document (also used for the admin preview).

    With `inline_css` False the stylesheet is left out: the PDF applies it as a parsed
    stylesheet kept from one report to the next (`_stylesheets`).
    """
    context = context or build_report_context(report, now=now)
    html = render_to_string(TEMPLATE, {**context, "inline_css": inline_css})
    # A quote or title stored before input was cleaned may hold control characters: the PDF
    # would print them as stray glyphs, and Word refuses them (feedback/reports/word.py).
    return mark_safe(strip_control_characters(html))  # noqa: S308


def _weasyprint_setup():
    """This thread's (URL fetcher, font configuration), created on first use.

    The fetcher refuses everything but data: URLs: the report is self-contained (inline SVG,
    local fonts), so nothing is ever fetched.
    """
    if getattr(_weasyprint, "setup", None) is None:
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import URLFetcher

        _weasyprint.setup = (URLFetcher(allowed_protocols={"data"}), FontConfiguration())
    return _weasyprint.setup


def _stylesheets(*, interim):
    """The report's stylesheets, parsed by WeasyPrint once per thread and reused.

    Parsing them took about 25 ms of every report. They are keyed by their text, so a changed
    stylesheet (in development) is parsed again. The interim stylesheet adds the margin box
    that prints "Interim / draft" on every page; a final report does without the box.
    """
    from weasyprint import CSS

    url_fetcher, font_config = _weasyprint_setup()
    parsed = getattr(_weasyprint, "stylesheets", None)
    if parsed is None:
        parsed = _weasyprint.stylesheets = {}
    names = [STYLESHEET, INTERIM_STYLESHEET] if interim else [STYLESHEET]
    sheets = []
    for name in names:
        text = render_to_string(name)
        if text not in parsed:
            parsed[text] = CSS(string=text, url_fetcher=url_fetcher, font_config=font_config)
        sheets.append(parsed[text])
    return sheets


@contextmanager
def _cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out the document.

    Layout allocates millions of short-lived objects, which makes the collector run again and
    again over every long-lived object of the Django process (hundreds of thousands): about a
    third of the rendering time. Reference counting still frees almost everything at once, and
    the collector runs as usual afterwards. It is left alone if something else paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_report_pdf(report, *, now=None, context=None):
    """The report as a tagged PDF/UA-1 document: A4, page X of Y, bookmarks, title, en-GB."""
    # Imported here: WeasyPrint is heavy and only the report generation needs it.
    from weasyprint import HTML

    context = context or build_report_context(report, now=now)
    html = render_report_html(report, context=context, inline_css=False)
    url_fetcher, font_config = _weasyprint_setup()
    stylesheets = _stylesheets(interim=bool(context.get("interim")))
    with _cyclic_gc_paused():
        document = HTML(string=html, url_fetcher=url_fetcher).render(
            stylesheets=stylesheets, pdf_variant="pdf/ua-1", pdf_tags=True, font_config=font_config
        )
        buffer = io.BytesIO()
        document.write_pdf(buffer, pdf_variant="pdf/ua-1", pdf_tags=True)
    return RenderedPDF(content=buffer.getvalue(), page_count=len(document.pages))


# A page of the report's own markup: the CSS, every font style it uses (regular, bold, italic),
# a table and a chart, so warm_up() loads what a real report needs.
_WARM_UP_HTML = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>'
    '</head><body><main class="report"><h1>Warm-up</h1>'
    '<p><b>Bold</b> <i>italic</i></p><table><thead><tr><th scope="col">Answer</th>'
    '<th scope="col" class="num">People</th></tr></thead><tbody><tr><th scope="row">Yes</th>'
    '<td class="num">1</td></tr></tbody></table>{chart}</main></body></html>'
)


def warm_up():
    """Load WeasyPrint, the fonts, the report template and python-docx, render one page, then
    make (and throw away) the most recent committee report's PDF and Word files.

    A task worker calls this when it starts (engage's `db_worker`), so that the first report
    someone generates is not the one that pays for loading them (several seconds on a busy
    machine).
    """
    from django.template.loader import get_template
    from docx import Document
    from weasyprint import HTML

    from feedback.reports import charts

    get_template(TEMPLATE)
    html = _WARM_UP_HTML.format(
        chart=charts.horizontal_bar_chart(
            title="Warm-up", description="Yes: 1.", rows=[{"label": "Yes", "value": 1}]
        ),
    )
    url_fetcher, font_config = _weasyprint_setup()
    HTML(string=html, url_fetcher=url_fetcher).write_pdf(
        io.BytesIO(),
        stylesheets=_stylesheets(interim=True),
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
        font_config=font_config,
    )
    # python-docx reads its default template and builds its XML classes on first use.
    document = Document()
    document.add_table(rows=1, cols=1)
    document.save(io.BytesIO())
    # The first real report still cost about a second more than the next (every part's
    # template, selectors and translations, the database's first reads), so one is made and
    # thrown away: the most recent report, if there is one. Nothing is stored.
    from feedback.reports.models import CommitteeReport
    from feedback.reports.word import render_report_docx

    report = CommitteeReport.objects.order_by("-pk").first()
    if report is not None:
        context = build_report_context(report)
        render_report_pdf(report, context=context)
        render_report_docx(report, context=context)
