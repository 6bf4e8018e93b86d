"""App configuration for network."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The co-production network of residents, service users, carers and peer workers."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "network"

    def ready(self):
        from network import signals  # noqa: F401 - connects the attendance hook
