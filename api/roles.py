"""The open data permissions of each staff role."""

from django.apps import apps as global_apps

from engage import roles

# Consultation editors publish outcomes, so they choose the licence the results are offered
# under (Settings > Open data licence). Export tokens are each user's own and need no role.
ROLE_PERMISSIONS = {
    roles.CONSULTATION_EDITORS: ["api.change_opendatasettings"],
}


def grant_role_permissions(apps=global_apps):
    """Give the role groups their open data permissions (safe to run again)."""
    return roles.grant_role_permissions(ROLE_PERMISSIONS, apps=apps)
