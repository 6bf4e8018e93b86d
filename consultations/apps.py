"""App configuration for consultations."""

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Consultations, places and workshop events."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"

    def ready(self):
        from consultations import signals  # noqa: F401  (connects the receivers)
