"""Register the data protection section of the admin and its permission on the group editor."""

from django.contrib.auth.models import Permission
from wagtail import hooks

from privacy.viewsets import data_protection_viewset


@hooks.register("register_admin_viewset")
def register_data_protection_viewset():
    return data_protection_viewset


@hooks.register("register_permissions")
def register_data_protection_permission():
    """So a superuser can give the permission to any group under Settings → Groups."""
    return Permission.objects.filter(
        content_type__app_label="privacy", codename="handle_data_requests"
    )
