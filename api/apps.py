"""App configuration for the API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Public read-only API, open data downloads and staff export tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api import schema  # noqa: F401  (registers the token's OpenAPI security scheme)
