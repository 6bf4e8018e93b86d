"""The permissions each staff role needs for committee reports."""

# Generating a PDF is adding a ReportVersion; downloading one needs view_reportversion.
REPORT_PERMISSIONS = [
    "add_committeereport",
    "change_committeereport",
    "delete_committeereport",
    "view_committeereport",
    "add_reportversion",
    "view_reportversion",
]
GROUP_PERMISSIONS = {
    "Analysts": REPORT_PERMISSIONS,
    "Consultation editors": REPORT_PERMISSIONS,
}


def ensure_report_permissions():
    """Give each role group its report permissions (the data migration does this too)."""
    from django.contrib.auth.models import Permission

    from engage.roles import ensure_groups

    groups = ensure_groups()
    for group_name, codenames in GROUP_PERMISSIONS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="reports", codename__in=codenames
        )
        groups[group_name].permissions.add(*permissions)
    return groups
