"""Remove personal details where the retention period has passed (also runs on a schedule)."""

from django.core.management.base import BaseCommand

from engage.retention import apply_retention


class Command(BaseCommand):
    help = "Clear names, emails and private-link tokens once a consultation's retention ends."

    def handle(self, *args, **options):
        summary = apply_retention()
        if not summary:
            self.stdout.write("Nothing to clear.")
        for scope, counts in summary.items():
            self.stdout.write(f"{scope}: {counts}")
