"""The committee report as a Word document (.docx), made from the very HTML the PDF is made from.

Word parity is kept by construction: the report's HTML (the same template, context and figures
as the PDF) is walked and each element becomes its Word counterpart: h1-h4 become Heading 1-4,
tables become Word tables whose header row repeats on every page, blockquotes use the Quote
style, lists become numbered or bulleted lists. Only the bar charts are left out; every chart's
figures are in its alternative text and in the detailed tables, and the chart's caption (which
says which table) is kept.
"""

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from feedback.reports.context import KEEP_TOGETHER_ROWS, build_report_context
from feedback.reports.rendering import render_report_html

VOID_ELEMENTS = {"br", "img", "meta", "link", "hr", "input", "col", "source", "wbr"}
# Elements whose content never goes into the Word file (charts, styles, the <head>).
SKIPPED = {"svg", "style", "script", "head", "title"}
# Classes of elements left out too: a bar chart (HTML labels beside an SVG of bars).
SKIPPED_CLASSES = {"bar-chart"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
SPACES = re.compile(r"\s+")


@dataclass
class Node:
    """An element of the report's HTML: tag, attributes and children (nodes or text)."""

    tag: str
    attrs: dict
    children: list = field(default_factory=list)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    @property
    def skipped(self):
        """Whether this element stays out of the Word file (see SKIPPED)."""
        return self.tag in SKIPPED or bool(SKIPPED_CLASSES & self.classes)

    def find_all(self, *tags):
        """Descendant elements with one of these tags, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                if child.tag in tags:
                    yield child
                yield from child.find_all(*tags)

    def text(self):
        """All the text inside, with whitespace collapsed (charts excluded)."""
        return SPACES.sub(" ", "".join(_texts(self))).strip()


def _texts(node):
    for child in node.children:
        if isinstance(child, str):
            yield child
        elif child.tag == "br":
            yield "\n"
        elif not child.skipped:
            yield from _texts(child)


class _TreeBuilder(HTMLParser):
    """A forgiving HTML parser that builds a tree of Nodes (the report's HTML is our own)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID_ELEMENTS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(html):
    """The report's HTML as a tree of Nodes."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _runs(node, *, bold=False, italic=False):
    """(text, bold, italic) pieces of an element's inline content."""
    for child in node.children:
        if isinstance(child, str):
            yield child, bold, italic
        elif child.tag == "br":
            yield "\n", bold, italic
        elif not child.skipped:
            yield from _runs(
                child,
                bold=bold or child.tag in ("strong", "b", "th"),
                italic=italic or child.tag in ("em", "i"),
            )


def _fill(paragraph, node, *, bold=False, prefix=""):
    """Write an element's inline content into a Word paragraph, keeping bold and italic."""
    pieces = [(prefix, False, False)] if prefix else []
    pieces += [(SPACES.sub(" ", text), b, i) for text, b, i in _runs(node, bold=bold)]
    # Trim the paragraph's ends, not the spaces between runs.
    while pieces and not pieces[0][0].strip():
        pieces.pop(0)
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        pieces[0] = (pieces[0][0].lstrip(), *pieces[0][1:])
        pieces[-1] = (pieces[-1][0].rstrip(), *pieces[-1][1:])
    for text, is_bold, is_italic in pieces:
        run = paragraph.add_run(text)
        run.bold = is_bold or None
        run.italic = is_italic or None
    return paragraph


class _WordWriter:
    """Walks the report's HTML tree and writes each block into a python-docx Document."""

    def __init__(self, document):
        self.document = document
        self.table_style = document.styles["Table Grid"]

    def blocks(self, node, *, quote=False):
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    _fill(self.document.add_paragraph(), Node("p", {}, [child]))
                continue
            tag = child.tag
            if child.skipped:
                continue
            if tag in HEADINGS:
                heading = self.document.add_heading("", level=HEADINGS[tag])
                _fill(heading, child)
            elif tag == "p":
                style = "Quote" if quote else None
                paragraph = self.document.add_paragraph(style=style)
                _fill(paragraph, child, bold=bool({"council", "interim-label"} & child.classes))
            elif tag in ("ul", "ol"):
                style = "List Number" if tag == "ol" else "List Bullet"
                bold = "headline-themes" in child.classes
                for item in child.find_all("li"):
                    _fill(self.document.add_paragraph(style=style), item, bold=bold)
            elif tag == "blockquote":
                self.blocks(child, quote=True)
            elif tag == "table":
                self.table(child)
            elif tag == "figcaption":
                _fill(self.document.add_paragraph(style="Caption"), child)
            elif tag == "section" and "appendix" in child.classes:
                self.document.add_page_break()
                self.blocks(child)
            elif tag == "div" and child.attrs.get("data-section-number"):
                self.numbered_paragraphs(child, child.attrs["data-section-number"])
            else:
                self.blocks(child, quote=quote)

    def numbered_paragraphs(self, node, number):
        """A numbered section's paragraphs, numbered 1.1, 1.2 ... as the PDF numbers them."""
        count = 0
        for child in node.children:
            if isinstance(child, Node) and child.tag == "p":
                count += 1
                _fill(self.document.add_paragraph(), child, prefix=f"{number}.{count}\t")
            elif isinstance(child, Node):
                self.blocks(Node("div", {}, [child]))

    def table(self, node):
        """A Word table: header rows (from <thead>) repeat on each page; a table of up to
        KEEP_TOGETHER_ROWS rows is kept on one page, as in the PDF."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        for caption in node.find_all("caption"):
            paragraph = _fill(self.document.add_paragraph(style="Caption"), caption)
            paragraph.paragraph_format.keep_with_next = True
        rows = []
        for row in node.find_all("tr"):
            cells = [cell for cell in row.children if isinstance(cell, Node)]
            cells = [cell for cell in cells if cell.tag in ("th", "td")]
            rows.append((row, cells))
        if not rows:
            return
        header_rows = {id(row) for head in node.find_all("thead") for row in head.find_all("tr")}
        columns = max(len(cells) for _row, cells in rows)
        # Made at its full size and its cells read once: python-docx looks cells up by XPath,
        # which row by row was most of the Word file's time.
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.table_style
        word_cells = table._cells
        keep_together = len(rows) - len(header_rows) <= KEEP_TOGETHER_ROWS
        for index, (row, cells) in enumerate(rows):
            word_row = table.rows[index]
            is_header = id(row) in header_rows
            _row_flag(word_row, "w:cantSplit")
            if is_header:
                _row_flag(word_row, "w:tblHeader")
            row_cells = word_cells[index * columns : (index + 1) * columns]
            for word_cell, cell in zip(row_cells, cells, strict=False):
                paragraph = word_cell.paragraphs[0]
                _fill(paragraph, cell, bold=cell.tag == "th")
                if "num" in cell.classes:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                # Word keeps a table together when every row but the last keeps with the next.
                if (keep_together or is_header) and index < len(rows) - 1:
                    paragraph.paragraph_format.keep_with_next = True


def _row_flag(row, name):
    """Set a row property such as w:tblHeader (repeat as header) or w:cantSplit."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _mark_interim(document):
    """ "Interim / draft" in the page header, so on every page, as the PDF's running header.

    The opening note that gives the reasons is the report's own interim banner, which comes
    through from the HTML with everything else.
    """
    document.sections[0].header.paragraphs[0].text = _("Interim / draft")


def render_report_docx(report, *, now=None, context=None):
    """The report as .docx bytes, from the same HTML (and so the same figures) as the PDF."""
    from docx import Document

    context = context or build_report_context(report, now=now)
    tree = parse_html(render_report_html(report, context=context))
    document = Document()
    document.core_properties.title = context["document_title"]
    document.core_properties.author = report.council_name
    document.core_properties.language = "en-GB"
    if context.get("interim"):
        _mark_interim(document)
    main = next(tree.find_all("main"), tree)
    _WordWriter(document).blocks(main)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
