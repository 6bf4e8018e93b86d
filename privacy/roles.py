"""The model permissions the data protection role needs."""

from engage.roles import DATA_PROTECTION_OFFICERS

HANDLE_DATA_REQUESTS = "privacy.handle_data_requests"

# codename per role group; the model is in the privacy app.
GROUP_PERMISSIONS = {DATA_PROTECTION_OFFICERS: ["handle_data_requests"]}


def ensure_privacy_permissions():
    """Give the data protection group its permission (the data migration does this too)."""
    from django.contrib.auth.models import Permission

    from engage.roles import ensure_groups

    groups = ensure_groups()
    for group_name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="privacy", codename__in=codenames
        )
        groups[group_name].permissions.add(*permissions)
    return groups


def can_handle_data_requests(user):
    """True for staff who may search for, export and erase a person's data."""
    return user.is_active and user.has_perm(HANDLE_DATA_REQUESTS)
