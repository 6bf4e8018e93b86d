"""Generate a consultation's committee report as a PDF (and optionally HTML) from the shell."""

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from consultations.models import ConsultationPage
from feedback.reports import selectors, services
from feedback.reports.context import build_report_context
from feedback.reports.rendering import render_report_html, render_report_pdf
from feedback.reports.word import render_report_docx


class Command(BaseCommand):
    help = (
        "Write the committee report for a consultation to a PDF, using its latest report "
        "settings or sensible defaults. Exit code 2 for an unknown slug or unwritable path."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The consultation's slug, e.g. mint-staff-consultation.")
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--html", help="Also write the HTML the PDF was made from here.")
        parser.add_argument("--docx", help="Also write a Word (.docx) version here.")

    def fail(self, message):
        """Print a one-line error and exit with code 2 (a usage error)."""
        self.stderr.write(f"committee_report: error: {message}")
        sys.exit(2)

    def handle(self, *args, slug, output, html=None, docx=None, **options):
        consultation = ConsultationPage.objects.filter(slug=slug).first()
        if consultation is None:
            self.fail(f"no consultation with the slug {slug!r}")
        targets = [Path(output)] + [Path(extra) for extra in (html, docx) if extra]
        for target in targets:
            if not self._writable(target):
                self.fail(f"cannot write to {target}")

        report = selectors.report_latest_for_consultation(consultation=consultation)
        if report is None:
            report = services.report_build_default(consultation=consultation)
        # One context for both outputs, so the HTML and the PDF show the same figures.
        context = build_report_context(report)
        rendered = render_report_pdf(report, context=context)
        try:
            self._write_atomically(Path(output), rendered.content)
            if html:
                page = render_report_html(report, context=context).encode("utf-8")
                self._write_atomically(Path(html), page)
            if docx:
                self._write_atomically(Path(docx), render_report_docx(report, context=context))
        except OSError as error:
            self.fail(f"cannot write the report: {error.strerror or error}")
        self.stdout.write(f"Wrote {output} ({rendered.page_count} pages)")

    @staticmethod
    def _writable(target):
        """True when the file can be created or replaced (checked before the slow rendering)."""
        if target.is_dir() or not target.parent.is_dir():
            return False
        existed = target.exists()
        try:
            with open(target, "ab"):
                pass
        except OSError:
            return False
        if not existed:
            target.unlink()
        return True

    @staticmethod
    def _write_atomically(target, content):
        """Write next to the target, then rename, so nobody ever sees half a file."""
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(content)
        os.replace(partial, target)
