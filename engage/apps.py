"""App configuration for site-wide plumbing (health check, scheduler, backups)."""

from django.apps import AppConfig


class EngageConfig(AppConfig):
    """Site-wide plumbing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "engage"

    def ready(self):
        from engage import (
            checks,  # noqa: F401  (registers the deployment checks)
            pagecache,
        )

        pagecache.connect_signals()
