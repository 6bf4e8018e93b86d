"""Import responses to a consultation from a CSV or XLSX file, all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.models import ConsultationPage
from feedback.importing import ImportFileError, guess_mapping, import_responses, read_table


class Command(BaseCommand):
    help = (
        "Import responses from CSV or XLSX. Columns are matched to questions by their text "
        "(or use --map 'Column name=q:12'). If any row is invalid nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("consultation", help="The consultation's slug")
        parser.add_argument("file", help="Path to a .csv or .xlsx file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=TARGET",
            help="Map a column to q:<question id>, an about-you field, or '' to ignore it.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate only")

    def handle(self, *args, **options):
        consultation = ConsultationPage.objects.filter(slug=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"No consultation with the slug {options['consultation']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            header, rows = read_table(path.read_bytes(), path.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        mapping = guess_mapping(header, consultation)
        for item in options["map"]:
            column, _, target = item.partition("=")
            if column not in mapping:
                raise CommandError(f"The file has no column called {column!r}.")
            mapping[column] = target
        for column, target in mapping.items():
            self.stdout.write(f"  {column!r} -> {target or '(not imported)'}")
        try:
            result = import_responses(
                consultation=consultation,
                header=header,
                rows=rows,
                mapping=mapping,
                commit=not options["dry_run"],
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if not result.ok:
            for number, reason in result.errors:
                self.stderr.write(f"Row {number}: {reason}")
            raise CommandError(
                f"{len(result.errors)} of {result.rows} rows are invalid; nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"All {result.rows} rows are valid (dry run)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {len(result.created)} responses."))
