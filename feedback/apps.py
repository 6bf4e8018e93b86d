"""App configuration for feedback."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Questionnaires, responses, equality monitoring, themes and reports."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback"
