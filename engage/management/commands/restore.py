"""Replace the database's contents with a backup made by `manage.py backup`."""

from django.core.management.base import BaseCommand, CommandError

from engage.backups import BackupError, restore_database, table_row_counts


class Command(BaseCommand):
    help = (
        "Restore the configured database from a backup file (.sqlite3 or .pgdump). Stop the "
        "web processes and task workers first; everything in the database is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, path, interactive=True, **options):
        if interactive:
            answer = input(
                "This replaces everything in the database with the backup. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            seconds = restore_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table_row_counts().values())
        self.stdout.write(f"Restored {path} in {seconds:.2f}s ({rows} rows in all tables)")
