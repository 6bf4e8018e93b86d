"""Back up the database to a timestamped file (safe while the site is running)."""

from django.core.management.base import BaseCommand, CommandError

from engage.backups import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a backup of the database to var/backups/ (or --output-dir): SQLite with the "
        "online backup API, PostgreSQL with pg_dump -Fc. Restore with `manage.py restore FILE`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", help="Directory for the backup file.")

    def handle(self, *args, output_dir=None, **options):
        try:
            path, seconds = backup_database(directory=output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = path.stat().st_size
        self.stdout.write(f"Backed up to {path} ({size / 1024 / 1024:.1f} MiB) in {seconds:.2f}s")
