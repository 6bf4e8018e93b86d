"""App configuration for themes."""

from django.apps import AppConfig


class ThemesConfig(AppConfig):
    """Themes of a consultation and the officers' review of them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "feedback.themes"
    label = "themes"
