"""App configuration for site-wide plumbing (health check, scheduler, backups)."""

from django.apps import AppConfig


class EngageConfig(AppConfig):
    """Site-wide plumbing."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "engage"

    def ready(self):
        from allauth.mfa.signals import authenticator_added

        from engage import (
            checks,  # noqa: F401  (registers the deployment checks)
            mfa,
            pagecache,
        )

        pagecache.connect_signals()
        authenticator_added.connect(mfa.record_enrolment, dispatch_uid="engage.mfa.enrolment")
