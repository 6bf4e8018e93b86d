"""Load the demo content of every app; running it again changes nothing."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later apps build on earlier ones' content.
DEMO_MODULES = [
    "home.demo",
    "consultations.demo",
    "feedback.demo",
    # After the questionnaires: pages in Polish, Punjabi and Arabic, and answers written in them.
    "consultations.demo_languages",
    "feedback.demo_languages",
    "feedback.themes.demo",
    "feedback.reports.demo",
    "network.demo",
    "api.demo",
]


class Command(BaseCommand):
    help = "Load demo content (idempotent). For development and demonstrations only."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            with transaction.atomic():
                module.load()
            self.stdout.write(f"Loaded {module_name}")
        self.stdout.write(self.style.SUCCESS("Demo content ready."))
