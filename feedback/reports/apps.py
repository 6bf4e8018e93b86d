"""App configuration for reports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Committee reports and their generated versions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback.reports"
    label = "reports"
