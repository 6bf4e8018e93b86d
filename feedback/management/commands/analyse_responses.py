"""Analyse free text in a CSV file offline: themes, sentiment, key phrases, campaigns."""

import io
import sys
from contextlib import redirect_stderr

from django.core.management.base import BaseCommand, CommandError

from feedback.analysis import cli

ERROR_PREFIX = "analyse_responses: error: "


class Command(BaseCommand):
    """A thin wrapper around ``feedback.analysis.cli``: same options, same output."""

    # Offline file analysis: no database or models involved, so no system checks are needed.
    requires_system_checks = []
    help = (
        "Add themes, primary_theme, sentiment, polarity, key_phrases, campaign_group and "
        "non_answer columns to every row of a CSV file. Without --codebook, themes are discovered."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message):
            # Bad arguments: one line and exit code 2, as for any other bad input.
            if parser.called_from_command_line:
                sys.stderr.write(f"{ERROR_PREFIX}{message}\n")
                sys.exit(cli.EXIT_BAD_INPUT)
            raise CommandError(message, returncode=cli.EXIT_BAD_INPUT)

        parser.error = one_line_error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="CSV file, one response per row")
        parser.add_argument("--text-column", required=True, help="column holding the free text")
        parser.add_argument("--output", required=True, help="CSV file to write")
        parser.add_argument("--codebook", help="JSON coding frame: {'themes': [{name, ...}]}")
        parser.add_argument("--themes-output", help="write theme summaries as JSON here")
        parser.add_argument("--max-themes", type=int, help="most themes to discover")
        parser.add_argument("--id-column", help="column with response ids (default: row number)")
        parser.add_argument("--question-column", help="column with the question text")
        parser.add_argument("--consent-column", help="column that is yes/true/1 if quotes allowed")
        parser.add_argument("--workers", type=int, help="processes to use (default: all cores)")

    def handle(self, *args, **options):
        argv = []
        for name in (
            "input",
            "text_column",
            "output",
            "codebook",
            "themes_output",
            "max_themes",
            "id_column",
            "question_column",
            "consent_column",
            "workers",
        ):
            if options.get(name) is not None:
                argv += ["--" + name.replace("_", "-"), str(options[name])]
        errors = io.StringIO()
        with redirect_stderr(errors):
            code = cli.main(argv)
        if code != cli.EXIT_OK:
            message = errors.getvalue().strip().splitlines()
            text = message[-1].removeprefix(ERROR_PREFIX) if message else "analysis failed"
            raise CommandError(text, returncode=code)
        self.stdout.write(f"Wrote {options['output']}")
