"""Analyse free text in a CSV file offline: themes, sentiment, key phrases, campaigns."""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError

from feedback.analysis import cli

ERROR_PREFIX = "analyse_responses: error: "


class Command(BaseCommand):
    """A thin wrapper around ``feedback.analysis.cli``: the same options, output and errors.

    The options come from ``cli.build_parser`` itself, so an option added there (such as
    ``--examples``) is offered here too.
    """

    # Offline file analysis: no database or models involved, so no system checks are needed.
    requires_system_checks = []
    help = (
        "Add themes, primary_theme, theme_confidence, sentiment, polarity, key_phrases, "
        "campaign_group and non_answer columns to every row of a CSV file. Without --codebook, "
        "themes are discovered; --examples adds answers an analyst confirmed."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(
            prog_name, subcommand, parents=[cli.build_parser(add_help=False)], **kwargs
        )

        def one_line_error(message):
            # Bad arguments: one line and exit code 2, as for any other bad input.
            if parser.called_from_command_line:
                sys.stderr.write(f"{ERROR_PREFIX}{message}\n")
                sys.exit(cli.EXIT_BAD_INPUT)
            raise CommandError(message, returncode=cli.EXIT_BAD_INPUT)

        parser.error = one_line_error
        return parser

    def handle(self, *args, **options):
        try:
            cli.run(args=argparse.Namespace(**options))
        except cli.USER_ERRORS as exc:
            raise CommandError(cli.describe_error(exc), returncode=cli.EXIT_BAD_INPUT) from exc
        self.stdout.write(f"Wrote {options['output']}")
