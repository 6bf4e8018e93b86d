"""The committee report as a Word document (.docx), for committee systems that take Word.

It carries the same text and tables as the PDF, built from the same context; charts are left
out because every chart's data is already in the table beside it.
"""

import io
import re
from html import unescape

from django.utils.translation import gettext as _

from feedback.reports.context import build_report_context


def _plain_paragraphs(html):
    """Split simple rich text into plain paragraphs (one per <p> or <li>)."""
    html = str(html or "")
    blocks = re.findall(r"<(p|li)[^>]*>(.*?)</\1>", html, flags=re.S) or [("p", html)]
    texts = [unescape(re.sub(r"<[^>]+>", "", body)).strip() for _tag, body in blocks]
    return [text for text in texts if text]


def _table(document, headings, rows):
    """A table with a real header row (repeated on each page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, headings, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    # Mark the first row as a header row so screen readers and page breaks treat it so.
    properties = header._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    return table


def _share(row):
    return f"{row['percentage']}%" if row.get("percentage") is not None else "-"


def _mark_interim(document, reasons):
    """ "Interim / draft" in the page header (so on every page) and a note at the top."""
    label = _("Interim / draft")
    document.sections[0].header.paragraphs[0].text = label
    document.add_paragraph(label).runs[0].bold = True
    document.add_paragraph(
        " ".join([_("This is not the final report. The figures will change."), *reasons])
    )


def render_report_docx(report, *, now=None, context=None):
    """The report as .docx bytes, with real headings, numbered items and header rows."""
    from docx import Document

    context = context or build_report_context(report, now=now)
    document = Document()
    document.core_properties.title = context["document_title"]
    document.core_properties.author = report.council_name
    document.core_properties.language = "en-GB"
    generated = context["generated_at"]
    if context.get("interim"):
        _mark_interim(document, context["interim_reasons"])

    document.add_paragraph(report.council_name).runs[0].bold = True
    document.add_heading(report.subject, level=1)
    _table(
        document,
        [_("Item"), _("Detail")],
        [
            (_("Report to:"), report.report_to),
            (_("Date:"), report.meeting_date.strftime("%d/%m/%Y")),
            (_("Subject:"), report.subject),
            (_("Report of:"), report.report_of),
            (_("Responsible Director:"), report.responsible_director),
        ],
    )
    document.add_paragraph(
        _("Every figure in this report was calculated from the data held on %(when)s.")
        % {"when": generated.strftime("%d %B %Y at %H:%M")}
    )

    document.add_heading(_("Summary"), level=2)
    for text in _plain_paragraphs(report.summary):
        document.add_paragraph(text)
    document.add_heading(_("Recommendations"), level=2)
    for recommendation in context["recommendations"] or [
        _("For the Committee to note and comment on the report.")
    ]:
        document.add_paragraph(recommendation, style="List Number")
    document.add_heading(_("Wards Affected"), level=2)
    document.add_paragraph(context["wards_affected"])
    if context["values"]:
        document.add_heading(report.values_heading, level=2)
        _table(
            document,
            [_("Our values"), _("Summary of how this report aligns to our priorities")],
            [(row["value"], row["alignment"]) for row in context["values"]],
        )
    document.add_heading(_("Contact Officer(s)"), level=2)
    for officer in context["contact_officers"]:
        for label, value in (
            (_("Name:"), officer.name),
            (_("Position:"), officer.job_title),
            (_("Telephone:"), officer.phone),
            (_("Email:"), officer.email),
        ):
            if value:
                document.add_paragraph(f"{label} {value}")
    document.add_heading(_("Background Papers Used in Preparing This Report"), level=2)
    for paper in context["background_papers"] or [{"title": _("None."), "link": ""}]:
        document.add_paragraph(paper["title"], style="List Bullet")
    for section in context["sections"]:
        document.add_heading(f"{section['number']}. {section['title']}", level=2)
        for number, text in enumerate(_plain_paragraphs(section["body"].source), start=1):
            document.add_paragraph(f"{section['number']}.{number}\t{text}")
    document.add_heading(_("List of Appendices"), level=2)
    for number, title in enumerate(context["appendices"], start=1):
        document.add_paragraph(
            _("Appendix %(number)s: %(title)s") % {"number": number, "title": title},
            style="List Bullet",
        )

    document.add_page_break()
    document.add_heading(
        _("Appendix 1: Consultation summary: %(title)s") % {"title": context["consultation"].title},
        level=1,
    )
    for part in context["parts"]:
        document.add_heading(f"A{part.number}. {part.title}", level=2)
        if not part.available:
            document.add_paragraph(part.empty_message)
            continue
        _docx_part(document, part)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_part(document, part):
    """The tables and sentences of one appendix part."""
    data = part.data
    if part.key == "how_it_ran":
        rows = [
            (_("Type"), data["kind"]),
            (_("Audience"), data["audience"]),
            (_("Opened"), data["opens_at"].strftime("%d %B %Y")),
            (
                _("Closes") if data["is_open"] else _("Closed"),
                data["closes_at"].strftime("%d %B %Y"),
            ),
        ]
        rows.append((_("Responses submitted"), f"{data['total']:,}"))
        _table(document, [_("Item"), _("Detail")], rows)
        if data["channel_rows"]:
            document.add_heading(_("Responses by channel"), level=3)
            _table(
                document,
                [_("Channel"), _("Responses"), _("Share")],
                [(r["label"], r["display"], _share(r)) for r in data["channel_rows"]],
            )
        if data["workshops"]:
            document.add_heading(_("Workshops and events"), level=3)
            _table(
                document,
                [_("Workshop"), _("Date"), _("Registered"), _("Attended")],
                [
                    (
                        w["title"],
                        w["starts_at"].strftime("%d %b %Y"),
                        w["registered"],
                        w["attended"],
                    )
                    for w in data["workshops"]
                ],
            )
    elif part.key == "who_responded":
        for breakdown in data["breakdowns"]:
            document.add_heading(breakdown["heading"], level=3)
            if not breakdown["rows"]:
                document.add_paragraph(breakdown.get("note", ""))
                continue
            _table(
                document,
                [_("Group"), _("Responses"), _("Share")],
                [(r["label"], r["count_display"], _share(r)) for r in breakdown["rows"]],
            )
        document.add_heading(_("Who we heard little or nothing from"), level=3)
        document.add_paragraph(
            _("The consultation was for %(audience)s, so we expected to hear from: %(groups)s.")
            % {"audience": data["audience"].lower(), "groups": ", ".join(data["expected_groups"])}
        )
        if data["few_or_none"]:
            document.add_paragraph(
                _(
                    "These groups and places sent %(fewer)s responses or none. Views from "
                    "them may be missing from this summary:"
                )
                % {"fewer": data["fewer_than"]}
            )
            for name in data["few_or_none"]:
                document.add_paragraph(name, style="List Bullet")
        else:
            document.add_paragraph(
                _(
                    "Every one of these groups, and every place the consultation covered, sent "
                    "at least %(small)s responses."
                )
                % {"small": data["small_count"]}
            )
    elif part.key == "question_results":
        for question in data["questions"]:
            document.add_heading(f"{_('Question')} {question['number']}: {question['text']}", 3)
            if not question["rows"]:
                document.add_paragraph(question.get("note", ""))
                continue
            _table(
                document,
                [_("Answer"), _("Count"), _("Percentage")],
                [(r["label"], r["display"], _share(r)) for r in question["rows"]],
            )
    elif part.key == "themes":
        for number, theme in enumerate(data["themes"], start=1):
            document.add_heading(f"{number}. {theme['name']}", level=3)
            document.add_paragraph(
                _("%(n)s of %(total)s respondents")
                % {"n": theme["n_display"], "total": f"{theme['N']:,}"}
            )
            for quote in theme["quotes"]:
                document.add_paragraph(f"\u201c{quote}\u201d", style="Quote")
            for quote in theme.get("candidate_quotes", []):
                document.add_paragraph(
                    f"\u201c{quote}\u201d ({_('not yet approved by an officer')})", style="Quote"
                )
        for campaign in data["campaigns"]:
            document.add_paragraph(f"{campaign['name']}: {campaign['n']}", style="List Bullet")
    elif part.key == "equality":
        for group in data["groups"]:
            document.add_heading(group["heading"], level=3)
            if not group["rows"]:
                document.add_paragraph(group.get("note", ""))
                continue
            _table(
                document,
                [_("Answer"), _("People"), _("Share")],
                [(r["label"], r["count_display"], _share(r)) for r in group["rows"]],
            )
    elif part.key == "outcome":
        for text in _plain_paragraphs(data["heard"]) + _plain_paragraphs(data["decided"]):
            document.add_paragraph(text)
    elif part.key == "method":
        document.add_paragraph(
            _("%(n)s answers were re-tagged by a person.") % {"n": data["retagged"]}
        )
