"""App configuration for home."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Home page, content pages and site settings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
